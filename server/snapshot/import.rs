//! A state document (or a fixtures file, which is one) as the store's records. Every rule the store keeps is
//! checked here first, so a document that breaks one is refused with the JSON pointer of the value at fault and
//! the store is never asked.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde_json::Value;

use super::{DEFAULT_QUOTA_GUID, Invalid, WorldRecords};
use crate::{
    generated::control::{AssemblaState, CloudFoundryState, OnezoneState, State},
    store::{
        ApiKey, AssemblaRecords, AssemblaSpace, Name, NameKey, OnezoneRecords, OnezoneSpace, SpaceToken,
        cloud_foundry::{CloudFoundryRecords, Event, Job, Organization, Space, StaticToken, User},
    },
};

/// `value` at `pointer` as an instant.
fn instant(value: &str, pointer: String) -> Result<DateTime<Utc>, Invalid> {
    DateTime::parse_from_rfc3339(value)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| Invalid::new(pointer, format!("`{value}` is not an RFC 3339 date-time")))
}

/// An optional instant at `pointer`, `default` when absent.
fn instant_or(value: Option<&String>, pointer: String, default: DateTime<Utc>) -> Result<DateTime<Utc>, Invalid> {
    value.map_or(Ok(default), |value| instant(value, pointer))
}

/// A nullable instant at `pointer`.
fn nullable_instant(value: Option<&Option<String>>, pointer: String) -> Result<Option<DateTime<Utc>>, Invalid> {
    match value {
        Some(Some(value)) => instant(value, pointer).map(Some),
        _ => Ok(None),
    }
}

/// Records the first place of every key, refusing a second one.
struct Unique<K> {
    seen: BTreeMap<K, String>,
    what: &'static str,
}

impl<K: Ord + Clone> Unique<K> {
    fn new(what: &'static str) -> Self {
        Self {
            seen: BTreeMap::new(),
            what,
        }
    }

    fn claim(&mut self, key: K, pointer: String, shown: &str) -> Result<(), Invalid> {
        match self.seen.get(&key) {
            Some(first) => Err(Invalid::new(
                pointer,
                format!("{} `{shown}` is taken by {first}", self.what),
            )),
            None => {
                self.seen.insert(key, pointer);
                Ok(())
            }
        }
    }
}

/// Every record of `state`; absent fields take their defaults, absent times `now`.
pub fn import(state: &State, now: DateTime<Utc>) -> Result<WorldRecords, Invalid> {
    let empty_cf = CloudFoundryState::default();
    let empty_oz = OnezoneState::default();
    let empty_asm = AssemblaState::default();
    Ok(WorldRecords {
        cloud_foundry: cloud_foundry(state.cloud_foundry.as_ref().unwrap_or(&empty_cf), now)?,
        onezone: onezone(state.onezone.as_ref().unwrap_or(&empty_oz))?,
        assembla: assembla(state.assembla.as_ref().unwrap_or(&empty_asm), now)?,
    })
}

