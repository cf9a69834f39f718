//! The command line: flags and their environment variables, and the settings and address they make. Every way
//! they can be wrong is a [`StartupError`], one line that says what failed and where.

use std::{
    fmt, io,
    net::{SocketAddr, TcpListener, ToSocketAddrs},
    path::PathBuf,
    time::Duration,
};

use chrono::{DateTime, Utc};
use clap::{Parser, ValueEnum, builder::TypedValueParser};

use crate::{
    app::{self, Settings},
    fixtures::{self, Fixtures, FixturesError},
    journal,
    links::LinkBase,
    logging::LogLosses,
    rt::{BodyTimeout, HeaderLimit},
    sources::{Clock, Ids, Sources},
    store::{PostgresStore, Storage, StoreError},
    tenants,
    vendors::{cloud_foundry, onezone},
};

/// How a vendor's tokens are checked.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AuthFlag {
    /// Accept what is well formed (CF: any JWT, unverified; Onezone: any provider token, any macaroon-shaped
    /// space token), so the API docs' examples work.
    Lenient,
    /// Accept only verified tokens (CF: HS256 signature and expiry) or the fixtures' tokens.
    Strict,
}

/// A contract-first, stateful emulator of the Cloud Foundry v2, Assembla v1 and Onezone spaces APIs.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// Address to listen on: an IP address or a host name (`localhost`).
    #[arg(long, env = "SPACEPORT_HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on; 0 picks a free one (the listening line and every link say which).
    #[arg(long, env = "SPACEPORT_PORT", default_value_t = 8080)]
    pub port: u16,
    /// A fixtures file (YAML) to preload instead of the embedded defaults.
    #[arg(long, env = "SPACEPORT_FIXTURES")]
    pub fixtures: Option<PathBuf>,
    /// Seed the id generator: the same requests give the same ids.
    #[arg(long, env = "SPACEPORT_SEED")]
    pub seed: Option<u64>,
    /// Freeze the clock at this RFC 3339 instant (with --seed, every run answers the same bytes).
    #[arg(long, env = "SPACEPORT_FIXED_TIME")]
    pub fixed_time: Option<DateTime<Utc>>,
    /// How Cloud Foundry bearer tokens are checked.
    #[arg(long, env = "SPACEPORT_CF_AUTH", value_enum, default_value = "lenient")]
    pub cf_auth: AuthFlag,
    /// The HS256 key Cloud Foundry tokens are signed with (and verified with in strict mode). Without it, strict
    /// mode makes a random key at the first start and keeps it with the records (in --data-dir or the database, so
    /// a restart keeps issued tokens valid); lenient mode, which verifies no signature, signs with the documented
    /// spaceport-dev-key.
    #[arg(long, env = "SPACEPORT_CF_TOKEN_KEY")]
    pub cf_token_key: Option<String>,
    /// The URL clients reach this server at, for absolute links (default: the scheme and host each request
    /// was sent to, from its Host header; http://HOST:PORT with the bound port for a request without one).
    #[arg(long, env = "SPACEPORT_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// A header the journal masks (its value shown as ***) besides the credentials the specs declare, cookies and
    /// Proxy-Authorization; repeat it for several (the variable takes a comma-separated list).
    #[arg(long = "mask-header", value_name = "NAME", env = "SPACEPORT_MASK_HEADERS", value_delimiter = ',', value_parser = header_name)]
    pub mask_headers: Vec<String>,
    /// Without --public-url: believe X-Forwarded-Proto and X-Forwarded-Host (set by a proxy in front) for the
    /// absolute links.
    #[arg(long, env = "SPACEPORT_TRUST_FORWARDED", conflicts_with = "public_url")]
    pub trust_forwarded: bool,
    /// How Onezone provider and space tokens are checked.
    #[arg(long, env = "SPACEPORT_ONEZONE_AUTH", value_enum, default_value = "lenient")]
    pub onezone_auth: AuthFlag,
    /// How Assembla credentials are checked.
    #[arg(long, env = "SPACEPORT_ASSEMBLA_AUTH", value_enum, default_value = "lenient")]
    pub assembla_auth: AuthFlag,
    /// Worker threads (default: one per core).
    #[arg(long, env = "SPACEPORT_WORKERS", value_parser = clap::value_parser!(u16).range(1..))]
    pub workers: Option<u16>,
    /// How many tenants (`/t/{tenant}/…`) live at once.
    #[arg(long, env = "SPACEPORT_MAX_TENANTS", default_value_t = tenants::DEFAULT_MAX_TENANTS)]
    pub max_tenants: usize,
    /// Forget a tenant unused for this many seconds (default: never). Its in-memory records go with it; a durable
    /// store keeps them, and the tenant lives again with them at its next request.
    #[arg(long, env = "SPACEPORT_TENANT_IDLE", value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub tenant_idle: Option<u64>,
    /// How many requests each world's journal keeps (`GET /__spaceport/requests`); 0 turns journaling off.
    #[arg(long, env = "SPACEPORT_JOURNAL_SIZE", default_value_t = journal::DEFAULT_JOURNAL_SIZE)]
    pub journal_size: usize,
    /// Seconds a request body has to start arriving (then a second more per `--body-min-rate` bytes); a body
    /// that runs out of time is answered 408 and its connection closed.
    #[arg(long, env = "SPACEPORT_BODY_TIMEOUT", default_value_t = BodyTimeout::DEFAULT.initial.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout: u64,
    /// Bytes per second a request body must keep arriving at: each that many bytes received adds a second to
    /// `--body-timeout` (0: the body has `--body-timeout` in all).
    #[arg(long, env = "SPACEPORT_BODY_MIN_RATE", default_value_t = BodyTimeout::DEFAULT.min_rate)]
    pub body_min_rate: u64,
    /// The most bytes a request's target and headers may take (as sent: `name: value` and a line end per
    /// header); more is answered 431 in the API's envelope. actix-http's own limit, 128 KiB for the whole head,
    /// caps it.
    #[arg(long, env = "SPACEPORT_MAX_HEADER_BYTES", default_value_t = HeaderLimit::DEFAULT.0,
          value_parser = clap::value_parser!(u32).range(1024..=131_072).map(|v| v as usize))]
    pub max_header_bytes: usize,
    /// Once listening, write the base URL (`http://HOST:PORT`) to this file.
    #[arg(long, env = "SPACEPORT_READY_FILE")]
    pub ready_file: Option<PathBuf>,
    /// Keep every API's state in an embedded SQLite database in this folder (made if missing), durable before
    /// each write is answered, loaded again at the next start. Without it the state lives in memory.
    #[arg(long, env = "SPACEPORT_DATA_DIR", conflicts_with = "database_url")]
    pub data_dir: Option<PathBuf>,
    /// Keep every API's state in this PostgreSQL database (`postgres://user:password@host:port/database`, in
    /// the schema `spaceport`), shared by every spaceport process given the same URL.
    #[arg(long, env = "SPACEPORT_DATABASE_URL")]
    pub database_url: Option<String>,
}

