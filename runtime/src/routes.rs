//! The route table: every path a spec serves, with its trailing-slash, format-suffix and server-prefix variants,
//! in one radix tree ([`matchit`], the router behind axum), so a request is matched once, at a cost that does not
//! grow with the number of operations. Codegen lowers the table and checks that every pattern inserts; the glue
//! builds it once per process and routes each request with [`RouteTable::route`].

use actix_web::{HttpRequest, http::Method, web::Payload};

use crate::{negotiate::Format, rejection::RejectionKind};

/// One path of a spec under its variants: the operations it serves, by method.
#[derive(Debug)]
pub struct Route<O: 'static> {
    /// The patterns that reach it (`/v2/spaces/{guid}`, `/v2/spaces/{guid}/`), in `{name}` syntax.
    pub patterns: &'static [&'static str],
    /// The response format its format suffix pins, for suffixed variants.
    pub format: Option<Format>,
    /// The operation each method reaches, in the order the `Allow` header lists the methods.
    pub operations: &'static [(Method, O)],
}

/// The values of a request's path parameters, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathParams(Vec<(&'static str, String)>);

impl PathParams {
    /// The value of `name`, if the route has it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The operation a request was routed to.
#[derive(Debug)]
pub struct Routed<O> {
    /// The operation.
    pub operation: O,
    /// The response format the path's suffix pins.
    pub suffix: Option<Format>,
    /// The path parameters.
    pub params: PathParams,
}

/// A request the table routed to an operation, as the operation's generated handler takes it.
pub struct Call {
    /// The request.
    pub http: HttpRequest,
    /// The response format negotiated from the path's suffix and `Accept`.
    pub format: Format,
    /// The path parameters the route matched.
    pub params: PathParams,
    /// The body, unread.
    pub payload: Payload,
}

/// A request the table routes to no operation: what to reject it with, and the format its path's suffix pins.
#[derive(Debug)]
pub struct Unrouted {
    /// The response format the path's suffix pins.
    pub suffix: Option<Format>,
    /// [`RejectionKind::NotFound`] for a path the spec does not declare, [`RejectionKind::MethodNotAllowed`]
    /// for a known path asked with a method it does not serve.
    pub kind: RejectionKind,
}

/// A spec's routes in one tree.
#[derive(Debug)]
pub struct RouteTable<O: 'static> {
    /// Each pattern to its route's place in `routes`.
    tree: matchit::Router<usize>,
    /// Each route with the methods it serves, as the `Allow` header lists them.
    routes: Vec<(&'static Route<O>, Vec<&'static str>)>,
    stop_at_dot: bool,
}

impl<O: Copy + 'static> RouteTable<O> {
    /// The table of `routes`. With `stop_at_dot` (a spec with format suffixes), a parameter never holds a dot, so
    /// `/v1/spaces/{id}.json` reads `.json` as the suffix and `/v1/spaces/a.b` is no path.
    ///
    /// # Errors
    /// A pattern that conflicts with an earlier one (codegen inserts every spec's patterns the same way, so a
    /// generated table always builds).
    pub fn new(routes: &'static [Route<O>], stop_at_dot: bool) -> Result<Self, matchit::InsertError> {
        let mut tree = matchit::Router::new();
        for (at, route) in routes.iter().enumerate() {
            for pattern in route.patterns {
                tree.insert(*pattern, at)?;
            }
        }
        let routes = routes
            .iter()
            .map(|route| {
                (
                    route,
                    route.operations.iter().map(|(method, _)| method.as_str()).collect(),
                )
            })
            .collect();
        Ok(Self {
            tree,
            routes,
            stop_at_dot,
        })
    }

    /// Routes a request for `path` (as actix decodes it) with `method`.
    ///
    /// # Errors
    /// The [`Unrouted`] of a path the spec does not declare or a method the path does not serve.
    pub fn route(&'static self, path: &str, method: &Method) -> Result<Routed<O>, Unrouted> {
        let not_found = Unrouted {
            suffix: None,
            kind: RejectionKind::NotFound,
        };
        let Ok(found) = self.tree.at(path) else {
            return Err(not_found);
        };
        if self.stop_at_dot && found.params.iter().any(|(_, value)| value.contains('.')) {
            return Err(not_found);
        }
        let (route, allow) = &self.routes[*found.value];
        match route.operations.iter().find(|(served, _)| served == method) {
            Some(&(_, operation)) => Ok(Routed {
                operation,
                suffix: route.format,
                params: PathParams(
                    found
                        .params
                        .iter()
                        .map(|(key, value)| (key, value.to_owned()))
                        .collect(),
                ),
            }),
            None => Err(Unrouted {
                suffix: route.format,
                kind: RejectionKind::MethodNotAllowed { allow },
            }),
        }
    }
}

