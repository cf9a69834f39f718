//! Cloud Foundry v2 list queries: the `q` filter language and paging with `prev_url`/`next_url` as the real
//! server writes them (query keys in alphabetical order, `q` values percent-encoded but for the characters a
//! query may hold literally).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// A comparison in a `q` filter (`:`, `>=`, `<=`, `<`, `>`, ` IN `): the store's.
pub use crate::store::Comparison as Op;
use crate::store::{Condition, NameKey, Window};

/// One `q` condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// The attribute.
    pub key: String,
    /// The comparison.
    pub op: Op,
    /// The operand(s); one unless `op` is `In`.
    pub values: Vec<String>,
}

impl Filter {
    /// The condition on the filtered attribute.
    pub fn condition(&self) -> Condition<String> {
        Condition {
            comparison: self.op,
            operands: self.values.clone(),
        }
    }

    /// The condition on a name's key: the operands are names, compared by their keys.
    pub fn name_condition(&self) -> Condition<NameKey> {
        self.condition().map(|name| NameKey::of(&name))
    }

    /// Whether `actual` satisfies the condition. `fold` compares names by their keys (ignoring case); an absent
    /// attribute satisfies nothing.
    pub fn matches(&self, actual: Option<&str>, fold: bool) -> bool {
        match actual {
            Some(actual) if fold => self.name_condition().holds(&NameKey::of(actual)),
            Some(actual) => self.condition().holds(&actual.to_owned()),
            None => false,
        }
    }
}

/// The operators in the order they are looked for at each position (two-character ones first).
const OPERATORS: &[(&str, Op)] = &[
    (" IN ", Op::In),
    (">=", Op::Ge),
    ("<=", Op::Le),
    (":", Op::Eq),
    ("<", Op::Lt),
    (">", Op::Gt),
];

/// Splits one `q` value on `;` (`;;` stands for a literal `;`).
fn split_conditions(q: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = q.chars().peekable();
    while let Some(c) = chars.next() {
        if c != ';' {
            current.push(c);
        } else if chars.peek() == Some(&';') {
            chars.next();
            current.push(';');
        } else {
            parts.push(std::mem::take(&mut current));
        }
    }
    parts.push(current);
    parts.retain(|p| !p.is_empty());
    parts
}

/// Parses every `q` value into filters on `allowed` keys. On failure, the text CF puts after
/// `The query parameter is invalid: ` (the offending key, or the whole condition when it has no operator).
pub fn parse_filters(q: &[String], allowed: &[&str]) -> Result<Vec<Filter>, String> {
    let mut filters = Vec::new();
    for condition in q.iter().flat_map(|value| split_conditions(value)) {
        let found = (0..condition.len())
            .filter(|i| condition.is_char_boundary(*i))
            .find_map(|i| {
                OPERATORS
                    .iter()
                    .find(|(text, _)| condition[i..].starts_with(text))
                    .map(|(text, op)| (i, text.len(), *op))
            });
        let Some((at, width, op)) = found else {
            return Err(condition);
        };
        let key = condition[..at].to_owned();
        if !allowed.contains(&key.as_str()) {
            return Err(key);
        }
        let operand = &condition[at + width..];
        let values = if op == Op::In {
            operand.split(',').map(str::to_owned).collect()
        } else {
            vec![operand.to_owned()]
        };
        filters.push(Filter { key, op, values });
    }
    Ok(filters)
}

/// Characters percent-encoded in rebuilt page URLs: everything but unreserved characters and those a query may
/// hold literally (so `q=name:dev` keeps its colon).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b'/')
    .remove(b'?');

/// How a list is ordered and cut into pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// The page, from 1.
    pub page: i64,
    /// The page size.
    pub per_page: i64,
    /// Descending order.
    pub descending: bool,
    /// `order-by`, if given (kept in page URLs).
    pub order_by: Option<String>,
    /// `inline-relations-depth`, if given (kept in page URLs).
    pub depth: Option<i64>,
    /// The raw `q` values (kept in page URLs).
    pub q: Vec<String>,
}

/// One page of a list and the envelope fields around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The count after filtering.
    pub total_results: i64,
    /// The number of pages (1 for an empty list, as on the real server).
    pub total_pages: i64,
    /// The previous page's relative URL.
    pub prev_url: Option<String>,
    /// The next page's relative URL.
    pub next_url: Option<String>,
    /// This page's items.
    pub resources: Vec<T>,
}

impl<T> Page<T> {
    /// The same page with every resource converted by `convert`.
    pub fn map<U>(self, convert: impl FnMut(T) -> U) -> Page<U> {
        Page {
            total_results: self.total_results,
            total_pages: self.total_pages,
            prev_url: self.prev_url,
            next_url: self.next_url,
            resources: self.resources.into_iter().map(convert).collect(),
        }
    }
}

