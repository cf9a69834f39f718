//! The writable fields of a request, as Rails' mass assignment applies them: what is given is set, what is absent
//! is kept, and `null` clears a field that may be empty (`description`, the banner, the tab order); a name is
//! never blank.

use super::errors::{BLANK, one_error};
use crate::{
    generated::assembla::{NewSpaceParams, SpaceParams, ValidationErrors},
    store::AssemblaSpace,
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

/// Sets `field` to a given value; absent or `null` keeps it (the field cannot be empty).
fn set<T: Clone>(field: &mut T, given: &Option<Option<T>>) {
    if let Some(Some(value)) = given {
        *field = value.clone();
    }
}

/// Sets `field` to a given value, or clears it for `null`; absent keeps it.
fn set_or_clear<T: Clone>(field: &mut Option<T>, given: &Option<Option<T>>) {
    if let Some(value) = given {
        field.clone_from(value);
    }
}

/// Applies the given writable fields to `space`; `wiki_name` only when given and not blank.
pub(super) fn apply(space: &mut AssemblaSpace, params: &SpaceParams) {
    if let Some(name) = &params.name {
        space.name.clone_from(name);
    }
    if let Some(Some(wiki_name)) = &params.wiki_name
        && !wiki_name.trim().is_empty()
    {
        space.wiki_name.clone_from(wiki_name);
    }
    set(&mut space.public_permissions, &params.public_permissions);
    set(&mut space.team_permissions, &params.team_permissions);
    set(&mut space.watcher_permissions, &params.watcher_permissions);
    set(&mut space.share_permissions, &params.share_permissions);
    set(&mut space.status, &params.status);
    set(&mut space.team_tab_role, &params.team_tab_role);
    set(&mut space.default_showpage, &params.default_showpage);
    set(&mut space.approved, &params.approved);
    set(&mut space.can_join, &params.can_join);
    set_or_clear(&mut space.description, &params.description);
    set_or_clear(&mut space.tabs_order, &params.tabs_order);
    set_or_clear(&mut space.banner, &params.banner);
    set_or_clear(&mut space.banner_height, &params.banner_height);
    set_or_clear(&mut space.banner_text, &params.banner_text);
    set_or_clear(&mut space.banner_link, &params.banner_link);
    set_or_clear(&mut space.style, &params.style);
    set_or_clear(&mut space.wiki_format, &params.wiki_format);
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
