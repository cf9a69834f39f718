//! Problems found in a spec, each pinned to its file and a JSON pointer, collected before failing.

use std::fmt;

/// One problem in one spec, located by a JSON pointer into the document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}#{pointer}: {message}")]
pub struct Problem {
    /// The spec's file name, as given to [`crate::generate`].
    pub file: String,
    /// An RFC 6901 pointer into the document (`/paths/~1v2~1spaces/post`).
    pub pointer: String,
    /// What is wrong, in one lowercase line.
    pub message: String,
}

/// Every problem found in a spec; generation fails with all of them at once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Error {
    /// The problems, in the order they were found.
    pub problems: Vec<Problem>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) in the spec", self.problems.len())?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Collects problems for one file while the lowering goes on.
#[derive(Debug)]
pub(crate) struct ErrorStore {
    file: String,
    problems: Vec<Problem>,
}

impl ErrorStore {
    pub(crate) fn new(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            problems: Vec::new(),
        }
    }

    /// Records a problem at `pointer`.
    pub(crate) fn push(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.clone(),
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    /// Ends collection: `Ok` if nothing went wrong.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, Error> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            Err(Error {
                problems: self.problems,
            })
        }
    }
}

/// A JSON pointer under construction; segments are escaped when rendered.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pointer(Vec<String>);

impl Pointer {
    pub(crate) fn root() -> Self {
        Self(Vec::new())
    }

    /// The pointer one level down.
    pub(crate) fn at(&self, segment: impl fmt::Display) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment.to_string());
        Self(segments)
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.0 {
            write!(f, "/{}", segment.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        let pointer = Pointer::root().at("paths").at("/v2/spaces").at("~x");
        assert_eq!(pointer.to_string(), "/paths/~1v2~1spaces/~0x");
    }
}
