//! A space as the API shows it: the stored writable fields and timestamps beside the read-only flags every space
//! of the account has, with the tab order read back as the YAML list dump Rails stores it as.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::{generated::assembla::Space, store::AssemblaSpace};

/// A time as the API prints it: RFC 3339, whole seconds, `Z`.
fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The tab order as the real server reads it back: a YAML list dump.
fn yaml_list(items: &[String]) -> String {
    let mut out = String::from("--- \n");
    for item in items {
        out.push_str(&format!("- {item}\n"));
    }
    out
}

/// A space as the API shows it; the read-only flags are those of the API docs' example.
pub fn space_body(space: &AssemblaSpace) -> Space {
    Space {
        banner_height: space.banner_height,
        status: space.status,
        updated_at: timestamp(space.updated_at),
        banner: space.banner.clone(),
        team_tab_role: space.team_tab_role,
        last_payer_changed_at: None,
        created_at: timestamp(space.created_at),
        approved: space.approved,
        tabs_order: space.tabs_order.as_deref().map(yaml_list),
        team_permissions: space.team_permissions,
        is_manager: true,
        is_commercial: true,
        share_permissions: space.share_permissions,
        restricted: false,
        banner_text: space.banner_text.clone(),
        can_join: space.can_join,
        wiki_format: space.wiki_format,
        name: space.name.clone(),
        wiki_name: space.wiki_name.clone(),
        public_permissions: space.public_permissions,
        is_volunteer: false,
        can_apply: true,
        id: space.id.clone(),
        description: space.description.clone(),
        default_showpage: space.default_showpage.clone(),
        parent_id: space.parent_id.clone(),
        style: space.style.clone(),
        watcher_permissions: space.watcher_permissions,
        restricted_date: None,
        commercial_from: space.commercial_from.map(timestamp),
        banner_link: space.banner_link.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_orders_read_back_as_a_yaml_dump() {
        assert_eq!(yaml_list(&["stream".into(), "wiki".into()]), "--- \n- stream\n- wiki\n");
    }
}
