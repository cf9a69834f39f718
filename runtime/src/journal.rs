//! What a request journal needs from the glue: which operation served a request ([`Matched`], put in the
//! request's extensions by the glue), an API's [`Surface`] (generated from its spec), and, for a request none
//! served, the operations it nearly matched.

/// What a journal knows of an API, generated from its spec as `SURFACE`.
#[derive(Debug, Clone, Copy)]
pub struct Surface {
    /// The path of every relative `servers` URL (empty for `/`): every path is served under each.
    pub base_paths: &'static [&'static str],
    /// The format suffixes (`json`, `xml`) every path also answers with.
    pub format_suffixes: &'static [&'static str],
    /// Every operation as `(operationId, method, path template)`, in spec order: read from the generated
    /// `Operation` enum (`Operation::ALL` and `Operation::spec`), not a list of its own.
    pub operations: fn() -> Vec<(&'static str, &'static str, &'static str)>,
    /// The lower-cased names of the headers its security schemes read.
    pub credential_headers: &'static [&'static str],
    /// The wire names of its `format: password` properties and parameters.
    pub secret_fields: &'static [&'static str],
}

impl Surface {
    /// The operations `method path` nearly matched (see [`near_misses`]).
    pub fn near_misses(&self, method: &str, path: &str) -> Vec<NearMiss> {
        near_misses(method, path, self.base_paths, self.format_suffixes, (self.operations)())
    }
}

/// The operation that served a request: its `operationId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Matched(pub &'static str);

/// Why an operation nearly matched a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// The path matches the operation's template; the method does not.
    Method,
    /// The method matches and the template differs from the path in one segment.
    Segment,
}

/// An operation a request nearly matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    /// Its `operationId`.
    pub operation: &'static str,
    /// Its method.
    pub method: &'static str,
    /// Its path template.
    pub path: &'static str,
    /// Why it is near.
    pub reason: Miss,
}

/// How many segments of `path` differ from `template` (a `{parameter}` matches any segment); `None` when their
/// lengths differ.
fn differences(path: &[&str], template: &str) -> Option<usize> {
    let template: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    (template.len() == path.len()).then(|| {
        template
            .iter()
            .zip(path)
            .filter(|(want, got)| !(want.starts_with('{') || want == got))
            .count()
    })
}

/// The operations (`(operationId, method, path template)`) that `method path` nearly matched: those whose template
/// matches the path under another method, and those of the same method whose template differs in one segment.
/// The path is read under each of the API's base paths, without a trailing slash or a format suffix.
pub fn near_misses(
    method: &str,
    path: &str,
    base_paths: &[&str],
    format_suffixes: &[&str],
    operations: impl IntoIterator<Item = (&'static str, &'static str, &'static str)>,
) -> Vec<NearMiss> {
    let readings: Vec<Vec<&str>> = base_paths
        .iter()
        .filter_map(|base| path.strip_prefix(base))
        .map(|rest| {
            let mut segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
            if let Some(last) = segments.last_mut()
                && let Some((stem, suffix)) = last.rsplit_once('.')
                && format_suffixes.contains(&suffix)
            {
                *last = stem;
            }
            segments
        })
        .collect();
    let mut misses = Vec::new();
    for (operation, op_method, template) in operations {
        let fewest = readings
            .iter()
            .filter_map(|segments| differences(segments, template))
            .min();
        let reason = match fewest {
            Some(0) if !op_method.eq_ignore_ascii_case(method) => Miss::Method,
            Some(1) if op_method.eq_ignore_ascii_case(method) => Miss::Segment,
            _ => continue,
        };
        misses.push(NearMiss {
            operation,
            method: op_method,
            path: template,
            reason,
        });
    }
    misses
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPERATIONS: [(&str, &str, &str); 4] = [
        ("listSpaces", "GET", "/v2/spaces"),
        ("createSpace", "POST", "/v2/spaces"),
        ("getSpace", "GET", "/v2/spaces/{guid}"),
        ("getSpaceEvents", "GET", "/v2/spaces/{guid}/events"),
    ];

    #[test]
    fn another_method_or_one_segment_off_is_near() {
        let wrong_method = near_misses("PATCH", "/v2/spaces/", &[""], &[], OPERATIONS);
        let typo = near_misses("GET", "/v2/spaces/s1/event", &[""], &[], OPERATIONS);
        let under_a_base = near_misses(
            "DELETE",
            "/api/v3/v2/spaces.json",
            &["", "/api/v3"],
            &["json"],
            OPERATIONS,
        );
        let far = near_misses("GET", "/v3/apps/a/b/c", &[""], &[], OPERATIONS);

        let names = |misses: &[NearMiss]| misses.iter().map(|m| (m.operation, m.reason)).collect::<Vec<_>>();
        assert_eq!(
            names(&wrong_method),
            [("listSpaces", Miss::Method), ("createSpace", Miss::Method)]
        );
        assert_eq!(names(&typo), [("getSpaceEvents", Miss::Segment)]);
        assert_eq!(
            names(&under_a_base),
            [("listSpaces", Miss::Method), ("createSpace", Miss::Method)]
        );
        assert!(far.is_empty());
    }
}
