//! spaceport: a contract-first, stateful emulator of the Cloud Foundry v2, Assembla v1 and Onedata Onezone spaces
//! APIs. The specs under `openapi/` are the contract; `build.rs` generates the models, handler traits and
//! actix-web glue from them, and this crate implements the traits over the store (the `spaceport-store` crate:
//! in memory, SQLite or PostgreSQL).

pub mod app;
pub mod cli;
pub mod control;
pub mod fixtures;
pub mod front_door;
pub mod journal;
pub mod links;
pub mod logging;
pub mod metrics;
pub mod request_span;
pub mod serve;
pub mod snapshot;
pub mod sources;
pub mod specs;
pub mod state;
pub mod stopping;
pub mod tenants;
pub mod testing;
pub mod views;
pub mod wire;
pub mod world;

/// The runtime the generated glue calls, under the name the vendor modules use for it.
pub use spaceport_runtime as rt;
/// The store: records, traits and backends, a crate of its own.
pub use spaceport_store as store;

/// Code generated from `openapi/*.yaml` by `codegen` (a committed copy lives in `generated/`).
pub mod generated {
    /// Generated from `openapi/assembla.yaml`: models, the [`assembla::AssemblaApi`] trait and its actix-web glue.
    pub mod assembla {
        include!(concat!(env!("OUT_DIR"), "/assembla.rs"));
    }

    /// Generated from `openapi/cloud_foundry.yaml`: models, the [`cloud_foundry::CloudFoundryApi`] trait and
    /// its actix-web glue.
    pub mod cloud_foundry {
        include!(concat!(env!("OUT_DIR"), "/cloud_foundry.rs"));
    }

    /// Generated from `openapi/control.yaml`: spaceport's own control API, the [`control::ControlApi`] trait and its
    /// actix-web glue.
    pub mod control {
        include!(concat!(env!("OUT_DIR"), "/control.rs"));
    }

    /// Generated from `openapi/onezone.yaml`: models, the [`onezone::OnezoneApi`] trait and its actix-web glue.
    pub mod onezone {
        include!(concat!(env!("OUT_DIR"), "/onezone.rs"));
    }
}

/// The vendor implementations of the generated traits.
pub mod vendors {
    pub mod assembla;
    pub mod cloud_foundry;
    mod failures;
    pub mod onezone;
}
