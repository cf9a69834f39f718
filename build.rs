//! Generates one Rust module per `openapi/*.yaml` into `OUT_DIR`; `server/lib.rs` includes them.
//! A broken spec fails the build with every problem listed (file and JSON pointer).

use std::{env, fs, path::Path};

fn main() {
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    println!("cargo:rerun-if-changed=openapi");
    let mut specs: Vec<_> = fs::read_dir("openapi")
        .expect("the openapi/ folder holds the specs; run cargo from the repository root")
        .map(|entry| entry.expect("openapi/ is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    specs.sort();
    let mut failed = false;
    for spec in specs {
        println!("cargo:rerun-if-changed={}", spec.display());
        let file = spec
            .file_name()
            .and_then(|f| f.to_str())
            .expect("spec file names are UTF-8");
        let source = fs::read_to_string(&spec).expect("spec files are readable UTF-8");
        match codegen::generate(file, &source) {
            Ok(code) => {
                let stem = file.trim_end_matches(".yaml");
                fs::write(Path::new(&out_dir).join(format!("{stem}.rs")), code).expect("OUT_DIR is writable");
            }
            Err(error) => {
                failed = true;
                for problem in &error.problems {
                    println!("cargo:warning=openapi/{problem}");
                }
            }
        }
    }
    assert!(!failed, "the specs have problems; see the warnings above");
}
