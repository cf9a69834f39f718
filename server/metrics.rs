//! `GET /metrics`, in Prometheus' text format (the `prometheus` crate, the Rust client most exporters use):
//!
//! - `spaceport_requests_total{api, operation, status}`: requests answered, by the API that answered them (the
//!   vendor APIs, `control`, `infrastructure`), the operation (its `operationId`, `none` when no route matched)
//!   and the status;
//! - `spaceport_request_duration_seconds{api}`: a latency histogram, from the front door to the response head;
//! - `spaceport_connections`: connections open now;
//! - `spaceport_records{api, kind}`: records in the root world's store, counted when scraped;
//! - `spaceport_tenants`: tenants live now, counted when scraped;
//! - `spaceport_log_lines_dropped_total`: log lines the log writer dropped (a full queue, a failed write), read
//!   from its counts when scraped.
//!
//! Every world's requests count; records are the root world's (tenants come and go).

use std::{
    sync::{Mutex, PoisonError},
    time::Duration,
};

use prometheus::{
    HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::{
    logging::LogLosses,
    store::{
        OnezoneSelection, Store, StoreError, Window,
        cloud_foundry::{EventSelection, OrganizationSelection, SpaceSelection},
    },
    world::World,
};

/// The latency buckets, in seconds: 0.1 ms to 2.5 s.
const BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// The server's metrics, shared by every worker.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    connections: IntGauge,
    records: IntGaugeVec,
    tenants: IntGauge,
    log_dropped: IntCounter,
    /// The log writer's counts, brought into `log_dropped` by one scrape at a time.
    log_losses: Mutex<LogLosses>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Every metric registered, at zero.
    pub fn new() -> Self {
        let requests = IntCounterVec::new(
            Opts::new(
                "spaceport_requests_total",
                "Requests answered, by API, operation and status.",
            ),
            &["api", "operation", "status"],
        )
        .expect("a valid metric definition");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "spaceport_request_duration_seconds",
                "Time from the front door to the response head, by API.",
            )
            .buckets(BUCKETS.to_vec()),
            &["api"],
        )
        .expect("a valid metric definition");
        let connections =
            IntGauge::new("spaceport_connections", "Connections open now.").expect("a valid metric definition");
        let records = IntGaugeVec::new(
            Opts::new(
                "spaceport_records",
                "Records in the root world's store, by API and kind.",
            ),
            &["api", "kind"],
        )
        .expect("a valid metric definition");
        let tenants = IntGauge::new("spaceport_tenants", "Tenants live now.").expect("a valid metric definition");
        let log_dropped = IntCounter::new(
            "spaceport_log_lines_dropped_total",
            "Log lines dropped: the queue to the log writer was full, or writing them failed.",
        )
        .expect("a valid metric definition");
        let registry = Registry::new();
        for metric in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(connections.clone()),
            Box::new(records.clone()),
            Box::new(tenants.clone()),
            Box::new(log_dropped.clone()),
        ] {
            registry.register(metric).expect("each metric has a name of its own");
        }
        Self {
            registry,
            requests,
            latency,
            connections,
            records,
            tenants,
            log_dropped,
            log_losses: Mutex::new(LogLosses::default()),
        }
    }

    /// Reports what `losses` counts as `spaceport_log_lines_dropped_total`.
    pub fn count_log_losses(self, losses: LogLosses) -> Self {
        Self {
            log_losses: Mutex::new(losses),
            ..self
        }
    }

    /// Counts a request `api` answered with `status` (its digits) after `elapsed`.
    pub fn observe(&self, api: &str, operation: &str, status: &str, elapsed: Duration) {
        self.requests.with_label_values(&[api, operation, status]).inc();
        self.latency.with_label_values(&[api]).observe(elapsed.as_secs_f64());
    }

    /// Counts a connection open while the guard lives.
    pub fn connection(&self) -> Connection {
        self.connections.inc();
        Connection(self.connections.clone())
    }

    /// Counts the records of `world` now, for the next [`Self::encode`].
    pub async fn count_records<S: Store>(&self, world: &World<S>) -> Result<(), StoreError> {
        let none = Window::page(0, 0);
        let store = &*world.store;
        let organizations = OrganizationSelection {
            window: none,
            ..OrganizationSelection::default()
        };
        let spaces = SpaceSelection {
            window: none,
            ..SpaceSelection::default()
        };
        let events = EventSelection {
            window: none,
            ..EventSelection::default()
        };
        let onezone = OnezoneSelection {
            supported_by: None,
            window: none,
        };
        let counts = [
            (
                "cloud_foundry",
                "organizations",
                store.select_organizations(&organizations).await?.total,
            ),
            ("cloud_foundry", "spaces", store.select_spaces(&spaces).await?.total),
            ("cloud_foundry", "events", store.select_events(&events).await?.total),
            ("onezone", "spaces", store.select_onezone_spaces(&onezone).await?.total),
            ("assembla", "spaces", store.select_assembla_spaces(none).await?.total),
        ];
        for (api, kind, total) in counts {
            self.records
                .with_label_values(&[api, kind])
                .set(i64::try_from(total).unwrap_or(i64::MAX));
        }
        Ok(())
    }

    /// Counts `live` tenants, for the next [`Self::encode`].
    pub fn count_tenants(&self, live: usize) {
        self.tenants.set(i64::try_from(live).unwrap_or(i64::MAX));
    }

    /// The text exposition of every metric.
    pub fn encode(&self) -> prometheus::Result<String> {
        {
            let losses = self.log_losses.lock().unwrap_or_else(PoisonError::into_inner);
            let unseen = losses.dropped().saturating_sub(self.log_dropped.get());
            self.log_dropped.inc_by(unseen);
        }
        TextEncoder::new().encode_to_string(&self.registry.gather())
    }
}

/// One open connection, counted until dropped.
#[derive(Debug)]
pub struct Connection(IntGauge);

impl Drop for Connection {
    fn drop(&mut self) {
        self.0.dec();
    }
}
