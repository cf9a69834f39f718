//! `generated/` is the committed mirror of what `build.rs` writes into `OUT_DIR`. This test fails with a diff when
//! they differ; `EXPECTORATE=overwrite cargo test --test generated_fresh` rewrites `generated/` instead.

use std::{fs, path::Path};

#[test]
fn generated_mirror_matches_the_build_output() {
    let out_dir = Path::new(env!("OUT_DIR"));
    let mut stems: Vec<String> = fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi"))
        .expect("openapi/ is readable")
        .filter_map(|entry| {
            let path = entry.expect("openapi/ entries are readable").path();
            let is_spec = path.extension().is_some_and(|ext| ext == "yaml");
            is_spec.then(|| path.file_stem().and_then(|s| s.to_str()).map(str::to_owned))?
        })
        .collect();
    stems.sort();
    assert!(!stems.is_empty(), "openapi/ holds at least one spec");
    for stem in &stems {
        let built = fs::read_to_string(out_dir.join(format!("{stem}.rs"))).expect("build.rs wrote every spec's module");
        expectorate::assert_contents(format!("generated/{stem}.rs"), &built);
    }
    let mirrored: Vec<String> = fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("generated"))
        .expect("generated/ is readable")
        .filter_map(|entry| {
            let path = entry.expect("generated/ entries are readable").path();
            // Only the mirrors: generated/README.md says how to read them.
            let is_mirror = path.extension().is_some_and(|ext| ext == "rs");
            is_mirror.then(|| path.file_stem().and_then(|s| s.to_str()).map(str::to_owned))?
        })
        .collect();
    for stem in mirrored {
        assert!(stems.contains(&stem), "generated/{stem}.rs has no spec; delete it");
    }
}

#[test]
fn generation_is_deterministic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi");
    for entry in fs::read_dir(&dir).expect("openapi/ is readable") {
        let path = entry.expect("openapi/ entries are readable").path();
        let file = path
            .file_name()
            .and_then(|f| f.to_str())
            .expect("UTF-8 file names")
            .to_owned();
        let source = fs::read_to_string(&path).expect("specs are UTF-8");
        let first = codegen::generate(&file, &source).expect("the committed specs generate");
        let second = codegen::generate(&file, &source).expect("the committed specs generate");
        assert_eq!(first, second, "{file} generates differently on a second run");
    }
}
