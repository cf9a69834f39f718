//! serde helpers the generated models name in `deserialize_with`, for the two ways a nullable field can be read.

use serde::{Deserialize, Deserializer};

/// A required, nullable field: present, and either `null` (`None`) or a value. Without this, serde would read a
/// missing key as `None` too.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// An optional, nullable field, with `#[serde(default)]`: absent (`None`), `null` (`Some(None)`) or a value
/// (`Some(Some(v))`). Without this, serde would read `null` as absent.
pub fn absent_or_nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