/// Whether `path` belongs to the API whose patterns start with the literal segments `prefixes` (`/v1`; `""` for a
/// pattern that starts with a parameter, which claims every path): `path` is a prefix, or lies under one
/// (`/v1/spaces/7`), or, for an API with `format_suffixes`, is a prefix with a dot after it (`/v1.json`), the way a
/// suffixed path reads. The generated `owns` of each spec calls it with its route table's prefixes.
pub fn owns(path: &str, prefixes: &[&str], format_suffixes: &[&str]) -> bool {
    prefixes.iter().any(|prefix| match path.strip_prefix(prefix) {
        Some(rest) => {
            rest.is_empty() || rest.starts_with('/') || (!format_suffixes.is_empty() && rest.starts_with('.'))
        }
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_owns_its_prefixes_what_lies_under_them_and_their_suffixed_forms() {
        let suffixes = &["json", "xml"];
        assert!(owns("/v1", &["/v1"], suffixes));
        assert!(owns("/v1/spaces/7.xml", &["/v1"], suffixes));
        assert!(owns("/v1.json", &["/v1"], suffixes));
        assert!(!owns("/v1.json", &["/v1"], &[]));
        assert!(!owns("/v10/spaces", &["/v1"], suffixes));
        assert!(owns("/", &["/"], &[]));
        assert!(!owns("/v2", &["/"], &[]));
        assert!(owns("/anything", &[""], &[]));
    }

    static ROUTES: &[Route<u8>] = &[
        Route {
            patterns: &["/v1/spaces/{id}.json"],
            format: Some(Format::Json),
            operations: &[(Method::GET, 1)],
        },
        Route {
            patterns: &["/v1/spaces/{id}", "/v1/spaces/{id}/"],
            format: None,
            operations: &[(Method::GET, 1), (Method::PUT, 2)],
        },
        Route {
            patterns: &["/v1/spaces/{id}/events"],
            format: None,
            operations: &[(Method::GET, 3)],
        },
        Route {
            patterns: &["/v1/spaces/{id}/{relation}"],
            format: None,
            operations: &[(Method::GET, 4)],
        },
    ];

    fn table(stop_at_dot: bool) -> &'static RouteTable<u8> {
        Box::leak(Box::new(
            RouteTable::new(ROUTES, stop_at_dot).expect("the test routes insert"),
        ))
    }

    fn operation(routed: Result<Routed<u8>, Unrouted>) -> Option<(u8, Option<Format>, PathParams)> {
        routed.ok().map(|found| (found.operation, found.suffix, found.params))
    }

    fn not_found(routed: Result<Routed<u8>, Unrouted>) -> bool {
        matches!(
            routed,
            Err(Unrouted {
                suffix: None,
                kind: RejectionKind::NotFound
            })
        )
    }

    #[test]
    fn a_suffix_pins_the_format_and_is_not_part_of_the_parameter() {
        let (operation, format, params) =
            operation(table(true).route("/v1/spaces/abc.json", &Method::GET)).expect("the suffixed route matches");
        assert_eq!((operation, format), (1, Some(Format::Json)));
        assert_eq!(params.get("id"), Some("abc"));
        assert_eq!(params.get("guid"), None);
    }

    #[test]
    fn a_dot_in_a_parameter_is_no_path_when_parameters_stop_at_dots() {
        assert!(not_found(table(true).route("/v1/spaces/a.b", &Method::GET)));
        assert!(not_found(table(true).route("/v1/spaces/a.b.json", &Method::GET)));
        let (_, _, params) =
            operation(table(false).route("/v1/spaces/a.b", &Method::GET)).expect("without suffixes a dot is data");
        assert_eq!(params.get("id"), Some("a.b"));
    }

    #[test]
    fn a_literal_segment_wins_over_a_parameter_and_variants_reach_the_same_route() {
        let table = table(true);
        let at = |path| operation(table.route(path, &Method::GET)).map(|(operation, ..)| operation);
        assert_eq!(at("/v1/spaces/g/events"), Some(3));
        assert_eq!(at("/v1/spaces/g/routes"), Some(4));
        assert_eq!(at("/v1/spaces/g/"), Some(1));
        assert_eq!(at("/v1/spaces/"), None);
        assert!(not_found(table.route("/v1/spaces/", &Method::GET)));
    }

    #[test]
    fn a_known_path_with_another_method_lists_the_served_ones() {
        match table(true).route("/v1/spaces/g", &Method::DELETE) {
            Err(Unrouted {
                suffix,
                kind: RejectionKind::MethodNotAllowed { allow },
            }) => {
                assert_eq!(allow, ["GET", "PUT"]);
                assert_eq!(suffix, None);
            }
            other => panic!("expected 405, got {other:?}"),
        }
    }

    #[test]
    fn a_conflicting_pattern_is_refused() {
        static CONFLICT: &[Route<u8>] = &[
            Route {
                patterns: &["/v1/{a}"],
                format: None,
                operations: &[(Method::GET, 1)],
            },
            Route {
                patterns: &["/v1/{a}"],
                format: None,
                operations: &[(Method::GET, 2)],
            },
        ];
        assert!(RouteTable::new(CONFLICT, false).is_err());
    }
}
