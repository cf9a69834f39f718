//! The store conformance suite: what every backend must do, written once against the store traits. A backend,
//! in this crate or any other (with the `conformance` feature), runs it with [`suite!`](crate::conformance::suite)
//! in a test module: one test per case, each on a fresh store from a factory.
//!
//! ```ignore
//! // Cargo.toml: [dev-dependencies] spaceport-store = { workspace = true, features = ["conformance"] }
//! #[cfg(test)]
//! mod tests {
//!     spaceport_store::conformance::suite!(MyStore::new);
//!     // A backend that needs a server: every case gets the attribute.
//!     // spaceport_store::conformance::suite!(#[ignore = "needs a server"] || MyStore::connect());
//! }
//! ```
//!
//! The cases cover every trait method, the uniqueness rules under real concurrency (threads, each with its own
//! runtime, released together), concurrent updates of different fields (both survive), and that a refused write
//! stores nothing. Between them they pin the semantics an SQL backend must reproduce: name keys, selections,
//! windows, orders and their ties.

pub mod assembla;
pub mod cloud_foundry;
pub mod onezone;
pub mod secrets;
pub mod snapshots;

use std::{future::Future, sync::Barrier, thread};

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::{
    Name,
    cloud_foundry::{Event, Organization, Space},
};

/// One test per conformance case, each on a fresh store from `$factory` (a function or closure returning one);
/// `suite!(#[ignore = "why"] factory)` gives every case the attribute (a backend that needs a server). Used as
/// `spaceport_store::conformance::suite!`.
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_suite {
    (#[$attribute:meta] $factory:expr) => {
        $crate::__conformance_suite!(@cases $attribute, $factory;
            cloud_foundry::organizations_are_unique_by_name_key,
            cloud_foundry::organizations_are_selected_by_filter_order_and_window,
            cloud_foundry::organization_updates_rename_and_record_their_event,
            cloud_foundry::organizations_holding_spaces_are_deleted_only_recursively,
            cloud_foundry::spaces_are_unique_by_name_key_within_their_organization,
            cloud_foundry::a_selection_filters_orders_and_cuts_a_run_out_of_every_match,
            cloud_foundry::selections_narrowed_by_the_name_index_match_a_full_scan,
            cloud_foundry::names_freed_by_renames_and_deletes_can_be_taken_again,
            cloud_foundry::events_list_in_time_order_even_after_the_clock_goes_back,
            cloud_foundry::jobs_are_recorded,
            cloud_foundry::records_come_back_exactly_as_written,
            cloud_foundry::users_and_their_tokens,
            cloud_foundry::one_of_many_concurrent_claims_of_a_name_wins,
            onezone::spaces_are_listed_per_supporting_provider_in_creation_order,
            onezone::single_use_tokens_are_used_up_with_their_space,
            onezone::one_of_many_concurrent_uses_of_a_single_use_token_wins,
            assembla::spaces_are_found_by_id_or_wiki_name,
            assembla::one_of_many_concurrent_claims_of_a_wiki_name_wins,
            assembla::concurrent_updates_of_different_fields_both_survive,
            snapshots::cloud_foundry_records_replace_losslessly_or_not_at_all,
            snapshots::onezone_records_replace_losslessly_or_not_at_all,
            snapshots::assembla_records_replace_losslessly_or_not_at_all,
            snapshots::of_concurrent_fills_of_an_empty_store_one_stores,
            secrets::a_secret_is_kept_once_and_returned_after,
            secrets::of_concurrent_offers_of_a_secret_one_is_kept,
        );
    };
    (@cases $attribute:meta, $factory:expr; $($module:ident::$case:ident),* $(,)?) => {
        $(
            #[test]
            #[$attribute]
            fn $case() {
                let store = ($factory)();
                $crate::conformance::block_on($crate::conformance::$module::$case(&store));
            }
        )*
    };
    ($factory:expr) => {
        // Every test module is `cfg(test)` already: the attribute of a suite that needs none.
        $crate::__conformance_suite!(#[cfg(test)] $factory);
    };
}

pub use __conformance_suite as suite;

/// Runs `future` to completion on a runtime of its own (one thread, timers and I/O enabled), as each case and
/// each racing thread does.
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a test runtime starts")
        .block_on(future)
}