/// Why spaceport could not start, in one line.
#[derive(Debug)]
pub enum StartupError {
    /// The command line does not parse (clap's first line).
    Usage(String),
    /// The fixtures file could not be read.
    ReadFixtures(PathBuf, io::Error),
    /// The fixtures could not be parsed or stored.
    Fixtures(String, FixturesError),
    /// The store could not be opened (where it is, why).
    Store(String, StoreError),
    /// The host name does not resolve.
    Resolve(String, io::Error),
    /// The address could not be bound.
    Bind(String, io::Error),
    /// The ready file could not be written.
    ReadyFile(PathBuf, io::Error),
    /// The server stopped with an I/O error.
    Serve(io::Error),
}

impl StartupError {
    /// The process exit code: 2 for a command line that does not parse, 1 for anything else.
    pub fn code(&self) -> u8 {
        match self {
            Self::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl fmt::Display for StartupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(message) => write!(f, "{message} (see --help)"),
            Self::ReadFixtures(path, error) => write!(f, "cannot read the fixtures file {}: {error}", path.display()),
            Self::Fixtures(source, error) => {
                write!(f, "fixtures {source}: {error}")?;
                causes(f, error)
            }
            Self::Store(place, error) => {
                write!(f, "cannot open the store {place}: {error}")?;
                causes(f, error)
            }
            Self::Resolve(host, error) => write!(f, "cannot resolve the host {host}: {error}"),
            Self::Bind(address, error) => write!(f, "cannot listen on {address}: {error}"),
            Self::ReadyFile(path, error) => write!(f, "cannot write the ready file {}: {error}", path.display()),
            Self::Serve(error) => write!(f, "the server stopped: {error}"),
        }
    }
}

impl std::error::Error for StartupError {}

/// Writes `error`'s causes, each after `: `.
fn causes(f: &mut fmt::Formatter<'_>, error: &dyn std::error::Error) -> fmt::Result {
    let mut cause = error.source();
    while let Some(next) = cause {
        write!(f, ": {next}")?;
        cause = next.source();
    }
    Ok(())
}

/// A clap error as one line: its first line, without clap's `error: ` prefix.
pub fn usage_error(error: &clap::Error) -> StartupError {
    let text = error.to_string();
    let first = text.lines().next().unwrap_or_default();
    StartupError::Usage(first.trim_start_matches("error: ").to_owned())
}

