//! Contract tests: the production app, in-process, checked against the specs (status, headers, body shape).
//! One binary with a module per vendor keeps link time down.

mod assembla;
mod auth_matrix;
mod cloud_foundry;
mod control;
mod encoding;
mod failing_store;
mod infrastructure;
mod links;
mod metrics;
mod onezone;
mod support;
mod tenants;
mod transport;
mod views;
