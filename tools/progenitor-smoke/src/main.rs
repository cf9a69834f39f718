//! Smoke-tests the progenitor clients generated from spaceport's progenitor views (build.rs) against a running
//! server: every operation of each view is called through the generated client, every answer is parsed into
//! the generated types, and one documented error per API comes back as `Error::ErrorResponse`.
//!
//! ```sh
//! SPACEPORT_VIEWS=dir-with-the-views SPACEPORT_URL=http://127.0.0.1:8080/t/progenitor cargo run --locked
//! ```
//!
//! Prints one line per API and exits non-zero at the first failure.

mod assembla;
mod calls;
mod clients;
mod cloud_foundry;
mod onezone;
mod report;

use std::env;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use report::Failure;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match smoke().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("progenitor smoke test failed: {failure}");
            ExitCode::FAILURE
        }
    }
}

async fn smoke() -> Result<(), Failure> {
    let base = env::var("SPACEPORT_URL")
        .map_err(|_| Failure("SPACEPORT_URL is not set (e.g. http://127.0.0.1:8080/t/progenitor)".to_owned()))?;
    // The generated clients append each path (`/v2/spaces`) to the base URL as given.
    let base = base.trim_end_matches('/');
    // Unique names, so that a second run against the same world passes too.
    let run = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|error| Failure(format!("the clock is before 1970: {error}")))?
        .as_millis()
        .to_string();
    println!("{}", cloud_foundry::smoke(base, &run).await?);
    println!("{}", assembla::smoke(base, &run).await?);
    println!("{}", onezone::smoke(base, &run).await?);
    Ok(())
}
