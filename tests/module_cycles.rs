//! No import cycles among the hand-written modules of each crate (the app, the store, the runtime, codegen). A
//! module here is one file under the crate's source folder; it depends
//! on another when it names it through a `crate::`, `super::` or `self::` path, in a `use` or anywhere in its
//! code, and naming a module names every module inside it. A module and its own ancestors are one unit (a parent
//! declares its children and a child may use its parent's items), so those edges are not counted; every other
//! cycle fails the test, printed file by file.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

/// The folder of each hand-written crate's modules, where its `crate::` paths start: the app, the store, the
/// runtime and the code generator.
const ROOTS: &[&str] = &["server", "store/src", "runtime/src", "codegen/src"];

/// A module: its path from the crate root (`["control", "tenancy"]`), empty for the root.
type Module = Vec<String>;

/// Every hand-written module of the crate under `root`, by its module path, with its file (`main.rs` is the
/// binary's crate, which reaches the library by its name).
fn modules(root: &str) -> BTreeMap<Module, PathBuf> {
    let mut found = BTreeMap::new();
    let mut pending = vec![PathBuf::from(root)];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(&folder)).expect("a folder");
        for entry in entries {
            let path = entry.expect("an entry").path();
            let relative = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .expect("under the manifest")
                .to_path_buf();
            if path.is_dir() {
                pending.push(relative);
            } else if path.extension().is_some_and(|extension| extension == "rs") && !path.ends_with("main.rs") {
                found.insert(module_of(root, &relative), relative);
            }
        }
    }
    found
}

