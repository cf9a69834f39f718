//! Conformance of [`CloudFoundryStore`]: organizations and spaces unique by name key, selections, updates and
//! deletes with their audit events, jobs, users and tokens, and one winner among concurrent claims of a name.

mod concurrency;
mod organizations;
mod records;
mod spaces;

pub use self::{
    concurrency::one_of_many_concurrent_claims_of_a_name_wins,
    organizations::{
        organization_updates_rename_and_record_their_event, organizations_are_selected_by_filter_order_and_window,
        organizations_are_unique_by_name_key, organizations_holding_spaces_are_deleted_only_recursively,
    },
    records::{
        events_list_in_time_order_even_after_the_clock_goes_back, jobs_are_recorded,
        records_come_back_exactly_as_written, users_and_their_tokens,
    },
    spaces::{
        a_selection_filters_orders_and_cuts_a_run_out_of_every_match,
        names_freed_by_renames_and_deletes_can_be_taken_again, selections_narrowed_by_the_name_index_match_a_full_scan,
        spaces_are_unique_by_name_key_within_their_organization,
    },
};
use super::guids;
use crate::{
    CloudFoundryStore, NameKey, Slice, StoreError, Window,
    cloud_foundry::{EventSelection, Space},
};

pub(super) fn key(name: &str) -> NameKey {
    NameKey::of(name)
}

pub(super) async fn event_count(store: &impl CloudFoundryStore) -> usize {
    let all = EventSelection {
        window: Window::page(0, 0),
        ..EventSelection::default()
    };
    store.select_events(&all).await.expect("the store answers").total
}

/// How many of `results` succeeded, and how many were refused as conflicts.
pub(super) fn tally<T>(results: &[Result<T, StoreError>]) -> (usize, usize) {
    let won = results.iter().filter(|r| r.is_ok()).count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(StoreError::Conflict { .. })))
        .count();
    (won, refused)
}

pub(super) fn space_guids(slice: &Slice<Space>) -> Vec<String> {
    guids(&slice.items, |s| &s.guid)
}
