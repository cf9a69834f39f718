//! Cloud Foundry selections in SQL: each filter's meaning (`holds` in the domain) as a condition on columns, and
//! each order with its ties.

use super::{Clause, Placeholders};
use crate::cloud_foundry::{
    EventFilter, EventSelection, Order, OrganizationFilter, OrganizationSelection, SpaceFilter, SpaceSelection,
};

/// The `WHERE` clause of a space selection over `cf_spaces s`.
pub(crate) fn spaces(selection: &SpaceSelection, placeholders: Placeholders) -> Clause {
    let mut clause = Clause::new(placeholders);
    for filter in &selection.filters {
        match filter {
            SpaceFilter::Guid(condition) => clause.compare("s.guid", condition),
            SpaceFilter::Name(condition) => clause.compare("s.name_key", condition),
            SpaceFilter::Organization(condition) => clause.compare("s.organization_guid", condition),
            // A space without a segment has NULL there, which no comparison holds for.
            SpaceFilter::IsolationSegment(condition) => clause.compare("s.isolation_segment_guid", condition),
            SpaceFilter::Unkept => clause.never(),
        }
    }
    clause
}

/// The `WHERE` clause of an organization selection over `cf_organizations o`.
pub(crate) fn organizations(selection: &OrganizationSelection, placeholders: Placeholders) -> Clause {
    let mut clause = Clause::new(placeholders);
    for filter in &selection.filters {
        match filter {
            OrganizationFilter::Guid(condition) => clause.compare("o.guid", condition),
            OrganizationFilter::Name(condition) => clause.compare("o.name_key", condition),
            OrganizationFilter::Status(condition) => clause.compare("o.status", condition),
            OrganizationFilter::HoldsSpace(condition) => {
                let holds = clause.comparison("s.guid", condition);
                clause.push(format!(
                    "EXISTS (SELECT 1 FROM cf_spaces s WHERE s.organization_guid = o.guid AND {holds})"
                ));
            }
            OrganizationFilter::Unkept => clause.never(),
        }
    }
    clause
}

/// The `WHERE` clause of an event selection over `cf_events e`.
pub(crate) fn events(selection: &EventSelection, placeholders: Placeholders) -> Clause {
    let mut clause = Clause::new(placeholders);
    for filter in &selection.filters {
        match filter {
            EventFilter::Kind(condition) => clause.compare("e.kind", condition),
            EventFilter::Actee(condition) => clause.compare("e.actee", condition),
            EventFilter::Space(condition) => clause.compare("e.space_guid", condition),
            EventFilter::Organization(condition) => clause.compare("e.organization_guid", condition),
            EventFilter::Timestamp(condition) => clause.compare("e.timestamp", condition),
        }
    }
    clause
}

/// The `ORDER BY` of organizations or spaces (alias `alias`): creation order, or name key with ties in creation
/// order; all reversed when `descending`.
pub(crate) fn order(alias: &str, order: Order, descending: bool) -> String {
    let direction = if descending { "DESC" } else { "ASC" };
    match order {
        Order::Creation => format!("{alias}.seq {direction}"),
        Order::Name => format!("{alias}.name_key {direction}, {alias}.seq {direction}"),
    }
}

/// The `ORDER BY` of events: time, ties in recording order; reversed when `descending`.
pub(crate) fn event_order(descending: bool) -> &'static str {
    if descending {
        "e.timestamp DESC, e.seq DESC"
    } else {
        "e.timestamp ASC, e.seq ASC"
    }
}
