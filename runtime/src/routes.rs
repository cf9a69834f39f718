//! The route table: every path a spec serves, with its trailing-slash, format-suffix and server-prefix variants,
//! in one radix tree ([`matchit`], the router behind axum), so a request is matched once, at a cost that does not
//! grow with the number of operations. Codegen lowers the table and checks that every pattern inserts; the glue
//! builds it once per process and routes each request with [`RouteTable::route`].

use actix_web::http::Method;

use crate::negotiate::Format;

/// One path of a spec under its variants: the operations it serves, by method.
#[derive(Debug)]
pub struct Route<O: 'static> {
    /// The patterns that reach it (`/v2/spaces/{guid}`, `/v2/spaces/{guid}/`), in `{name}` syntax.
    pub patterns: &'static [&'static str],
    /// The response format its format suffix pins, for suffixed variants.
    pub format: Option<Format>,
    /// The methods it serves, as the `Allow` header lists them.
    pub allow: &'static [&'static str],
    /// The operation each method reaches.
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

/// Where a request was routed.
#[derive(Debug)]
pub enum Routed<O> {
    /// To an operation, with its path parameters and the format the path's suffix pins.
    Operation {
        /// The operation.
        operation: O,
        /// The response format a suffix pins.
        format: Option<Format>,
        /// The path parameters.
        params: PathParams,
    },
    /// To a known path asked with a method it does not serve.
    MethodNotAllowed {
        /// The methods the path serves.
        allow: &'static [&'static str],
        /// The response format a suffix pins.
        format: Option<Format>,
    },
    /// Nowhere: the spec does not declare the path.
    NotFound,
}

/// A spec's routes in one tree.
#[derive(Debug)]
pub struct RouteTable<O: 'static> {
    tree: matchit::Router<&'static Route<O>>,
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
        for route in routes {
            for pattern in route.patterns {
                tree.insert(*pattern, route)?;
            }
        }
        Ok(Self { tree, stop_at_dot })
    }

    /// Routes a request for `path` (as actix decodes it) with `method`.
    pub fn route(&'static self, path: &str, method: &Method) -> Routed<O> {
        let Ok(found) = self.tree.at(path) else {
            return Routed::NotFound;
        };
        if self.stop_at_dot && found.params.iter().any(|(_, value)| value.contains('.')) {
            return Routed::NotFound;
        }
        let route = *found.value;
        match route.operations.iter().find(|(served, _)| served == method) {
            Some(&(_, operation)) => Routed::Operation {
                operation,
                format: route.format,
                params: PathParams(
                    found
                        .params
                        .iter()
                        .map(|(key, value)| (key, value.to_owned()))
                        .collect(),
                ),
            },
            None => Routed::MethodNotAllowed {
                allow: route.allow,
                format: route.format,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static ROUTES: &[Route<u8>] = &[
        Route {
            patterns: &["/v1/spaces/{id}.json"],
            format: Some(Format::Json),
            allow: &["GET"],
            operations: &[(Method::GET, 1)],
        },
        Route {
            patterns: &["/v1/spaces/{id}", "/v1/spaces/{id}/"],
            format: None,
            allow: &["GET", "PUT"],
            operations: &[(Method::GET, 1), (Method::PUT, 2)],
        },
        Route {
            patterns: &["/v1/spaces/{id}/events"],
            format: None,
            allow: &["GET"],
            operations: &[(Method::GET, 3)],
        },
        Route {
            patterns: &["/v1/spaces/{id}/{relation}"],
            format: None,
            allow: &["GET"],
            operations: &[(Method::GET, 4)],
        },
    ];

    fn table(stop_at_dot: bool) -> &'static RouteTable<u8> {
        Box::leak(Box::new(
            RouteTable::new(ROUTES, stop_at_dot).expect("the test routes insert"),
        ))
    }

    fn operation(routed: Routed<u8>) -> Option<(u8, Option<Format>, PathParams)> {
        match routed {
            Routed::Operation {
                operation,
                format,
                params,
            } => Some((operation, format, params)),
            _ => None,
        }
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
        assert!(matches!(
            table(true).route("/v1/spaces/a.b", &Method::GET),
            Routed::NotFound
        ));
        assert!(matches!(
            table(true).route("/v1/spaces/a.b.json", &Method::GET),
            Routed::NotFound
        ));
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
    }

    #[test]
    fn a_known_path_with_another_method_lists_the_served_ones() {
        match table(true).route("/v1/spaces/g", &Method::DELETE) {
            Routed::MethodNotAllowed { allow, format } => {
                assert_eq!(allow, ["GET", "PUT"]);
                assert_eq!(format, None);
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
                allow: &["GET"],
                operations: &[(Method::GET, 1)],
            },
            Route {
                patterns: &["/v1/{a}"],
                format: None,
                allow: &["GET"],
                operations: &[(Method::GET, 2)],
            },
        ];
        assert!(RouteTable::new(CONFLICT, false).is_err());
    }
}
