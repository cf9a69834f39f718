//! The README shows code that lives elsewhere: each copy must stay equal to its file.

/// The fenced block that follows `marker` in the README.
fn block_after(readme: &str, marker: &str) -> String {
    let after = readme
        .split_once(marker)
        .unwrap_or_else(|| panic!("README.md has no `{marker}`"))
        .1;
    let start = after.find("```").expect("a fenced block follows the marker");
    let body = after[start..].split_once('\n').expect("the fence line ends").1;
    let end = body.find("\n```").expect("the fenced block is closed");
    body[..=end].to_owned()
}

#[test]
fn the_readme_pytest_fixture_is_the_one_ci_runs() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md");
    let conftest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/pytest/conftest.py"))
        .expect(".ci/pytest/conftest.py");

    assert_eq!(
        block_after(
            &readme,
            "<!-- conftest.py: kept equal to .ci/pytest/conftest.py by tests/readme.rs -->"
        ),
        conftest
    );
}
