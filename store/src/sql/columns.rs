//! The columns each record is read from, written once: both SQL backends select them (under these table
//! aliases) and read a row by these positions.

/// An organization's columns (`cf_organizations o`).
pub(crate) const ORGANIZATION: &str =
    "o.guid, o.name, o.status, o.billing_enabled, o.quota_definition_guid, o.created_at, o.updated_at";

/// A Cloud Foundry space's columns (`cf_spaces s`).
pub(crate) const SPACE: &str = "s.guid, s.name, s.organization_guid, s.allow_ssh, s.isolation_segment_guid, \
     s.space_quota_definition_guid, s.created_at, s.updated_at";

/// An audit event's columns (`cf_events e`).
pub(crate) const EVENT: &str = "e.guid, e.kind, e.actor, e.actor_type, e.actor_name, e.actor_username, e.actee, \
     e.actee_type, e.actee_name, e.timestamp, e.metadata, e.space_guid, e.organization_guid";

/// A user's columns (`cf_users u`).
pub(crate) const USER: &str = "u.guid, u.username, u.password, u.email, u.scopes";

/// A Onezone space's columns (`oz_spaces z`): its `seq` (its supports are read beside it), id, name and owner.
pub(crate) const ONEZONE_SPACE: &str = "z.seq, z.id, z.name, z.owner";

/// An Assembla space's columns (`asm_spaces a`).
pub(crate) const ASSEMBLA_SPACE: &str = "a.id, a.name, a.wiki_name, a.description, a.public_permissions, \
     a.team_permissions, a.watcher_permissions, a.share_permissions, a.status, a.team_tab_role, a.default_showpage, \
     a.tabs_order, a.banner, a.banner_height, a.banner_text, a.banner_link, a.style, a.approved, a.can_join, \
     a.wiki_format, a.parent_id, a.created_at, a.updated_at, a.commercial_from";
