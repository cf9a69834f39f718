//! Generates one progenitor client per vendor API from the progenitor views in `$SPACEPORT_VIEWS`
//! (`<api>.progenitor.json`, as a server serves them at `/openapi/<api>.progenitor.json`) into
//! `$OUT_DIR/<api>.rs`, and copies each view beside it for the smoke program to count the operations of.
//! A relative `$SPACEPORT_VIEWS` is read from this crate's directory, where cargo runs build scripts.
//!
//! The clients are builder-style (`client.get_space().guid(g).send()`) and carry a `crate::calls::Calls` inner
//! value; `HooksMode::Expected` makes `src/clients.rs` implement the hook that records each operation called.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle};

/// The vendor APIs a client is generated for (the control API is spaceport's own).
const APIS: [&str; 3] = ["cloud_foundry", "assembla", "onezone"];

fn main() -> ExitCode {
    match generate() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn generate() -> Result<(), String> {
    println!("cargo:rerun-if-env-changed=SPACEPORT_VIEWS");
    let views = env::var_os("SPACEPORT_VIEWS").map(PathBuf::from).ok_or(
        "SPACEPORT_VIEWS is not set: point it at a directory holding the progenitor views \
         cloud_foundry.progenitor.json, assembla.progenitor.json and onezone.progenitor.json \
         (a running server serves them at /openapi/<api>.progenitor.json)",
    )?;
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or("OUT_DIR is not set (run this through cargo)")?);
    for api in APIS {
        let view = views.join(format!("{api}.progenitor.json"));
        println!("cargo:rerun-if-changed={}", view.display());
        let text = fs::read_to_string(&view).map_err(|error| format!("{}: {error}", view.display()))?;
        let source = client(&text).map_err(|error| format!("{}: {error}", view.display()))?;
        write(&out.join(format!("{api}.rs")), &source)?;
        write(&out.join(format!("{api}.progenitor.json")), &text)?;
    }
    Ok(())
}

/// The client progenitor generates from the view `text`, as formatted source.
fn client(text: &str) -> Result<String, String> {
    let spec: openapiv3::OpenAPI =
        serde_json::from_str(text).map_err(|error| format!("not an OpenAPI 3.0 document: {error}"))?;
    let inner = "crate::calls::Calls"
        .parse()
        .map_err(|error| format!("the inner type does not parse: {error}"))?;
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_inner_type(inner)
        .with_hooks(HooksMode::Expected);
    let tokens = Generator::new(&settings)
        .generate_tokens(&spec)
        .map_err(|error| format!("progenitor cannot generate a client: {error}"))?;
    let file =
        syn::parse2(tokens).map_err(|error| format!("progenitor generated code that does not parse: {error}"))?;
    Ok(prettyplease::unparse(&file))
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    fs::write(path, contents).map_err(|error| format!("{}: {error}", path.display()))
}
