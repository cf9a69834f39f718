//! The output of every test spec (`specs/*.yaml`), committed under `output/` and reviewed like `generated/`: this
//! test fails with a diff when codegen's output changes (`EXPECTORATE=overwrite cargo test -p codegen --test
//! output` rewrites the files), and the `compiled` test builds and serves what is committed.

use std::{fs, path::Path};

#[test]
fn every_test_spec_generates_its_committed_output() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs");
    let mut stems = Vec::new();
    for entry in fs::read_dir(&specs).expect("tests/specs is readable") {
        let path = entry.expect("tests/specs entries are readable").path();
        let file = path.file_name().and_then(|f| f.to_str()).expect("UTF-8 file names");
        let stem = file.strip_suffix(".yaml").expect("every test spec is YAML").to_owned();
        let source = fs::read_to_string(&path).expect("test specs are UTF-8");

        let code = codegen::generate(file, &source).unwrap_or_else(|error| panic!("{file}: {error}"));

        expectorate::assert_contents(format!("tests/output/{stem}.rs"), &code);
        stems.push(stem);
    }
    stems.sort();
    assert_eq!(
        stems,
        ["bodies", "listing", "paths", "routes", "security", "tiny"],
        "the compiled test includes each of these"
    );
}
