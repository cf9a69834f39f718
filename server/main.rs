//! `spaceport`: serves every vendor API, the specs and Swagger UI on one address.
//!
//! Start-up, in order: parse the flags and the fixtures, bind the address (port 0 picks a free one), load the
//! fixtures, write `--ready-file`, then print `spaceport listening on http://HOST:PORT` on stdout (logs go to
//! stderr). Any failure is one line on stderr, `spaceport: …`, and a non-zero exit code.

use std::{io::Write, process::ExitCode};

use clap::Parser;
use spaceport::{
    app::{AppState, Settings, StartError},
    cli::{Cli, StartupError, usage_error},
    logging::{self, LogLosses},
    serve::{self, Signals},
};
use tracing_subscriber::{filter::Targets, layer::SubscriberExt, util::SubscriberInitExt};

/// The log filter from `RUST_LOG`: comma-separated `target=level` directives and an optional bare default
/// level (`info,spaceport=debug`); `info` when it is unset, empty or does not parse.
fn log_filter() -> Targets {
    let default = Targets::new().with_default(tracing::Level::INFO);
    match std::env::var("RUST_LOG") {
        Ok(directives) if !directives.trim().is_empty() => directives.parse().unwrap_or_else(|error| {
            let _ = writeln!(
                std::io::stderr(),
                "RUST_LOG={directives:?} is not a list of target=level directives ({error}); logging at info"
            );
            default
        }),
        _ => default,
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // --help and --version.
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => return fail(&usage_error(&error)),
    };
    let (writer, log_losses, _flushed_at_exit) = logging::stderr_writer();
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_max_level(tracing::Level::TRACE)
        .finish()
        .with(log_filter())
        .init();
    match actix_web::rt::System::new().block_on(serve(cli, log_losses)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

fn fail(error: &StartupError) -> ExitCode {
    // Not eprintln!, which panics when stderr is a pipe nobody reads any more.
    let _ = writeln!(std::io::stderr(), "spaceport: {error}");
    ExitCode::from(error.code())
}

async fn serve(cli: Cli, log_losses: LogLosses) -> Result<(), StartupError> {
    let fixtures = cli.fixtures()?;
    let listener = cli.bind()?;
    let bound = listener
        .local_addr()
        .map_err(|error| StartupError::Bind(format!("{}:{}", cli.host, cli.port), error))?;
    let base_url = cli.base_url(bound);
    let settings = Settings {
        log_losses,
        ..cli.settings(&base_url, fixtures)
    };
    let state = AppState::new(settings).await.map_err(|error| match error {
        StartError::Open(error) => StartupError::Store(cli.store_place(), error),
        StartError::Fixtures(error) => StartupError::Fixtures(cli.fixtures_source(), error),
    })?;
    let stopping = state.stopping.clone();
    let running = serve::server(state, listener, cli.workers.map(usize::from))
        .map_err(|error| StartupError::Bind(bound.to_string(), error))?;
    // Caught before the listening line, so a signal at any instant after it drains the server.
    match Signals::install() {
        Ok(signals) => {
            actix_web::rt::spawn(signals.stop(running.handle(), stopping));
        }
        Err(error) => {
            tracing::error!(%error, "no signal handlers: SIGINT and SIGTERM end the process without draining");
        }
    }
    if let Some(path) = &cli.ready_file {
        std::fs::write(path, format!("{base_url}\n")).map_err(|error| StartupError::ReadyFile(path.clone(), error))?;
    }
    let _ = writeln!(std::io::stdout(), "spaceport listening on {base_url}");
    let _ = std::io::stdout().flush();
    tracing::info!(address = %bound, %base_url, "serving; Swagger UI at /docs/");
    running.await.map_err(StartupError::Serve)
}
