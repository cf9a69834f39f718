//! Reading, counting, emptying and waiting on a world's request journal.

use std::time::Duration;

use super::Control;
use crate::{
    generated::control::{self as api, ApiName, Journal as Listing},
    journal::{Filter, Waited},
    rt::answer,
    store::Tenancy,
};

/// How many entries a wait wants unless `count` says.
const DEFAULT_WAIT_COUNT: usize = 1;
/// How long a wait lasts at most unless `timeout_ms` says.
const DEFAULT_WAIT_MS: u64 = 5000;

/// The criteria the query names; the spec's bounds keep each number in range.
fn filter(
    api: Option<ApiName>,
    operation: Option<String>,
    method: Option<String>,
    status: Option<i64>,
    unmatched: Option<bool>,
    since: Option<i64>,
) -> Filter {
    Filter {
        api,
        operation,
        method,
        status: status.and_then(|status| u16::try_from(status).ok()),
        unmatched,
        since: since.and_then(|since| u64::try_from(since).ok()),
    }
}

/// The matching entries, oldest first.
pub(super) async fn list<S: Tenancy>(
    control: &Control<S>,
    request: api::ListRequestsRequest,
) -> api::ListRequestsResponse {
    answer(async {
        let q = request.query;
        let world = control.live_world(q.tenant.as_deref())?;
        let criteria = filter(q.api, q.operation, q.method, q.status, q.unmatched, q.since);
        let limit = q.limit.and_then(|limit| usize::try_from(limit).ok());
        let requests = world.journal.select(&criteria, limit);
        Ok(api::ListRequestsResponse::Ok(Listing { requests }))
    })
    .await
}

/// Empties the journal.
pub(super) async fn clear<S: Tenancy>(
    control: &Control<S>,
    request: api::ClearRequestsRequest,
) -> api::ClearRequestsResponse {
    answer(async {
        let world = control.live_world(request.query.tenant.as_deref())?;
        world.journal.clear(None);
        Ok(api::ClearRequestsResponse::NoContent)
    })
    .await
}

/// How many entries match.
pub(super) async fn count<S: Tenancy>(
    control: &Control<S>,
    request: api::CountRequestsRequest,
) -> api::CountRequestsResponse {
    answer(async {
        let q = request.query;
        let world = control.live_world(q.tenant.as_deref())?;
        let criteria = filter(q.api, q.operation, q.method, q.status, q.unmatched, q.since);
        let count = i64::try_from(world.journal.count(&criteria)).unwrap_or(i64::MAX);
        Ok(api::CountRequestsResponse::Ok(api::Count { count }))
    })
    .await
}

/// Waits for enough matching entries, or answers 408 with what matched at the timeout.
pub(super) async fn wait<S: Tenancy>(
    control: &Control<S>,
    request: api::WaitForRequestsRequest,
) -> api::WaitForRequestsResponse {
    answer(async {
        let q = request.query;
        let world = control.live_world(q.tenant.as_deref())?;
        let criteria = filter(q.api, q.operation, q.method, q.status, q.unmatched, q.since);
        let count = q
            .count
            .and_then(|count| usize::try_from(count).ok())
            .unwrap_or(DEFAULT_WAIT_COUNT);
        let timeout = q
            .timeout_ms
            .and_then(|ms| u64::try_from(ms).ok())
            .unwrap_or(DEFAULT_WAIT_MS);
        let response = match world
            .journal
            .wait(
                &criteria,
                count,
                Duration::from_millis(timeout),
                control.state.stopping.subscribe(),
            )
            .await
        {
            Waited::Enough(requests) => api::WaitForRequestsResponse::Ok(Listing { requests }),
            Waited::TimedOut(requests) => api::WaitForRequestsResponse::RequestTimeout(Listing { requests }),
        };
        Ok(response)
    })
    .await
}
