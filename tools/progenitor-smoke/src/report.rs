//! What one API's smoke test saw: the answers parsed into the generated types, the documented error, and (from
//! the clients' [`Calls`]) whether every operation of the view was called.

use std::any::type_name;
use std::collections::BTreeSet;
use std::fmt::{self, Display};

use futures_util::StreamExt;
use progenitor_client::{ByteStream, Error, ResponseValue};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::calls::Calls;

/// Why a smoke test failed.
#[derive(Debug)]
pub struct Failure(pub String);

impl Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Fails the smoke test with a formatted message unless the condition holds.
macro_rules! ensure {
    ($condition:expr, $($message:tt)+) => {
        if !$condition {
            return Err($crate::report::Failure(format!($($message)+)));
        }
    };
}
pub(crate) use ensure;

/// One API's tally.
pub struct Report {
    api: &'static str,
    /// The view the client was generated from (build.rs copies it beside the client).
    view: &'static str,
    calls: Calls,
    parsed: usize,
    /// The documented error: its status and the generated type it was parsed into.
    error: Option<(u16, &'static str)>,
}

impl Report {
    /// A tally for `api`, whose clients record their calls in `calls`.
    pub fn new(api: &'static str, view: &'static str, calls: Calls) -> Self {
        Report {
            api,
            view,
            calls,
            parsed: 0,
            error: None,
        }
    }

    /// The success answer of `operation` (the view's operationId, for messages), with `status`, parsed by the
    /// generated client into its type.
    pub fn typed<T, E>(
        &mut self,
        operation: &str,
        status: u16,
        result: Result<ResponseValue<T>, Error<E>>,
    ) -> Result<ResponseValue<T>, Failure>
    where
        Error<E>: Display,
    {
        let value = answered(operation, status, result)?;
        self.parsed += 1;
        Ok(value)
    }

    /// The bytes of a success answer the view declares as `application/octet-stream`, with `status`.
    async fn bytes<E>(
        operation: &str,
        status: u16,
        result: Result<ResponseValue<ByteStream>, Error<E>>,
    ) -> Result<Vec<u8>, Failure>
    where
        Error<E>: Display,
    {
        let value = answered(operation, status, result)?;
        let mut stream = value.into_inner_stream();
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|error| Failure(format!("{operation}: reading the body: {error}")))?;
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    /// A bytes answer decoded into `T`, the generated type its description names.
    pub async fn decoded<T: DeserializeOwned, E>(
        &mut self,
        operation: &str,
        status: u16,
        result: Result<ResponseValue<ByteStream>, Error<E>>,
    ) -> Result<T, Failure>
    where
        Error<E>: Display,
    {
        let bytes = Self::bytes(operation, status, result).await?;
        let value = serde_json::from_slice(&bytes).map_err(|error| {
            Failure(format!(
                "{operation}: the {status} body is not a {}: {error}: {}",
                short_name::<T>(),
                String::from_utf8_lossy(&bytes)
            ))
        })?;
        self.parsed += 1;
        Ok(value)
    }

    /// A bytes answer whose description says it has no body.
    pub async fn empty<E>(
        &mut self,
        operation: &str,
        status: u16,
        result: Result<ResponseValue<ByteStream>, Error<E>>,
    ) -> Result<(), Failure>
    where
        Error<E>: Display,
    {
        let bytes = Self::bytes(operation, status, result).await?;
        ensure!(
            bytes.is_empty(),
            "{operation}: the {status} answer has a body: {}",
            String::from_utf8_lossy(&bytes)
        );
        self.parsed += 1;
        Ok(())
    }

    /// The documented error answer of `operation`, with `status`, parsed by the generated client into `E`.
    pub fn documented_error<T, E>(
        &mut self,
        operation: &str,
        status: u16,
        result: Result<ResponseValue<T>, Error<E>>,
    ) -> Result<E, Failure>
    where
        Error<E>: Display,
    {
        let answer = match result {
            Err(Error::ErrorResponse(answer)) => answer,
            Err(error) => {
                return Err(Failure(format!(
                    "{operation}: expected a typed {status} error, got {error}"
                )));
            }
            Ok(value) => {
                return Err(Failure(format!(
                    "{operation}: expected {status}, got {}",
                    value.status()
                )));
            }
        };
        ensure!(
            answer.status().as_u16() == status,
            "{operation}: expected a {status} error, got {}",
            answer.status()
        );
        self.error = Some((status, short_name::<E>()));
        Ok(answer.into_inner())
    }

    /// Checks that every operation of the view was called and a documented error was seen; the summary line.
    pub fn finish(self) -> Result<String, Failure> {
        let view: Value = serde_json::from_str(self.view)
            .map_err(|error| Failure(format!("{}: the view is not JSON: {error}", self.api)))?;
        let operations = operation_ids(&view);
        ensure!(!operations.is_empty(), "{}: the view has no operations", self.api);
        let called: BTreeSet<String> = self.calls.called().into_iter().map(comparable).collect();
        let missing: Vec<&String> = operations
            .iter()
            .filter(|id| !called.contains(&comparable(id)))
            .collect();
        ensure!(missing.is_empty(), "{}: operations never called: {missing:?}", self.api);
        let known: BTreeSet<String> = operations.iter().map(comparable).collect();
        let unknown: Vec<&String> = called.iter().filter(|id| !known.contains(*id)).collect();
        ensure!(
            unknown.is_empty(),
            "{}: called operations the view lacks: {unknown:?}",
            self.api
        );
        let Some((status, error)) = self.error else {
            return Err(Failure(format!("{}: no documented error was checked", self.api)));
        };
        Ok(format!(
            "progenitor {}: {}/{} operations called, {} responses parsed, error {status} parsed as {error}",
            self.api,
            operations.len() - missing.len(),
            operations.len(),
            self.parsed
        ))
    }
}

/// The operationIds of a view, in document order.
fn operation_ids(view: &Value) -> Vec<String> {
    const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let Some(paths) = view.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    paths
        .values()
        .flat_map(|item| METHODS.iter().filter_map(move |method| item.get(*method)))
        .filter_map(|operation| operation.get("operationId").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}

/// An operation id as progenitor's snake-case one and the view's camel-case one compare: `getspace`.
fn comparable(id: impl AsRef<str>) -> String {
    id.as_ref()
        .chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A type's name without its path: `CfError`.
fn short_name<T>() -> &'static str {
    let name = type_name::<T>();
    name.rsplit("::").next().unwrap_or(name)
}

/// The answer of `operation`, which must be a success with `status`.
fn answered<T, E>(
    operation: &str,
    status: u16,
    result: Result<ResponseValue<T>, Error<E>>,
) -> Result<ResponseValue<T>, Failure>
where
    Error<E>: Display,
{
    let value = result.map_err(|error| Failure(format!("{operation}: expected {status}, got {error}")))?;
    ensure!(
        value.status().as_u16() == status,
        "{operation}: expected {status}, got {}",
        value.status()
    );
    Ok(value)
}
