//! Request fields as the Cloud Controller reads them: names stripped and checked, `null` read as absent, and
//! relation guids that name what spaceport keeps none of (users in roles, security groups, quotas, isolation
//! segments), which the real server would look up and not find.

use super::errors::{BadRequest, invalid_relation, unknown_user};
use crate::snapshot::DEFAULT_QUOTA_GUID;

/// A name as CF saves it (stripped), or the detail of its `*Invalid` error.
pub(super) fn clean_name(name: &str) -> Result<String, &'static str> {
    let name = name.trim();
    if name.is_empty() {
        Err("name presence")
    } else if name.chars().any(char::is_control) {
        Err("name format")
    } else {
        Ok(name.to_owned())
    }
}

/// An optional field's value; CF reads `null` as absent.
pub(super) fn given<T>(field: Option<Option<T>>) -> Option<T> {
    field.flatten()
}

/// 400 for the first guid in any of these relation lists: spaceport keeps no users in roles, so each is unknown.
pub(super) fn no_users(lists: &[&Option<Option<Vec<String>>>]) -> Result<(), BadRequest> {
    match lists.iter().find_map(|list| list.as_ref()?.as_ref()?.first()) {
        Some(user) => Err(BadRequest(unknown_user(user))),
        None => Ok(()),
    }
}

/// 400 for a relation of `kind` (`SecurityGroup`) naming `guid`, when it names one.
pub(super) fn no_relation(kind: &str, guid: Option<&String>) -> Result<(), BadRequest> {
    match guid {
        Some(guid) => Err(BadRequest(invalid_relation(format!(
            "Could not find {kind} with guid: {guid}"
        )))),
        None => Ok(()),
    }
}

/// 400 for a quota other than the default one, the only one spaceport has.
pub(super) fn default_quota_only(quota: Option<&String>) -> Result<(), BadRequest> {
    no_relation("QuotaDefinition", quota.filter(|q| *q != DEFAULT_QUOTA_GUID))
}