/// The Cloud Foundry records of a document.
pub fn cloud_foundry(state: &CloudFoundryState, now: DateTime<Utc>) -> Result<CloudFoundryRecords, Invalid> {
    let at = |list: &str, index: usize, field: &str| format!("/cloud_foundry/{list}/{index}/{field}");
    let mut records = CloudFoundryRecords::default();
    let (mut guids, mut names) = (Unique::new("the guid"), Unique::new("the name (ignoring case)"));
    for (index, org) in state.organizations.iter().flatten().enumerate() {
        guids.claim(org.guid.clone(), at("organizations", index, "guid"), &org.guid)?;
        let name = Name::new(org.name.as_str());
        names.claim(name.key().clone(), at("organizations", index, "name"), &org.name)?;
        let status = org.status.clone().unwrap_or_else(|| "active".to_owned());
        if !["active", "suspended"].contains(&status.as_str()) {
            let message = format!("`{status}` is not `active` or `suspended`");
            return Err(Invalid::new(at("organizations", index, "status"), message));
        }
        records.organizations.push(Organization {
            guid: org.guid.clone(),
            name,
            status,
            billing_enabled: org.billing_enabled.unwrap_or(false),
            quota_definition_guid: org
                .quota_definition_guid
                .clone()
                .unwrap_or_else(|| DEFAULT_QUOTA_GUID.to_owned()),
            created_at: instant_or(org.created_at.as_ref(), at("organizations", index, "created_at"), now)?,
            updated_at: nullable_instant(org.updated_at.as_ref(), at("organizations", index, "updated_at"))?,
        });
    }
    let organizations: BTreeSet<&str> = records.organizations.iter().map(|o| o.guid.as_str()).collect();
    let (mut guids, mut names) = (
        Unique::new("the guid"),
        Unique::<(String, NameKey)>::new("the name (ignoring case)"),
    );
    for (index, space) in state.spaces.iter().flatten().enumerate() {
        guids.claim(space.guid.clone(), at("spaces", index, "guid"), &space.guid)?;
        if !organizations.contains(space.organization_guid.as_str()) {
            let message = format!("no organization has the guid `{}`", space.organization_guid);
            return Err(Invalid::new(at("spaces", index, "organization_guid"), message));
        }
        let name = Name::new(space.name.as_str());
        let key = (space.organization_guid.clone(), name.key().clone());
        names.claim(key, at("spaces", index, "name"), &space.name)?;
        records.spaces.push(Space {
            guid: space.guid.clone(),
            name,
            organization_guid: space.organization_guid.clone(),
            allow_ssh: space.allow_ssh.unwrap_or(true),
            isolation_segment_guid: space.isolation_segment_guid.clone().flatten(),
            space_quota_definition_guid: space.space_quota_definition_guid.clone().flatten(),
            created_at: instant_or(space.created_at.as_ref(), at("spaces", index, "created_at"), now)?,
            updated_at: nullable_instant(space.updated_at.as_ref(), at("spaces", index, "updated_at"))?,
        });
    }
    let mut guids = Unique::new("the guid");
    for (index, event) in state.events.iter().flatten().enumerate() {
        guids.claim(event.guid.clone(), at("events", index, "guid"), &event.guid)?;
        let text = |field: &Option<String>| field.clone().unwrap_or_default();
        records.events.push(Event {
            guid: event.guid.clone(),
            kind: event.type_.clone(),
            actor: text(&event.actor),
            actor_type: text(&event.actor_type),
            actor_name: text(&event.actor_name),
            actor_username: text(&event.actor_username),
            actee: text(&event.actee),
            actee_type: text(&event.actee_type),
            actee_name: text(&event.actee_name),
            timestamp: instant(&event.timestamp, at("events", index, "timestamp"))?,
            metadata: event.metadata.clone().map_or(Value::Null, Value::Object),
            space_guid: text(&event.space_guid),
            organization_guid: text(&event.organization_guid),
        });
    }
    let mut guids = Unique::new("the guid");
    for (index, job) in state.jobs.iter().flatten().enumerate() {
        guids.claim(job.guid.clone(), at("jobs", index, "guid"), &job.guid)?;
        records.jobs.push(Job {
            guid: job.guid.clone(),
            created_at: instant(&job.created_at, at("jobs", index, "created_at"))?,
        });
    }
    let (mut guids, mut usernames) = (Unique::new("the guid"), Unique::new("the user name"));
    for (index, user) in state.users.iter().flatten().enumerate() {
        guids.claim(user.guid.clone(), at("users", index, "guid"), &user.guid)?;
        usernames.claim(user.username.clone(), at("users", index, "username"), &user.username)?;
        records.users.push(User {
            guid: user.guid.clone(),
            username: user.username.clone(),
            password: user.password.clone(),
            email: user.email.clone().unwrap_or_default(),
            scopes: user.scopes.clone().unwrap_or_default(),
        });
    }
    let mut values = Unique::new("the token");
    for (index, token) in state.tokens.iter().flatten().enumerate() {
        values.claim(token.value.clone(), at("tokens", index, "value"), &token.value)?;
        let Some(user) = records.users.iter().find(|u| u.username == token.user) else {
            let message = format!("no user has the user name `{}`", token.user);
            return Err(Invalid::new(at("tokens", index, "user"), message));
        };
        records.tokens.push(StaticToken {
            token: token.value.clone(),
            user_guid: user.guid.clone(),
        });
    }
    Ok(records)
}

