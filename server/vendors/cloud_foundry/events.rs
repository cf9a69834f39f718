//! What writes leave behind: audit events (`GET /v2/events`, `GET /v2/events/{guid}`) and the jobs asynchronous
//! deletes answer with (`GET /v2/jobs/{guid}`).

use super::{
    CloudFoundry,
    auth::{Access, Identity},
    caller::gate,
    errors::{ServerError, Stored, error},
    lists::list_query,
    resources::{event_resource, job_resource},
};
use crate::{
    generated::cloud_foundry::{
        GetEventRequest, GetEventResponse, GetJobRequest, GetJobResponse, JobResource, ListEventsRequest,
        ListEventsResponse,
    },
    rt,
    store::{CloudFoundryStore, cloud_foundry::Job},
};

impl<S: CloudFoundryStore> CloudFoundry<S> {
    /// The job an asynchronous delete answers with: spaceport deletes at once, so it is recorded finished.
    pub(super) async fn finished_job(&self) -> Result<JobResource, ServerError> {
        let job = Job {
            guid: self.sources.ids.uuid().to_string(),
            created_at: self.sources.clock.now(),
        };
        let job = self.store.create_job(job).await.or_server_error()?;
        Ok(job_resource(&job))
    }
}

/// `GET /v2/events`.
pub(super) async fn list<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: ListEventsRequest,
) -> ListEventsResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let query = &request.query;
        let list = list_query!(query, order_by: None, depth: None);
        Ok(ListEventsResponse::Ok(
            api.list_events_of(None, &list, "/v2/events").await?,
        ))
    })
    .await
}

/// `GET /v2/events/{guid}`.
pub(super) async fn get<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: GetEventRequest,
) -> GetEventResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let guid = &request.path.guid;
        let event = api
            .store
            .event(guid)
            .await
            .or_missing(|| error("EventNotFound", 230002, format!("Event could not be found: {guid}")))?;
        Ok(GetEventResponse::Ok(event_resource(&event)))
    })
    .await
}

/// `GET /v2/jobs/{guid}`.
pub(super) async fn get_job<S: CloudFoundryStore>(
    api: &CloudFoundry<S>,
    who: Identity,
    request: GetJobRequest,
) -> GetJobResponse {
    rt::answer(async {
        gate(&who, Access::Read)?;
        let job = api
            .store
            .job(&request.path.guid)
            .await
            .or_missing(|| error("ResourceNotFound", 10010, "Job not found"))?;
        Ok(GetJobResponse::Ok(job_resource(&job)))
    })
    .await
}
