use std::time::Duration;

use super::*;
use crate::{
    generated::control::{BodyEncoding, Headers},
    stopping::Stopping,
};

fn entry(api: ApiName, operation: Option<&str>, method: &str, status: u16) -> JournalEntry {
    JournalEntry {
        seq: 0,
        time: "2024-01-01T00:00:00.000Z".to_owned(),
        api,
        operation: operation.map(str::to_owned),
        near_misses: Vec::new(),
        method: method.to_owned(),
        path: "/p".to_owned(),
        query: String::new(),
        headers: Headers::default(),
        body: None,
        body_encoding: BodyEncoding::Utf8,
        body_truncated: false,
        status: i64::from(status),
        response_headers: Headers::default(),
        response_body: None,
        response_body_encoding: BodyEncoding::Utf8,
        response_body_truncated: false,
        duration_ms: 0.0,
    }
}

fn seqs(entries: &[JournalEntry]) -> Vec<i64> {
    entries.iter().map(|entry| entry.seq).collect()
}

#[test]
fn the_ring_keeps_the_newest_entries_numbered_from_one() {
    let journal = Journal::new(2);
    for _ in 0..3 {
        journal.record(200, entry(ApiName::Onezone, Some("getSpace"), "GET", 200));
    }

    assert_eq!(seqs(&journal.select(&Filter::default(), None)), [2, 3]);
    journal.record(200, entry(ApiName::Assembla, Some("listSpaces"), "GET", 200));
    journal.clear(Some(ApiName::Onezone));
    assert_eq!(seqs(&journal.select(&Filter::default(), None)), [4]);
    journal.clear(None);
    assert!(journal.select(&Filter::default(), None).is_empty());
    journal.record(200, entry(ApiName::Onezone, None, "GET", 404));
    assert_eq!(seqs(&journal.select(&Filter::default(), None)), [5]);
}

#[test]
fn a_journal_of_size_zero_records_nothing() {
    let journal = Journal::new(0);
    journal.record(200, entry(ApiName::Assembla, None, "GET", 404));

    assert!(!journal.is_on());
    assert_eq!(journal.count(&Filter::default()), 0);
}

#[test]
fn filters_combine_and_limit_takes_the_oldest() {
    let journal = Journal::new(10);
    journal.record(201, entry(ApiName::CloudFoundry, Some("createSpace"), "POST", 201));
    journal.record(404, entry(ApiName::CloudFoundry, None, "GET", 404));
    journal.record(200, entry(ApiName::Assembla, Some("listSpaces"), "GET", 200));
    journal.record(201, entry(ApiName::CloudFoundry, Some("createSpace"), "POST", 201));

    let of = |filter: Filter| seqs(&journal.select(&filter, None));
    assert_eq!(
        of(Filter {
            api: Some(ApiName::CloudFoundry),
            ..Filter::default()
        }),
        [1, 2, 4]
    );
    assert_eq!(
        of(Filter {
            operation: Some("createSpace".to_owned()),
            since: Some(1),
            ..Filter::default()
        }),
        [4]
    );
    assert_eq!(
        of(Filter {
            method: Some("get".to_owned()),
            status: Some(200),
            ..Filter::default()
        }),
        [3]
    );
    assert_eq!(
        of(Filter {
            unmatched: Some(true),
            ..Filter::default()
        }),
        [2]
    );
    assert_eq!(
        of(Filter {
            unmatched: Some(false),
            ..Filter::default()
        }),
        [1, 3, 4]
    );
    assert_eq!(seqs(&journal.select(&Filter::default(), Some(2))), [1, 2]);
    assert_eq!(
        journal.count(&Filter {
            status: Some(201),
            ..Filter::default()
        }),
        2
    );
}

#[actix_web::test]
async fn a_wait_answers_when_enough_arrive_and_times_out_with_what_it_has() {
    let journal = std::sync::Arc::new(Journal::new(10));
    journal.record(201, entry(ApiName::Onezone, Some("createProviderSpace"), "POST", 201));
    let filter = Filter {
        operation: Some("createProviderSpace".to_owned()),
        ..Filter::default()
    };

    let later = journal.clone();
    actix_web::rt::spawn(async move {
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        later.record(201, entry(ApiName::Onezone, Some("createProviderSpace"), "POST", 201));
    });
    let running = Stopping::default();
    let enough = journal
        .wait(&filter, 2, Duration::from_secs(10), running.subscribe())
        .await;
    let short = journal
        .wait(&filter, 3, Duration::from_millis(30), running.subscribe())
        .await;

    assert!(
        matches!(&enough, Waited::Enough(entries) if seqs(entries) == [1, 2]),
        "{enough:?}"
    );
    assert!(
        matches!(&short, Waited::TimedOut(entries) if seqs(entries) == [1, 2]),
        "{short:?}"
    );
}

#[actix_web::test]
async fn a_wait_answers_at_once_with_what_it_has_when_the_server_stops() {
    let journal = std::sync::Arc::new(Journal::new(10));
    journal.record(201, entry(ApiName::Onezone, Some("createProviderSpace"), "POST", 201));
    let stopping = Stopping::default();
    let stopper = stopping.clone();
    actix_web::rt::spawn(async move {
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        stopper.begin();
    });

    let started = std::time::Instant::now();
    let waited = journal
        .wait(&Filter::default(), 5, Duration::from_secs(30), stopping.subscribe())
        .await;
    let after_the_stop = journal
        .wait(&Filter::default(), 5, Duration::from_secs(30), stopping.subscribe())
        .await;

    assert!(
        matches!(&waited, Waited::TimedOut(entries) if seqs(entries) == [1]),
        "{waited:?}"
    );
    assert!(
        matches!(&after_the_stop, Waited::TimedOut(entries) if seqs(entries) == [1]),
        "{after_the_stop:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "answered when the stop began, not at the timeout"
    );
}
