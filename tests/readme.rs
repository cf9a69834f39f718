//! The README shows code and lists that live elsewhere: each copy must stay equal to its source (a file, or the
//! operations of a spec).

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

/// The HTTP methods an OpenAPI path item may hold an operation under.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One operation as a row of the README's tables: `(METHOD, path template, operationId)`.
type Row = (String, String, String);

/// Every operation of `openapi/{stem}.yaml`, in spec order.
fn spec_operations(stem: &str) -> Vec<Row> {
    let path = format!("{}/openapi/{stem}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let spec: serde_json::Value = yaml_serde::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"));
    let paths = spec["paths"]
        .as_object()
        .unwrap_or_else(|| panic!("{path} has no `paths`"));
    let mut rows = Vec::new();
    for (template, item) in paths {
        for method in METHODS {
            if let Some(operation) = item.get(*method) {
                let id = operation["operationId"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{path}: {method} {template} has no operationId"));
                rows.push((method.to_uppercase(), template.clone(), id.to_owned()));
            }
        }
    }
    rows
}

/// The first three cells of each row of the table that follows `<!-- operations: {stem} …-->` in the README, their
/// backticks removed.
fn readme_operations(readme: &str, stem: &str) -> Vec<Row> {
    let marker = format!("<!-- operations: {stem} ");
    let after = readme
        .split_once(&marker)
        .unwrap_or_else(|| panic!("README.md has no `{marker}…-->` before the operation table of {stem}"))
        .1;
    let table = after.split_once("-->\n").expect("the marker comment is closed").1;
    let mut lines = table.lines().take_while(|line| line.starts_with('|'));
    let header = lines
        .next()
        .unwrap_or_else(|| panic!("no table follows the {stem} marker"));
    assert!(
        header.starts_with("| method | path | operationId |"),
        "the {stem} table's columns start with method, path, operationId: {header}"
    );
    lines
        .skip(1)
        .map(|line| {
            let cells: Vec<String> = line
                .split('|')
                .skip(1)
                .take(3)
                .map(|cell| cell.trim().trim_matches('`').to_owned())
                .collect();
            match <[String; 3]>::try_from(cells) {
                Ok([method, path, id]) => (method, path, id),
                Err(_) => panic!("a row of the {stem} table has fewer than three cells: {line}"),
            }
        })
        .collect()
}

#[test]
fn the_readme_operation_tables_list_exactly_each_specs_operations() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md");
    let mut problems = Vec::new();
    for stem in ["cloud_foundry", "assembla", "onezone", "control"] {
        let spec = spec_operations(stem);
        let listed = readme_operations(&readme, stem);
        let show = |(method, path, id): &Row| format!("| {method} | `{path}` | `{id}` |");
        for row in spec.iter().filter(|row| !listed.contains(row)) {
            problems.push(format!("{stem}: missing from the README's table: {}", show(row)));
        }
        for row in listed.iter().filter(|row| !spec.contains(row)) {
            problems.push(format!(
                "{stem}: in the README's table but not in openapi/{stem}.yaml: {}",
                show(row)
            ));
        }
        for (at, row) in listed.iter().enumerate() {
            if listed[..at].contains(row) {
                problems.push(format!("{stem}: listed twice in the README's table: {}", show(row)));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "README.md's operation tables differ from the specs:\n{}",
        problems.join("\n")
    );
}
