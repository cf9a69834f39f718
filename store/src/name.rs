//! Names that are unique ignoring case (Cloud Foundry organizations, and spaces within an organization). The
//! domain computes each name's key once, here, and a store compares and orders keys, never names: an SQL backend
//! stores the key in its own column (with a unique index where names must be unique) and compares it byte by
//! byte (`COLLATE "C"`), so every backend agrees with this one function.

use std::fmt;

/// A name's comparison key: the name in Unicode lowercase (Rust's `str::to_lowercase`, which depends on no
/// locale). Keys compare as byte strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NameKey(String);

impl NameKey {
    /// The key of `text`.
    pub fn of(text: &str) -> Self {
        Self(text.to_lowercase())
    }

    /// The key as text, for a backend to store.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A name and its key, which always agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    text: String,
    key: NameKey,
}

impl Name {
    /// The name `text`, its key computed.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let key = NameKey::of(&text);
        Self { text, key }
    }

    /// The name as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Its key.
    pub fn key(&self) -> &NameKey {
        &self.key
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_differing_only_in_case_share_a_key() {
        assert_eq!(Name::new("Dev").key(), Name::new("DEV").key());
        assert_eq!(Name::new("ÜNÏCODE").key(), &NameKey::of("ünïcode"));
        assert_ne!(Name::new("dev").key(), Name::new("dev-2").key());
        assert_eq!(Name::new("Dev").as_str(), "Dev");
    }
}
