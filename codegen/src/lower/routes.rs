//! The route table: every path served under each relative `servers` URL, with its trailing-slash variant
//! (`x-spaceport-trailing-slash`) and its format-suffixed variants (`x-spaceport-format-suffixes`), each pattern
//! checked to fit the runtime's radix tree (where a literal segment wins over a parameter whatever the order).

use serde_json::Value;

use super::{Lowering, bool_extension, responses::RESPONSE_MEDIA};
use crate::{
    error::Pointer,
    model::{Operation, Resource, ResponseFormat},
};

/// What the route table lowers to.
pub(super) struct Routes {
    pub(super) resources: Vec<Resource>,
    pub(super) prefixes: Vec<String>,
    pub(super) base_paths: Vec<String>,
    pub(super) suffixes: Vec<String>,
}

impl Lowering<'_> {
    /// The resources to register, in order, the literal first segments of their patterns (what the API owns),
    /// the base paths and the format suffixes.
    pub(super) fn routes(&mut self, operations: &[Operation]) -> Routes {
        let base_paths = self.base_paths();
        let suffixes = self.format_suffixes();
        let trailing_slash = bool_extension(&self.spec.extensions, "x-spaceport-trailing-slash");
        let paths = distinct_paths(operations);
        let mut resources = Vec::new();
        for path in &paths {
            let at_path: Vec<usize> = (0..operations.len())
                .filter(|&index| operations[index].path == *path)
                .collect();
            let mut patterns: Vec<String> = Vec::new();
            for base in &base_paths {
                let full = format!("{base}{path}");
                let mut variants = vec![full.clone()];
                if trailing_slash && full != "/" {
                    variants.push(match full.strip_suffix('/') {
                        Some(trimmed) => trimmed.to_owned(),
                        None => format!("{full}/"),
                    });
                }
                push_new(&mut patterns, variants);
            }
            // Suffixed variants first: each pins its response format.
            for (suffix, format) in &suffixes {
                let mut suffixed = Vec::new();
                push_new(
                    &mut suffixed,
                    patterns
                        .iter()
                        .map(|pattern| format!("{}.{suffix}", pattern.trim_end_matches('/'))),
                );
                resources.push(Resource {
                    path: path.clone(),
                    patterns: suffixed,
                    format: Some(*format),
                    operations: at_path.clone(),
                });
            }
            resources.push(Resource {
                path: path.clone(),
                patterns,
                format: None,
                operations: at_path,
            });
        }
        // What `owns` claims: the literal first segment of every pattern, the suffixed ones read without the
        // suffix (a pattern starting with a parameter claims every path).
        let mut prefixes = Vec::new();
        push_new(
            &mut prefixes,
            resources
                .iter()
                .filter(|resource| resource.format.is_none())
                .flat_map(|resource| &resource.patterns)
                .map(|pattern| {
                    let segment = pattern.trim_start_matches('/').split('/').next().unwrap_or_default();
                    if segment.starts_with('{') {
                        String::new()
                    } else {
                        format!("/{segment}")
                    }
                }),
        );
        self.check_table(&resources);
        Routes {
            resources,
            prefixes,
            suffixes: suffixes.into_iter().map(|(suffix, _)| suffix).collect(),
            base_paths,
        }
    }

    /// Inserts every pattern into a route table as the runtime does, so a spec whose paths the table cannot hold
    /// (two templates that differ only in a parameter's name, say) fails the build instead of the first request.
    fn check_table(&mut self, resources: &[Resource]) {
        let mut table = matchit::Router::new();
        for resource in resources {
            for pattern in &resource.patterns {
                if let Err(error) = table.insert(pattern.as_str(), ()) {
                    self.errors.push(
                        &Pointer::root().at("paths").at(&resource.path),
                        format!("`{pattern}` cannot join the route table: {error}"),
                    );
                }
            }
        }
    }

    /// `x-spaceport-format-suffixes: {json: application/json, xml: application/xml}`.
    fn format_suffixes(&mut self) -> Vec<(String, ResponseFormat)> {
        let pointer = Pointer::root().at("x-spaceport-format-suffixes");
        match self.spec.extensions.get("x-spaceport-format-suffixes") {
            None => Vec::new(),
            Some(Value::Object(map)) => map
                .iter()
                .filter_map(|(suffix, media)| match media.as_str() {
                    Some("application/xml") => Some((suffix.clone(), ResponseFormat::Xml)),
                    Some("application/json") => Some((suffix.clone(), ResponseFormat::Json)),
                    _ => {
                        self.errors.push(
                            &pointer.at(suffix),
                            format!("must name a response media type ({})", RESPONSE_MEDIA.join(", ")),
                        );
                        None
                    }
                })
                .collect(),
            Some(_) => {
                self.errors.push(&pointer, "must map suffixes to media types");
                Vec::new()
            }
        }
    }

    /// The paths of the `servers` URLs; each must be relative (`/api/v3/onezone`, `/`).
    fn base_paths(&mut self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (index, server) in self.spec.servers.iter().enumerate() {
            if !server.url.starts_with('/') {
                self.errors.push(
                    &Pointer::root().at("servers").at(index).at("url"),
                    "server URLs must be relative paths (`/`, `/api/v3/onezone`)",
                );
                continue;
            }
            push_new(&mut out, [server.url.trim_end_matches('/').to_owned()]);
        }
        if out.is_empty() {
            out.push(String::new());
        }
        out
    }
}

/// The distinct operation paths, in spec order. Order does not decide matching: the tree tries a literal segment
/// before a parameter (`/spaces/{guid}/events` before `/spaces/{guid}/{relation}`), as OpenAPI matches concrete
/// paths before templated ones.
fn distinct_paths(operations: &[Operation]) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    push_new(&mut paths, operations.iter().map(|op| op.path.clone()));
    paths
}

/// Appends the items not already in `list`.
fn push_new(list: &mut Vec<String>, items: impl IntoIterator<Item = String>) {
    for item in items {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}