/// The Onezone records of a document.
pub fn onezone(state: &OnezoneState) -> Result<OnezoneRecords, Invalid> {
    let mut records = OnezoneRecords::default();
    let mut tokens = Unique::new("the token");
    for (index, provider) in state.providers.iter().flatten().enumerate() {
        tokens.claim(
            provider.token.clone(),
            format!("/onezone/providers/{index}/token"),
            &provider.token,
        )?;
        records.provider_tokens.push(provider.token.clone());
    }
    let mut tokens = Unique::new("the token");
    for (index, token) in state.space_tokens.iter().flatten().enumerate() {
        tokens.claim(
            token.token.clone(),
            format!("/onezone/space_tokens/{index}/token"),
            &token.token,
        )?;
        records.space_tokens.push(SpaceToken {
            token: token.token.clone(),
            user: token.user.clone(),
            single_use: token.single_use.unwrap_or(false),
            used: token.used.unwrap_or(false),
        });
    }
    let mut ids = Unique::new("the id");
    for (index, space) in state.spaces.iter().flatten().enumerate() {
        ids.claim(space.id.clone(), format!("/onezone/spaces/{index}/id"), &space.id)?;
        let mut supports = IndexMap::new();
        for (at, support) in space.supports.iter().flatten().enumerate() {
            if supports.insert(support.provider.clone(), support.size).is_some() {
                let pointer = format!("/onezone/spaces/{index}/supports/{at}/provider");
                let message = format!("the provider `{}` supports the space twice", support.provider);
                return Err(Invalid::new(pointer, message));
            }
        }
        records.spaces.push(OnezoneSpace {
            id: space.id.clone(),
            name: space.name.clone(),
            owner: space.owner.clone(),
            supports,
        });
    }
    Ok(records)
}

/// The Assembla records of a document.
pub fn assembla(state: &AssemblaState, now: DateTime<Utc>) -> Result<AssemblaRecords, Invalid> {
    let mut records = AssemblaRecords {
        portfolio: state.portfolio.clone().flatten(),
        ..AssemblaRecords::default()
    };
    let mut tokens = Unique::new("the token");
    for (index, token) in state.tokens.iter().flatten().enumerate() {
        tokens.claim(token.clone(), format!("/assembla/tokens/{index}"), token)?;
        records.tokens.push(token.clone());
    }
    let mut keys = Unique::new("the key");
    for (index, key) in state.api_keys.iter().flatten().enumerate() {
        keys.claim(key.key.clone(), format!("/assembla/api_keys/{index}/key"), &key.key)?;
        records.api_keys.push(ApiKey {
            key: key.key.clone(),
            secret: key.secret.clone(),
        });
    }
    // An id and a wiki name share one namespace: no wiki name may be another space's id or wiki name.
    let mut names = Unique::new("the id or wiki name");
    for (index, space) in state.spaces.iter().flatten().enumerate() {
        let at = |field: &str| format!("/assembla/spaces/{index}/{field}");
        let wiki_name = space.wiki_name.clone().unwrap_or_else(|| space.id.clone());
        names.claim(space.id.clone(), at("id"), &space.id)?;
        if wiki_name != space.id {
            names.claim(wiki_name.clone(), at("wiki_name"), &wiki_name)?;
        }
        let nullable = |field: &Option<Option<String>>| field.clone().flatten();
        records.spaces.push(AssemblaSpace {
            id: space.id.clone(),
            name: space.name.clone(),
            wiki_name,
            description: nullable(&space.description),
            public_permissions: space.public_permissions.unwrap_or(1),
            team_permissions: space.team_permissions.unwrap_or(2),
            watcher_permissions: space.watcher_permissions.unwrap_or(1),
            share_permissions: space.share_permissions.unwrap_or(true),
            status: space.status.unwrap_or(1),
            team_tab_role: space.team_tab_role.unwrap_or(0),
            default_showpage: space.default_showpage.clone().unwrap_or_else(|| "Wiki".to_owned()),
            tabs_order: space.tabs_order.clone().flatten(),
            banner: nullable(&space.banner),
            banner_height: space.banner_height.flatten(),
            banner_text: nullable(&space.banner_text),
            banner_link: nullable(&space.banner_link),
            style: nullable(&space.style),
            approved: space.approved.unwrap_or(false),
            can_join: space.can_join.unwrap_or(false),
            wiki_format: space.wiki_format.flatten(),
            parent_id: nullable(&space.parent_id),
            created_at: instant_or(space.created_at.as_ref(), at("created_at"), now)?,
            updated_at: instant_or(space.updated_at.as_ref(), at("updated_at"), now)?,
            commercial_from: nullable_instant(space.commercial_from.as_ref(), at("commercial_from"))?,
        });
    }
    Ok(records)
}