/// Runs `contend(0)` … `contend(contenders - 1)` at once, each on its own thread with its own runtime, released
/// together by a barrier; their results in order.
pub fn race<T, F>(contenders: usize, contend: impl Fn(usize) -> F + Sync) -> Vec<T>
where
    F: Future<Output = T>,
    T: Send,
{
    let start = Barrier::new(contenders);
    thread::scope(|scope| {
        let runners: Vec<_> = (0..contenders)
            .map(|i| {
                let (start, contend) = (&start, &contend);
                scope.spawn(move || {
                    start.wait();
                    block_on(contend(i))
                })
            })
            .collect();
        runners
            .into_iter()
            .map(|runner| runner.join().expect("a contender panicked"))
            .collect()
    })
}

/// The instant `seconds` after the epoch.
pub fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// An audit event with only its guid and time set.
pub fn event(guid: &str, seconds: i64) -> Event {
    Event {
        guid: guid.to_owned(),
        kind: String::new(),
        actor: String::new(),
        actor_type: String::new(),
        actor_name: String::new(),
        actor_username: String::new(),
        actee: String::new(),
        actee_type: String::new(),
        actee_name: String::new(),
        timestamp: at(seconds),
        metadata: Value::Null,
        space_guid: String::new(),
        organization_guid: String::new(),
    }
}

/// An active organization.
pub fn organization(guid: &str, name: &str) -> Organization {
    Organization {
        guid: guid.into(),
        name: Name::new(name),
        status: "active".into(),
        billing_enabled: false,
        quota_definition_guid: "q".into(),
        created_at: at(0),
        updated_at: None,
    }
}

/// A space of `organization`.
pub fn space(guid: &str, name: &str, organization: &str) -> Space {
    Space {
        guid: guid.to_owned(),
        name: Name::new(name),
        organization_guid: organization.to_owned(),
        allow_ssh: true,
        isolation_segment_guid: None,
        space_quota_definition_guid: None,
        created_at: at(0),
        updated_at: None,
    }
}

/// The guids of a list of records.
pub fn guids<T>(records: &[T], guid: impl Fn(&T) -> &str) -> Vec<String> {
    records.iter().map(|record| guid(record).to_owned()).collect()
}

/// `names` as owned strings.
pub fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

#[cfg(test)]
mod coverage {
    /// The store traits' sources.
    const TRAITS: &[&str] = &[
        include_str!("../cloud_foundry/mod.rs"),
        include_str!("../onezone.rs"),
        include_str!("../assembla.rs"),
        include_str!("../secrets.rs"),
    ];

    /// The suite's sources.
    const CASES: &[&str] = &[
        include_str!("cloud_foundry/organizations.rs"),
        include_str!("cloud_foundry/spaces.rs"),
        include_str!("cloud_foundry/records.rs"),
        include_str!("cloud_foundry/concurrency.rs"),
        include_str!("cloud_foundry/mod.rs"),
        include_str!("onezone.rs"),
        include_str!("assembla.rs"),
        include_str!("snapshots.rs"),
        include_str!("secrets.rs"),
    ];

    /// The methods a trait source declares: `fn name(` inside `pub trait … {`.
    fn methods(source: &str) -> Vec<&str> {
        let Some(start) = source.find("pub trait ") else {
            return Vec::new();
        };
        source[start..]
            .split("fn ")
            .skip(1)
            .filter_map(|rest| rest.split_once('(').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn the_suite_calls_every_store_method() {
        let methods: Vec<&str> = TRAITS.iter().flat_map(|source| methods(source)).collect();
        let uncalled: Vec<&&str> = methods
            .iter()
            .filter(|method| !CASES.iter().any(|case| case.contains(&format!(".{method}("))))
            .collect();

        assert!(methods.len() >= 36, "{methods:?}");
        assert!(uncalled.is_empty(), "no conformance case calls {uncalled:?}");
    }
}
