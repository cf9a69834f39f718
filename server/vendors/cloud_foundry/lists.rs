//! The v2 list plumbing shared by every collection: a list query's common parameters, `q` filters turned into
//! store selections, the envelope with `prev_url`/`next_url`, and the empty pages of collections spaceport keeps
//! nothing in.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::{
    CloudFoundry,
    errors::{BadRequest, Unlisted, bad_query},
    query::{Filter, Page, Paging, parse_filters},
    resources::{event_resource, organization_resource, space_resource},
};
use crate::{
    generated::cloud_foundry::{
        EventList, EventResource, OrderBy, OrderDirection, OrganizationList, OrganizationResource, QuotaDefinitionList,
        QuotaDefinitionResource, RelatedList, SpaceList, SpaceResource,
    },
    store::{
        CloudFoundryStore, Comparison, Condition,
        cloud_foundry::{
            EventFilter, EventSelection, Order, OrganizationFilter, OrganizationSelection, SpaceFilter, SpaceSelection,
        },
    },
};

/// The `q` keys a space list takes.
const SPACE_FILTERS: &[&str] = &[
    "name",
    "organization_guid",
    "developer_guid",
    "app_guid",
    "isolation_segment_guid",
];

/// The `q` keys an organization list takes.
const ORGANIZATION_FILTERS: &[&str] = &[
    "name",
    "status",
    "space_guid",
    "user_guid",
    "manager_guid",
    "billing_manager_guid",
    "auditor_guid",
];

/// The `q` keys an event list takes.
const EVENT_FILTERS: &[&str] = &["timestamp", "type", "actee", "space_guid", "organization_guid"];

/// A list query's common parameters, from whichever generated query struct carried them.
pub(super) struct ListQuery<'q> {
    pub(super) q: &'q [String],
    pub(super) page: Option<i64>,
    pub(super) per_page: Option<i64>,
    pub(super) direction: Option<OrderDirection>,
    pub(super) order_by: Option<OrderBy>,
    pub(super) depth: Option<i64>,
}

impl ListQuery<'_> {
    /// The paging these parameters ask for, with CF's defaults (page 1, 50 per page, ascending).
    pub(super) fn paging(&self) -> Paging {
        Paging {
            page: self.page.unwrap_or(1),
            per_page: self.per_page.unwrap_or(50),
            descending: self.direction == Some(OrderDirection::Desc),
            order_by: self.order_by.map(|o| o.as_str().to_owned()),
            depth: self.depth,
            q: self.q.to_vec(),
        }
    }

    /// The order `order-by` asks for.
    fn order(&self) -> Order {
        match self.order_by {
            Some(OrderBy::Name) => Order::Name,
            Some(OrderBy::Id) | None => Order::Creation,
        }
    }

    /// The `q` filters on `allowed` keys, or 400 naming the first that is not.
    fn filters(&self, allowed: &[&str]) -> Result<Vec<Filter>, BadRequest> {
        parse_filters(self.q, allowed).map_err(|key| BadRequest(bad_query(&key)))
    }
}

/// The list parameters of a generated query struct; those without `order-by` or `inline-relations-depth` name
/// what stands in for them.
macro_rules! list_query {
    ($query:expr) => {
        list_query!($query, order_by: $query.order_by, depth: $query.inline_relations_depth)
    };
    ($query:expr, order_by: $order_by:expr, depth: $depth:expr) => {
        $crate::vendors::cloud_foundry::lists::ListQuery {
            q: $query.q.as_deref().unwrap_or_default(),
            page: $query.page,
            per_page: $query.results_per_page,
            direction: $query.order_direction,
            order_by: $order_by,
            depth: $depth,
        }
    };
}

pub(super) use list_query;

/// Each generated list type is a page of its resources.
macro_rules! envelopes {
    ($($list:ident of $resource:ty),* $(,)?) => {
        $(
            impl From<Page<$resource>> for $list {
                fn from(page: Page<$resource>) -> Self {
                    Self {
                        total_results: page.total_results,
                        total_pages: page.total_pages,
                        prev_url: page.prev_url,
                        next_url: page.next_url,
                        resources: page.resources,
                    }
                }
            }
        )*
    };
}

envelopes!(
    SpaceList of SpaceResource,
    OrganizationList of OrganizationResource,
    EventList of EventResource,
    QuotaDefinitionList of QuotaDefinitionResource,
    RelatedList of Map<String, Value>,
);