/// The host as a URL writes it: an unspecified address as `127.0.0.1`, IPv6 in brackets, a name as given.
/// A `--mask-header` value: a valid header name, lower-cased.
fn header_name(name: &str) -> Result<String, String> {
    actix_web::http::header::HeaderName::from_bytes(name.trim().as_bytes())
        .map(|valid| valid.as_str().to_owned())
        .map_err(|_| format!("{name:?} is not a header name"))
}

fn url_host(host: &str, bound: SocketAddr) -> String {
    if host.parse::<std::net::IpAddr>().is_err() {
        return host.to_owned();
    }
    match bound.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_owned(),
        ip if ip.is_ipv6() => format!("[{ip}]"),
        ip => ip.to_string(),
    }
}

impl Cli {
    /// Binds the listening socket: the first address the host resolves to that can be bound.
    pub fn bind(&self) -> Result<TcpListener, StartupError> {
        let addresses: Vec<SocketAddr> = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|error| StartupError::Resolve(self.host.clone(), error))?
            .collect();
        let mut last = None;
        for address in &addresses {
            match TcpListener::bind(address) {
                Ok(listener) => return Ok(listener),
                Err(error) => last = Some(error),
            }
        }
        let error = last.unwrap_or_else(|| io::Error::new(io::ErrorKind::AddrNotAvailable, "no address"));
        Err(StartupError::Bind(format!("{}:{}", self.host, self.port), error))
    }

    /// The base URL of a server bound at `bound`: `--public-url`, else `http://<host>:<bound port>`.
    pub fn base_url(&self, bound: SocketAddr) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}:{}", url_host(&self.host, bound), bound.port()),
        }
    }

    /// The ids and the clock the flags ask for.
    fn sources(&self) -> Sources {
        Sources {
            clock: self.fixed_time.map_or(Clock::System, Clock::Fixed),
            ids: self.seed.map_or(Ids::Random, Ids::seeded),
        }
    }

    /// The fixtures: the file's, or the embedded defaults.
    pub fn fixtures(&self) -> Result<Fixtures, StartupError> {
        let (source, text) = match &self.fixtures {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| StartupError::ReadFixtures(path.clone(), e))?;
                (path.display().to_string(), text)
            }
            None => ("(embedded)".to_owned(), fixtures::DEFAULT.to_owned()),
        };
        Fixtures::parse(&text).map_err(|error| StartupError::Fixtures(source, error))
    }

    /// Where the fixtures come from, for messages.
    pub fn fixtures_source(&self) -> String {
        self.fixtures
            .as_ref()
            .map_or_else(|| "(embedded)".to_owned(), |path| path.display().to_string())
    }

    /// Where the store is, for messages.
    pub fn store_place(&self) -> String {
        match (&self.data_dir, &self.database_url) {
            (Some(folder), _) => folder.display().to_string(),
            (None, Some(url)) => PostgresStore::place(url),
            (None, None) => "(memory)".to_owned(),
        }
    }

    /// The app's settings, its links written for `base_url`, preloading `fixtures`.
    pub fn settings(&self, base_url: &str, fixtures: Fixtures) -> Settings {
        let strict = |flag: AuthFlag| matches!(flag, AuthFlag::Strict);
        Settings {
            sources: self.sources(),
            cloud_foundry: cloud_foundry::Config {
                auth: if strict(self.cf_auth) {
                    cloud_foundry::AuthMode::Strict
                } else {
                    cloud_foundry::AuthMode::Lenient
                },
                token_key: self
                    .cf_token_key
                    .as_deref()
                    .unwrap_or(app::DEFAULT_TOKEN_KEY)
                    .as_bytes()
                    .to_vec(),
                public_url: base_url.to_owned(),
            },
            onezone_auth: if strict(self.onezone_auth) {
                onezone::AuthMode::Strict
            } else {
                onezone::AuthMode::Lenient
            },
            assembla_strict: strict(self.assembla_auth),
            fixtures,
            keep_cf_token_key: strict(self.cf_auth) && self.cf_token_key.is_none(),
            max_tenants: self.max_tenants,
            tenant_idle: self.tenant_idle.map(Duration::from_secs),
            journal_size: self.journal_size,
            body_timeout: BodyTimeout {
                initial: Duration::from_secs(self.body_timeout),
                min_rate: self.body_min_rate,
            },
            header_limit: HeaderLimit(self.max_header_bytes),
            storage: match (&self.data_dir, &self.database_url) {
                (Some(folder), _) => Storage::Embedded(folder.clone()),
                (None, Some(url)) => Storage::Postgres(url.clone()),
                (None, None) => Storage::Memory,
            },
            log_losses: LogLosses::default(),
            mask_headers: self.mask_headers.clone(),
            link_base: match self.public_url {
                Some(_) => LinkBase::Configured,
                None => LinkBase::FromRequest {
                    trust_forwarded: self.trust_forwarded,
                },
            },
        }
    }
}
