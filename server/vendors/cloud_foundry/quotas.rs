//! Organization quotas: the one `default` quota every organization is attached to, with a stock deployment's
//! limits (`GET /v2/quota_definitions`, `GET /v2/quota_definitions/{guid}`).

use super::{
    CloudFoundry,
    auth::{Access, Identity},
    caller::gate,
    errors::{BadRequest, NotFound, bad_query, error},
    lists::list_query,
    query::parse_filters,
};
use crate::{
    generated::cloud_foundry::{
        GetQuotaDefinitionRequest, GetQuotaDefinitionResponse, ListQuotaDefinitionsRequest,
        ListQuotaDefinitionsResponse, QuotaDefinitionResource,
    },
    rt,
    store::CloudFoundryStore,
};

/// `GET /v2/quota_definitions`.
pub(super) async fn list<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: ListQuotaDefinitionsRequest,
) -> ListQuotaDefinitionsResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let query = &request.query;
        let list = list_query!(query, order_by: None, depth: None);
        let filters = parse_filters(list.q, &["name"]).map_err(|key| BadRequest(bad_query(&key)))?;
        let quotas: Vec<QuotaDefinitionResource> = [&api.quota]
            .into_iter()
            .filter(|quota| filters.iter().all(|f| f.matches(Some(&quota.entity.name), false)))
            .cloned()
            .collect();
        let page = list.paging().apply(quotas, "/v2/quota_definitions");
        Ok(ListQuotaDefinitionsResponse::Ok(page.into()))
    })
    .await
}

/// `GET /v2/quota_definitions/{guid}`.
pub(super) async fn get<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: GetQuotaDefinitionRequest,
) -> GetQuotaDefinitionResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let guid = &request.path.guid;
        if *guid != api.quota.metadata.guid {
            return Err(NotFound(error(
                "QuotaDefinitionNotFound",
                240001,
                format!("Quota Definition could not be found: {guid}"),
            ))
            .into());
        }
        Ok(GetQuotaDefinitionResponse::Ok(api.quota.clone()))
    })
    .await
}