/// A space list's `q` filters as store filters; spaceport keeps no developers or apps, so those match nothing.
fn space_filters(filters: Vec<Filter>) -> Vec<SpaceFilter> {
    filters
        .into_iter()
        .map(|filter| match filter.key.as_str() {
            "name" => SpaceFilter::Name(filter.name_condition()),
            "organization_guid" => SpaceFilter::Organization(filter.condition()),
            "isolation_segment_guid" => SpaceFilter::IsolationSegment(filter.condition()),
            _ => SpaceFilter::Unkept,
        })
        .collect()
}

/// An organization list's `q` filters as store filters; spaceport keeps no organization roles, so user
/// filters match nothing.
fn organization_filters(filters: Vec<Filter>) -> Vec<OrganizationFilter> {
    filters
        .into_iter()
        .map(|filter| match filter.key.as_str() {
            "name" => OrganizationFilter::Name(filter.name_condition()),
            "status" => OrganizationFilter::Status(filter.condition()),
            "space_guid" => OrganizationFilter::HoldsSpace(filter.condition()),
            _ => OrganizationFilter::Unkept,
        })
        .collect()
}

/// An event list's `q` filters as store filters; a timestamp that is no RFC 3339 instant is a 400.
fn event_filters(filters: Vec<Filter>) -> Result<Vec<EventFilter>, BadRequest> {
    filters
        .into_iter()
        .map(|filter| {
            Ok(match filter.key.as_str() {
                "type" => EventFilter::Kind(filter.condition()),
                "actee" => EventFilter::Actee(filter.condition()),
                "space_guid" => EventFilter::Space(filter.condition()),
                "organization_guid" => EventFilter::Organization(filter.condition()),
                _ => {
                    let instants = filter
                        .values
                        .iter()
                        .map(|v| DateTime::parse_from_rfc3339(v).map(|t| t.with_timezone(&Utc)))
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|_| BadRequest(bad_query("timestamp")))?;
                    EventFilter::Timestamp(Condition {
                        comparison: filter.op,
                        operands: instants,
                    })
                }
            })
        })
        .collect()
}

/// An empty page of a collection spaceport keeps nothing in, with the paging links the real server writes.
pub(super) fn empty_list(list: &ListQuery<'_>, path: &str) -> RelatedList {
    list.paging().page_of::<Map<String, Value>>(0, Vec::new(), path).into()
}

impl<S: CloudFoundryStore> CloudFoundry<S> {
    /// A page of `GET /v2/organizations`.
    pub(super) async fn list_organizations_of(&self, list: &ListQuery<'_>) -> Result<OrganizationList, Unlisted> {
        let filters = list.filters(ORGANIZATION_FILTERS)?;
        let paging = list.paging();
        let selection = OrganizationSelection {
            filters: organization_filters(filters),
            order: list.order(),
            descending: paging.descending,
            window: paging.window(),
        };
        let slice = self.store.select_organizations(&selection).await?;
        let page = paging.page_of(slice.total, slice.items, "/v2/organizations");
        Ok(page.map(|o| organization_resource(&o)).into())
    }

    /// A page of `GET /v2/spaces`, or of `GET /v2/organizations/{guid}/spaces` with `organization`.
    pub(super) async fn list_spaces_of(
        &self,
        organization: Option<&str>,
        list: &ListQuery<'_>,
        path: &str,
    ) -> Result<SpaceList, Unlisted> {
        let mut filters = space_filters(list.filters(SPACE_FILTERS)?);
        if let Some(guid) = organization {
            filters.insert(
                0,
                SpaceFilter::Organization(Condition::new(Comparison::Eq, guid.to_owned())),
            );
        }
        let paging = list.paging();
        let selection = SpaceSelection {
            filters,
            order: list.order(),
            descending: paging.descending,
            window: paging.window(),
        };
        let slice = self.store.select_spaces(&selection).await?;
        Ok(paging
            .page_of(slice.total, slice.items, path)
            .map(|s| space_resource(&s))
            .into())
    }

    /// A page of `GET /v2/events`, or of `GET /v2/spaces/{guid}/events` with `space`.
    pub(super) async fn list_events_of(
        &self,
        space: Option<&str>,
        list: &ListQuery<'_>,
        path: &str,
    ) -> Result<EventList, Unlisted> {
        let mut filters = event_filters(list.filters(EVENT_FILTERS)?)?;
        if let Some(guid) = space {
            filters.insert(0, EventFilter::Space(Condition::new(Comparison::Eq, guid.to_owned())));
        }
        let paging = list.paging();
        let selection = EventSelection {
            filters,
            descending: paging.descending,
            window: paging.window(),
        };
        let slice = self.store.select_events(&selection).await?;
        Ok(paging
            .page_of(slice.total, slice.items, path)
            .map(|e| event_resource(&e))
            .into())
    }
}