impl Paging {
    /// The relative URL of page `page` of `path` with this paging's other parameters, keys in alphabetical order.
    fn url(&self, path: &str, page: i64) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        if let Some(depth) = self.depth {
            pairs.push(("inline-relations-depth".into(), depth.to_string()));
        }
        if let Some(order_by) = &self.order_by {
            pairs.push(("order-by".into(), order_by.clone()));
        }
        let direction = if self.descending { "desc" } else { "asc" };
        pairs.push(("order-direction".into(), direction.into()));
        pairs.push(("page".into(), page.to_string()));
        pairs.extend(self.q.iter().map(|q| ("q".to_owned(), q.clone())));
        pairs.push(("results-per-page".into(), self.per_page.to_string()));
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, QUERY_VALUE)))
            .collect();
        format!("{path}?{}", query.join("&"))
    }

    /// Orders `items` (already in ascending order) and cuts out this page.
    pub fn apply<T>(&self, mut items: Vec<T>, path: &str) -> Page<T> {
        if self.descending {
            items.reverse();
        }
        let total = items.len();
        let range = self.window().range(total);
        let resources: Vec<T> = items.into_iter().skip(range.start).take(range.len()).collect();
        self.page_of(total, resources, path)
    }

    /// This page's run of a list. A page past every possible record (its offset beyond `usize`) is past the
    /// end of any list.
    pub fn window(&self) -> Window {
        let start = (self.page - 1).saturating_mul(self.per_page);
        Window::page(
            usize::try_from(start).unwrap_or(usize::MAX),
            usize::try_from(self.per_page).unwrap_or(0),
        )
    }

    /// The page holding `resources`, this page's run of a list of `total` items, with its neighbours' URLs.
    pub fn page_of<T>(&self, total: usize, resources: Vec<T>, path: &str) -> Page<T> {
        let total = i64::try_from(total).unwrap_or(i64::MAX);
        let total_pages = ((total + self.per_page - 1) / self.per_page).max(1);
        let prev_url = (self.page > 1).then(|| self.url(path, (self.page - 1).min(total_pages)));
        let next_url = (self.page < total_pages).then(|| self.url(path, self.page + 1));
        Page {
            total_results: total,
            total_pages,
            prev_url,
            next_url,
            resources,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn filters_split_on_semicolons_and_find_each_operator() {
        let filters = parse_filters(
            &q(&["name:dev;organization_guid IN a,b", "timestamp>=2026"]),
            &["name", "organization_guid", "timestamp"],
        )
        .expect("valid filters");

        assert_eq!(filters.len(), 3);
        assert_eq!(
            filters[0],
            Filter {
                key: "name".into(),
                op: Op::Eq,
                values: q(&["dev"])
            }
        );
        assert_eq!(filters[1].op, Op::In);
        assert_eq!(filters[1].values, q(&["a", "b"]));
        assert_eq!(filters[2].op, Op::Ge);
    }

    #[test]
    fn a_double_semicolon_is_a_literal_semicolon() {
        let filters = parse_filters(&q(&["name:a;;b"]), &["name"]).expect("valid");

        assert_eq!(filters[0].values, q(&["a;b"]));
    }

    #[test]
    fn an_unknown_key_is_reported() {
        assert_eq!(parse_filters(&q(&["foo:bar"]), &["name"]), Err("foo".to_owned()));
        assert_eq!(
            parse_filters(&q(&["nooperator"]), &["name"]),
            Err("nooperator".to_owned())
        );
    }

    #[test]
    fn names_match_ignoring_case() {
        let filter = &parse_filters(&q(&["name:DeV"]), &["name"]).expect("valid")[0];

        assert!(filter.matches(Some("dev"), true));
        assert!(!filter.matches(Some("dev"), false));
        assert!(!filter.matches(None, true));
    }

    #[test]
    fn pages_link_to_their_neighbours_with_sorted_keys() {
        let paging = Paging {
            page: 2,
            per_page: 1,
            descending: false,
            order_by: Some("name".into()),
            depth: Some(1),
            q: q(&["name:dev"]),
        };

        let page = paging.apply(vec![1, 2, 3], "/v2/spaces");

        assert_eq!(page.resources, vec![2]);
        assert_eq!(page.total_results, 3);
        assert_eq!(page.total_pages, 3);
        assert_eq!(
            page.next_url.as_deref(),
            Some(
                "/v2/spaces?inline-relations-depth=1&order-by=name&order-direction=asc&page=3&q=name:dev&results-per-page=1"
            )
        );
        assert_eq!(
            page.prev_url.as_deref(),
            Some(
                "/v2/spaces?inline-relations-depth=1&order-by=name&order-direction=asc&page=1&q=name:dev&results-per-page=1"
            )
        );
    }

    #[test]
    fn an_empty_list_has_one_page_and_no_links() {
        let paging = Paging {
            page: 1,
            per_page: 50,
            descending: true,
            order_by: None,
            depth: None,
            q: Vec::new(),
        };

        let page = paging.apply(Vec::<i32>::new(), "/v2/events");

        assert_eq!((page.total_results, page.total_pages), (0, 1));
        assert_eq!((page.prev_url, page.next_url), (None, None));
    }
}
