//! `spaceport`: serves every vendor API, the specs and Swagger UI on one address.

use std::{net::IpAddr, path::PathBuf};

use actix_web::HttpServer;
use chrono::{DateTime, Utc};
use clap::{Parser, ValueEnum};
use spaceport::{
    app::{self, AppState, Settings},
    fixtures::Fixtures,
    sources::Sources,
    vendors::{
        cloud_foundry::{self, AuthMode},
        onezone,
    },
};
use tracing_actix_web::TracingLogger;
use tracing_subscriber::{filter::Targets, layer::SubscriberExt, util::SubscriberInitExt};

/// How a vendor's tokens are checked.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum AuthFlag {
    /// Accept what is well formed (CF: any JWT, unverified; Onezone: any provider token, any macaroon-shaped
    /// space token), so the API docs' examples work.
    Lenient,
    /// Accept only verified tokens (CF: HS256 signature and expiry) or the fixtures' tokens.
    Strict,
}

/// A contract-first, stateful emulator of the Cloud Foundry v2, Assembla v1 and Onezone spaces APIs.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Address to listen on.
    #[arg(long, env = "SPACEPORT_HOST", default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on.
    #[arg(long, env = "SPACEPORT_PORT", default_value_t = 8080)]
    port: u16,
    /// A fixtures file (YAML) to preload instead of the embedded defaults.
    #[arg(long, env = "SPACEPORT_FIXTURES")]
    fixtures: Option<PathBuf>,
    /// Seed the id generator: the same requests give the same ids.
    #[arg(long, env = "SPACEPORT_SEED")]
    seed: Option<u64>,
    /// Freeze the clock at this RFC 3339 instant (needs --seed for fully reproducible output).
    #[arg(long, env = "SPACEPORT_FIXED_TIME", requires = "seed")]
    fixed_time: Option<DateTime<Utc>>,
    /// How Cloud Foundry bearer tokens are checked.
    #[arg(long, env = "SPACEPORT_CF_AUTH", value_enum, default_value = "lenient")]
    cf_auth: AuthFlag,
    /// The HS256 key Cloud Foundry tokens are signed with (and verified with in strict mode).
    #[arg(long, env = "SPACEPORT_CF_TOKEN_KEY", default_value = app::DEFAULT_TOKEN_KEY)]
    cf_token_key: String,
    /// The URL clients reach this server at, for absolute links (default: http://<host>:<port>).
    #[arg(long, env = "SPACEPORT_PUBLIC_URL")]
    public_url: Option<String>,
    /// How Onezone provider and space tokens are checked.
    #[arg(long, env = "SPACEPORT_ONEZONE_AUTH", value_enum, default_value = "lenient")]
    onezone_auth: AuthFlag,
    /// How Assembla credentials are checked.
    #[arg(long, env = "SPACEPORT_ASSEMBLA_AUTH", value_enum, default_value = "lenient")]
    assembla_auth: AuthFlag,
    /// Worker threads (default: one per core).
    #[arg(long, env = "SPACEPORT_WORKERS")]
    workers: Option<usize>,
}

/// The log filter from `RUST_LOG`: comma-separated `target=level` directives and an optional bare default
/// level (`info,spaceport=debug`); `info` when it is unset, empty or does not parse.
fn log_filter() -> Targets {
    let default = Targets::new().with_default(tracing::Level::INFO);
    match std::env::var("RUST_LOG") {
        Ok(directives) if !directives.trim().is_empty() => directives.parse().unwrap_or_else(|error| {
            eprintln!("RUST_LOG={directives:?} is not a list of target=level directives ({error}); logging at info");
            default
        }),
        _ => default,
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .with_max_level(tracing::Level::TRACE)
        .finish()
        .with(log_filter())
        .init();
    let cli = Cli::parse();
    let fixtures = match &cli.fixtures {
        Some(path) => std::fs::read_to_string(path)?,
        None => spaceport::fixtures::DEFAULT.to_owned(),
    };
    let fixtures = Fixtures::parse(&fixtures).map_err(std::io::Error::other)?;
    let sources = match (cli.seed, cli.fixed_time) {
        (Some(seed), Some(now)) => Sources::deterministic(seed, now),
        (Some(seed), None) => Sources {
            ids: spaceport::sources::Ids::seeded(seed),
            ..Sources::system()
        },
        _ => Sources::system(),
    };
    let auth = match cli.cf_auth {
        AuthFlag::Lenient => AuthMode::Lenient,
        AuthFlag::Strict => AuthMode::Strict,
    };
    let public_url = cli.public_url.clone().unwrap_or_else(|| {
        let host = if cli.host.is_unspecified() {
            "127.0.0.1".to_owned()
        } else if cli.host.is_ipv6() {
            format!("[{}]", cli.host)
        } else {
            cli.host.to_string()
        };
        format!("http://{host}:{}", cli.port)
    });
    let state = AppState::new(Settings {
        sources,
        cloud_foundry: cloud_foundry::Config {
            auth,
            token_key: cli.cf_token_key.into_bytes(),
            public_url,
        },
        onezone_auth: match cli.onezone_auth {
            AuthFlag::Lenient => onezone::AuthMode::Lenient,
            AuthFlag::Strict => onezone::AuthMode::Strict,
        },
        assembla_strict: matches!(cli.assembla_auth, AuthFlag::Strict),
        fixtures,
    })
    .await
    .map_err(std::io::Error::other)?;
    tracing::info!(host = %cli.host, port = cli.port, "spaceport listening; Swagger UI at /docs/");
    let mut server = HttpServer::new(move || app::app(state.clone()).wrap(TracingLogger::default()))
        .bind((cli.host, cli.port))?
        .shutdown_timeout(5);
    if let Some(workers) = cli.workers {
        server = server.workers(workers);
    }
    server.run().await
}
