//! The writable fields of a request, as Rails' mass assignment applies them: what is given is set, what is absent
//! is kept, and `null` clears a field that may be empty (`description`, the banner, the tab order); a name is
//! never blank.

use super::errors::{BLANK, one_error};
use crate::{
    generated::assembla::{NewSpaceParams, SpaceParams, ValidationErrors},
    store::{AssemblaSpace, AssemblaSpaceChanges},
};

/// The parameters of a new space as the update parameters they also are (with the name given).
pub(super) fn given(params: NewSpaceParams) -> SpaceParams {
    SpaceParams {
        name: Some(params.name),
        wiki_name: params.wiki_name,
        description: params.description,
        public_permissions: params.public_permissions,
        team_permissions: params.team_permissions,
        watcher_permissions: params.watcher_permissions,
        share_permissions: params.share_permissions,
        status: params.status,
        team_tab_role: params.team_tab_role,
        default_showpage: params.default_showpage,
        tabs_order: params.tabs_order,
        banner: params.banner,
        banner_height: params.banner_height,
        banner_text: params.banner_text,
        banner_link: params.banner_link,
        style: params.style,
        approved: params.approved,
        can_join: params.can_join,
        wiki_format: params.wiki_format,
    }
}

/// The changes the given writable fields make: what is given is set, `null` clears a field that may be empty and
/// keeps one that may not, what is absent is kept; `wiki_name` only when given and not blank.
pub(super) fn changes(params: &SpaceParams) -> AssemblaSpaceChanges {
    AssemblaSpaceChanges {
        name: params.name.clone(),
        wiki_name: params
            .wiki_name
            .clone()
            .flatten()
            .filter(|wiki_name| !wiki_name.trim().is_empty()),
        description: params.description.clone(),
        public_permissions: params.public_permissions.flatten(),
        team_permissions: params.team_permissions.flatten(),
        watcher_permissions: params.watcher_permissions.flatten(),
        share_permissions: params.share_permissions.flatten(),
        status: params.status.flatten(),
        team_tab_role: params.team_tab_role.flatten(),
        default_showpage: params.default_showpage.clone().flatten(),
        tabs_order: params.tabs_order.clone(),
        banner: params.banner.clone(),
        banner_height: params.banner_height,
        banner_text: params.banner_text.clone(),
        banner_link: params.banner_link.clone(),
        style: params.style.clone(),
        approved: params.approved.flatten(),
        can_join: params.can_join.flatten(),
        wiki_format: params.wiki_format,
    }
}

/// `space` with the given writable fields applied (a new space's or a copy's, so its update time stays).
pub(super) fn apply(space: AssemblaSpace, params: &SpaceParams) -> AssemblaSpace {
    let at = space.updated_at;
    changes(params).applied_to(space, at)
}

/// The failure the spec cannot express: a missing or blank name (on create and copy; a blank one on update).
pub(super) fn validate(params: &SpaceParams, name_required: bool) -> Option<ValidationErrors> {
    let blank = match &params.name {
        Some(name) => name.trim().is_empty(),
        None => name_required,
    };
    blank.then(|| one_error("name", BLANK))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_or_missing_name_is_blank() {
        let blank = SpaceParams {
            name: Some("  ".into()),
            ..SpaceParams::default()
        };

        assert_eq!(validate(&blank, false), Some(one_error("name", BLANK)));
        assert_eq!(validate(&SpaceParams::default(), true), Some(one_error("name", BLANK)));
        assert_eq!(validate(&SpaceParams::default(), false), None);
    }
}