/// The module path a file under `server/` stands for (`server/control/mod.rs` is `control`).
fn module_of(root: &str, file: &Path) -> Module {
    let mut parts: Module = file
        .strip_prefix(root)
        .expect("a file under server/")
        .with_extension("")
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// What a file names and what it re-exports.
#[derive(Default)]
struct Parsed {
    /// The paths it names, as written: each `use` leaf and each path expression or type, segment by segment.
    named: Vec<Vec<String>>,
    /// Its `use` items: the name each is known by here, and the path it stands for.
    scope: BTreeMap<String, Vec<String>>,
    /// The public ones among them (`pub use`), which other modules may name through this one.
    exports: BTreeMap<String, Vec<String>>,
}

impl Parsed {
    fn use_tree(&mut self, public: bool, prefix: &[String], tree: &syn::UseTree) {
        let joined = |ident: &syn::Ident| [prefix, &[ident.to_string()]].concat();
        let (path, alias) = match tree {
            syn::UseTree::Path(path) => return self.use_tree(public, &joined(&path.ident), &path.tree),
            syn::UseTree::Group(group) => {
                return group.items.iter().for_each(|item| self.use_tree(public, prefix, item));
            }
            syn::UseTree::Name(name) if name.ident == "self" => (prefix.to_vec(), prefix.last().cloned()),
            syn::UseTree::Name(name) => (joined(&name.ident), Some(name.ident.to_string())),
            syn::UseTree::Rename(rename) => (joined(&rename.ident), Some(rename.rename.to_string())),
            syn::UseTree::Glob(_) => (prefix.to_vec(), None),
        };
        if let Some(alias) = alias {
            if public {
                self.exports.insert(alias.clone(), path.clone());
            }
            self.scope.insert(alias, path.clone());
        }
        self.named.push(path);
    }
}

impl<'ast> syn::visit::Visit<'ast> for Parsed {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let public = !matches!(item.vis, syn::Visibility::Inherited);
        self.use_tree(public, &[], &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.named
            .push(path.segments.iter().map(|segment| segment.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }
}

/// The app's modules, each with its file and what the file names and re-exports.
struct Crate {
    modules: BTreeMap<Module, (PathBuf, Parsed)>,
}

impl Crate {
    fn read(root: &str) -> Self {
        let modules = modules(root)
            .into_iter()
            .map(|(module, file)| {
                let text =
                    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&file)).expect("a source file");
                let syntax = syn::parse_file(&text).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
                let mut parsed = Parsed::default();
                syn::visit::Visit::visit_file(&mut parsed, &syntax);
                (module, (file, parsed))
            })
            .collect();
        Self { modules }
    }

    /// The module a path written in `from` names: resolved from the crate root, `super`, `self`, a child module
    /// of `from` or a name `from` imports, through the longest prefix that is a module file, then through that
    /// module's `pub use` of the next segment (a re-export names the module it comes from). `None` for paths
    /// outside the crate.
    fn resolve(&self, from: &Module, path: &[String], depth: usize) -> Option<Module> {
        let first = path.first()?;
        let (mut at, rest) = match first.as_str() {
            "crate" => (Module::new(), &path[1..]),
            "self" => (from.clone(), &path[1..]),
            "super" => {
                let supers = path.iter().take_while(|segment| *segment == "super").count();
                (from[..from.len().saturating_sub(supers)].to_vec(), &path[supers..])
            }
            _ if self
                .modules
                .contains_key(&[from.as_slice(), std::slice::from_ref(first)].concat()) =>
            {
                (from.clone(), path)
            }
            _ => {
                let imported = self.modules.get(from).and_then(|(_, parsed)| parsed.scope.get(first));
                return match imported {
                    Some(target) if depth < 8 && target.len() > 1 => {
                        self.resolve(from, &[target.as_slice(), &path[1..]].concat(), depth + 1)
                    }
                    _ => None,
                };
            }
        };
        for segment in rest {
            let inner = [at.as_slice(), std::slice::from_ref(segment)].concat();
            if self.modules.contains_key(&inner) {
                at = inner;
                continue;
            }
            let exported = self
                .modules
                .get(&at)
                .and_then(|(_, parsed)| parsed.exports.get(segment));
            return match exported {
                Some(target) if depth < 8 => self.resolve(&at, target, depth + 1).or(Some(at)),
                _ => Some(at),
            };
        }
        Some(at)
    }
}

/// Each module's dependencies on modules that are neither itself nor an ancestor or descendant of it.
fn graph(root: &str) -> (BTreeMap<Module, BTreeSet<Module>>, BTreeMap<Module, PathBuf>) {
    let program = Crate::read(root);
    let mut edges = BTreeMap::new();
    for (module, (_, parsed)) in &program.modules {
        let targets: BTreeSet<Module> = parsed
            .named
            .iter()
            .filter_map(|path| program.resolve(module, path, 0))
            .filter(|target| !target.starts_with(module) && !module.starts_with(target))
            .collect();
        edges.insert(module.clone(), targets);
    }
    let files = program
        .modules
        .into_iter()
        .map(|(module, (file, _))| (module, file))
        .collect();
    (edges, files)
}

/// One cycle through the graph, if there is any (depth-first search, colouring the modules on the stack).
fn a_cycle(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    fn visit(
        at: &Module,
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        stack: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(start) = stack.iter().position(|on| on == at) {
            return Some([&stack[start..], std::slice::from_ref(at)].concat());
        }
        if !done.insert(at.clone()) {
            return None;
        }
        stack.push(at.clone());
        for next in edges.get(at).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|start| visit(start, edges, &mut Vec::new(), &mut done))
}

#[test]
fn the_hand_written_modules_of_every_crate_import_each_other_without_a_cycle() {
    for root in ROOTS {
        let (edges, files) = graph(root);

        let cycle = a_cycle(&edges);

        let shown: Vec<String> = cycle
            .iter()
            .flatten()
            .map(|module| files[module].display().to_string())
            .collect();
        assert!(edges.len() > 5, "{root}: its modules are read");
        assert!(cycle.is_none(), "an import cycle: {}", shown.join(" -> "));
    }
}

#[test]
fn a_cycle_between_two_modules_is_found() {
    let (a, b): (Module, Module) = (vec!["a".into()], vec!["b".into()]);
    let edges = BTreeMap::from([
        (a.clone(), BTreeSet::from([b.clone()])),
        (b.clone(), BTreeSet::from([a.clone()])),
    ]);

    assert_eq!(a_cycle(&edges), Some(vec![a.clone(), b, a]));
}

#[test]
fn paths_resolve_through_modules_and_their_re_exports() {
    let module = |text: &str| -> Module {
        text.split("::")
            .filter(|part| !part.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let parsed = |exports: &[(&str, &str)]| Parsed {
        named: Vec::new(),
        scope: BTreeMap::new(),
        exports: exports
            .iter()
            .map(|(name, path)| ((*name).to_owned(), module(path)))
            .collect(),
    };
    let program = Crate {
        modules: BTreeMap::from([
            (module(""), (PathBuf::new(), parsed(&[]))),
            (
                module("control"),
                (PathBuf::new(), parsed(&[("problem", "self::errors::problem")])),
            ),
            (module("control::errors"), (PathBuf::new(), parsed(&[]))),
            (module("state"), (PathBuf::new(), parsed(&[]))),
        ]),
    };
    let from = module("control::requests");

    assert_eq!(
        program.resolve(&from, &module("crate::control::problem"), 0),
        Some(module("control::errors"))
    );
    assert_eq!(
        program.resolve(&from, &module("super::Control"), 0),
        Some(module("control"))
    );
    assert_eq!(
        program.resolve(&from, &module("crate::state::AppState"), 0),
        Some(module("state"))
    );
    assert_eq!(
        program.resolve(&module("control"), &module("errors::problem"), 0),
        Some(module("control::errors"))
    );
    assert_eq!(program.resolve(&from, &module("serde_json::Value"), 0), None);
    let mut importer = parsed(&[]);
    importer
        .scope
        .insert("errors".to_owned(), module("crate::control::errors"));
    let program = Crate {
        modules: program
            .modules
            .into_iter()
            .chain([(module("state"), (PathBuf::new(), importer))])
            .collect(),
    };
    assert_eq!(
        program.resolve(&module("state"), &module("errors::problem"), 0),
        Some(module("control::errors"))
    );
}
