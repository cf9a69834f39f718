//! Request bodies: read within a size and a time limit, parsed as the declared media type the request names (JSON, a form,
//! Rails XML), unwrapped, merged with query parameters where the spec says so, shape-checked and validated.

use actix_web::{HttpRequest, http::header, web};
use serde::de::DeserializeOwned;
use serde_json::Value;
use validator::Validate;

use crate::{
    arrival::{BodyTimeout, Stalled, Unread, read_body},
    check::{check, normalize, sort_by_field},
    form::{coerce_strings, wrapped_pairs},
    params::{coerce_params, finish, form_pairs, values_of},
    rejection::{Location, RejectionKind, top_level},
    shape::{Described, Shape},
    xml,
};

const FORM: &str = "application/x-www-form-urlencoded";
const XML: &str = "application/xml";

/// How an operation's body is read.
#[derive(Debug, Clone, Copy)]
pub struct BodySpec {
    /// The declared media types, in spec order.
    pub media: &'static [&'static str],
    /// Parse as `media[0]` whatever `Content-Type` says.
    pub ignore_content_type: bool,
    /// The size limit in bytes.
    pub max_bytes: usize,
    /// The name the parameters sit under (`space`), if any.
    pub wrapper: Option<&'static str>,
    /// Whether URL query parameters are read too, under the body's.
    pub query_params: bool,
}

/// Reads, parses, shape-checks and validates a body. `Ok(None)` when there is nothing to read (an empty body, and
/// no query parameters where the spec reads them).
pub async fn body<T: Described + DeserializeOwned + Validate>(
    http: &HttpRequest,
    payload: web::Payload,
    spec: &BodySpec,
) -> Result<Option<T>, RejectionKind> {
    let too_large = RejectionKind::BodyTooLarge { limit: spec.max_bytes };
    let declared = http
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > spec.max_bytes) {
        return Err(too_large);
    }
    let timeout = http.app_data::<BodyTimeout>().copied().unwrap_or_default();
    let bytes = match read_body(payload, spec.max_bytes, timeout).await {
        Ok(bytes) => bytes,
        Err(Unread::TooLarge) => return Err(too_large),
        Err(Unread::TimedOut(rest)) => {
            actix_web::HttpMessage::extensions_mut(http).insert(Stalled::new(rest));
            return Err(RejectionKind::BodyTimeout { timeout });
        }
        Err(Unread::Broken(error)) => {
            tracing::debug!(%error, "the request body could not be read");
            return Err(RejectionKind::MalformedBody {
                media: spec.media.first().copied().unwrap_or("application/octet-stream"),
            });
        }
    };
    let media = media_type(http, spec)?;
    let mut value = if bytes.iter().all(u8::is_ascii_whitespace) {
        // A request that names XML sends a document, and a document has its root element.
        if media == XML {
            return Err(RejectionKind::MalformedBody { media });
        }
        None
    } else {
        Some(parse_body(&bytes, media, spec, &T::SHAPE)?)
    };
    if spec.query_params
        && let Some(wrapper) = spec.wrapper
    {
        let pairs = form_pairs(http.query_string().as_bytes(), Location::Query)?;
        let mut merged =
            wrapped_pairs(&pairs, wrapper, &T::SHAPE).map_err(|()| RejectionKind::MalformedBody { media: FORM })?;
        coerce_strings(&mut merged, &T::SHAPE);
        // A body that is no object (`[1]`, `"x"`) stays as it is, for the shape check to refuse.
        if let Value::Object(query) = &mut merged
            && matches!(value, None | Some(Value::Object(_)))
            && (!query.is_empty() || value.is_some())
        {
            if let Some(Value::Object(body)) = value {
                query.extend(body);
            }
            value = Some(merged);
        }
    }
    let Some(mut value) = value else {
        return Ok(None);
    };
    let mut violations = Vec::new();
    check(&value, &T::SHAPE, "", &mut violations);
    if !violations.is_empty() {
        // Report every broken rule at once: validate what passed the shape check too.
        if let Value::Object(mut rest) = value {
            rest.retain(|key, _| !violations.iter().any(|v| top_level(&v.field) == key));
            let mut rest = Value::Object(rest);
            normalize(&mut rest, &T::SHAPE);
            if let Err(RejectionKind::Invalid { violations: more, .. }) = finish::<T>(rest, &T::SHAPE, Location::Body) {
                violations.extend(more.into_iter().filter(|v| !v.field.is_empty()));
            }
        }
        sort_by_field(&mut violations, &T::SHAPE);
        return Err(RejectionKind::Invalid {
            location: Location::Body,
            violations,
        });
    }
    normalize(&mut value, &T::SHAPE);
    finish(value, &T::SHAPE, Location::Body).map(Some)
}

/// Parses a non-empty body as `media`, unwrapping the spec's wrapper.
fn parse_body(bytes: &[u8], media: &'static str, spec: &BodySpec, shape: &Shape) -> Result<Value, RejectionKind> {
    let malformed = RejectionKind::MalformedBody { media };
    match media {
        FORM => {
            let pairs = form_pairs(bytes, Location::Body)?;
            match spec.wrapper {
                Some(wrapper) => {
                    let mut value = wrapped_pairs(&pairs, wrapper, shape).map_err(|()| malformed)?;
                    coerce_strings(&mut value, shape);
                    Ok(value)
                }
                None => coerce_params(shape, Location::Body, |name| values_of(&pairs, name)),
            }
        }
        XML => {
            let mut value = xml::parse(bytes, spec.wrapper).map_err(|error| {
                tracing::debug!(%error, "the request body is not acceptable XML");
                malformed
            })?;
            coerce_strings(&mut value, shape);
            Ok(value)
        }
        _ => {
            let value = serde_json::from_slice::<Value>(bytes).map_err(|error| {
                tracing::debug!(%error, "the request body is not JSON");
                RejectionKind::MalformedBody { media }
            })?;
            Ok(match (spec.wrapper, value) {
                (Some(wrapper), Value::Object(mut object)) if object.get(wrapper).is_some_and(Value::is_object) => {
                    object.remove(wrapper).unwrap_or_default()
                }
                (_, value) => value,
            })
        }
    }
}

/// The declared media type this request's body is parsed as. Without a `Content-Type`, a body with a wrapper
/// is a form (Rails reads `curl -d` bodies so); `text/xml` counts as `application/xml`.
fn media_type(http: &HttpRequest, spec: &BodySpec) -> Result<&'static str, RejectionKind> {
    let first = spec.media.first().copied().ok_or(RejectionKind::UnsupportedMediaType)?;
    if spec.ignore_content_type {
        return Ok(first);
    }
    let Some(content_type) = http.headers().get(header::CONTENT_TYPE) else {
        return Ok(if spec.wrapper.is_some() && spec.media.contains(&FORM) {
            FORM
        } else {
            first
        });
    };
    let essence = content_type
        .to_str()
        .ok()
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .ok_or(RejectionKind::UnsupportedMediaType)?;
    let essence = if essence == "text/xml" { XML.to_owned() } else { essence };
    spec.media
        .iter()
        .copied()
        .find(|m| *m == essence)
        .ok_or(RejectionKind::UnsupportedMediaType)
}
