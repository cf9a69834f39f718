//! The store's records as a state document: every field written, so putting the document back gives the same
//! records (times to the second, as every API writes them).

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

use super::WorldRecords;
use crate::{
    generated::control::{
        AsmApiKey, AsmSpace, AssemblaState, CfEvent, CfJob, CfOrganization, CfSpace, CfToken, CfUser,
        CloudFoundryState, OnezoneState, OzProvider, OzSpace, OzSpaceToken, OzSupport, State,
    },
    store::{AssemblaRecords, OnezoneRecords, cloud_foundry::CloudFoundryRecords},
};

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The document of every record of a world.
pub fn export(records: &WorldRecords) -> State {
    State {
        cloud_foundry: Some(cloud_foundry(&records.cloud_foundry)),
        onezone: Some(onezone(&records.onezone)),
        assembla: Some(assembla(&records.assembla)),
    }
}

fn cloud_foundry(records: &CloudFoundryRecords) -> CloudFoundryState {
    let organizations = records
        .organizations
        .iter()
        .map(|org| CfOrganization {
            guid: org.guid.clone(),
            name: org.name.as_str().to_owned(),
            status: Some(org.status.clone()),
            billing_enabled: Some(org.billing_enabled),
            quota_definition_guid: Some(org.quota_definition_guid.clone()),
            created_at: Some(time(org.created_at)),
            updated_at: Some(org.updated_at.map(time)),
        })
        .collect();
    let spaces = records
        .spaces
        .iter()
        .map(|space| CfSpace {
            guid: space.guid.clone(),
            name: space.name.as_str().to_owned(),
            organization_guid: space.organization_guid.clone(),
            allow_ssh: Some(space.allow_ssh),
            isolation_segment_guid: Some(space.isolation_segment_guid.clone()),
            space_quota_definition_guid: Some(space.space_quota_definition_guid.clone()),
            created_at: Some(time(space.created_at)),
            updated_at: Some(space.updated_at.map(time)),
        })
        .collect();
    let events = records
        .events
        .iter()
        .map(|event| CfEvent {
            guid: event.guid.clone(),
            type_: event.kind.clone(),
            actor: Some(event.actor.clone()),
            actor_type: Some(event.actor_type.clone()),
            actor_name: Some(event.actor_name.clone()),
            actor_username: Some(event.actor_username.clone()),
            actee: Some(event.actee.clone()),
            actee_type: Some(event.actee_type.clone()),
            actee_name: Some(event.actee_name.clone()),
            timestamp: time(event.timestamp),
            metadata: match &event.metadata {
                Value::Object(map) => Some(map.clone()),
                _ => None,
            },
            space_guid: Some(event.space_guid.clone()),
            organization_guid: Some(event.organization_guid.clone()),
        })
        .collect();
    let jobs = records
        .jobs
        .iter()
        .map(|job| CfJob {
            guid: job.guid.clone(),
            created_at: time(job.created_at),
        })
        .collect();
    let users = records
        .users
        .iter()
        .map(|user| CfUser {
            guid: user.guid.clone(),
            username: user.username.clone(),
            password: user.password.clone(),
            email: Some(user.email.clone()),
            scopes: Some(user.scopes.clone()),
        })
        .collect();
    let tokens = records
        .tokens
        .iter()
        .filter_map(|token| {
            let user = records.users.iter().find(|u| u.guid == token.user_guid)?;
            Some(CfToken {
                value: token.token.clone(),
                user: user.username.clone(),
            })
        })
        .collect();
    CloudFoundryState {
        organizations: Some(organizations),
        spaces: Some(spaces),
        events: Some(events),
        jobs: Some(jobs),
        users: Some(users),
        tokens: Some(tokens),
    }
}

fn onezone(records: &OnezoneRecords) -> OnezoneState {
    OnezoneState {
        providers: Some(
            records
                .provider_tokens
                .iter()
                .map(|token| OzProvider { token: token.clone() })
                .collect(),
        ),
        space_tokens: Some(
            records
                .space_tokens
                .iter()
                .map(|token| OzSpaceToken {
                    token: token.token.clone(),
                    user: token.user.clone(),
                    single_use: Some(token.single_use),
                    used: Some(token.used),
                })
                .collect(),
        ),
        spaces: Some(
            records
                .spaces
                .iter()
                .map(|space| OzSpace {
                    id: space.id.clone(),
                    name: space.name.clone(),
                    owner: space.owner.clone(),
                    supports: Some(
                        space
                            .supports
                            .iter()
                            .map(|(provider, size)| OzSupport {
                                provider: provider.clone(),
                                size: *size,
                            })
                            .collect(),
                    ),
                })
                .collect(),
        ),
    }
}

fn assembla(records: &AssemblaRecords) -> AssemblaState {
    let spaces = records
        .spaces
        .iter()
        .map(|space| AsmSpace {
            id: space.id.clone(),
            name: space.name.clone(),
            wiki_name: Some(space.wiki_name.clone()),
            description: Some(space.description.clone()),
            public_permissions: Some(space.public_permissions),
            team_permissions: Some(space.team_permissions),
            watcher_permissions: Some(space.watcher_permissions),
            share_permissions: Some(space.share_permissions),
            status: Some(space.status),
            team_tab_role: Some(space.team_tab_role),
            default_showpage: Some(space.default_showpage.clone()),
            tabs_order: Some(space.tabs_order.clone()),
            banner: Some(space.banner.clone()),
            banner_height: Some(space.banner_height),
            banner_text: Some(space.banner_text.clone()),
            banner_link: Some(space.banner_link.clone()),
            style: Some(space.style.clone()),
            approved: Some(space.approved),
            can_join: Some(space.can_join),
            wiki_format: Some(space.wiki_format),
            parent_id: Some(space.parent_id.clone()),
            created_at: Some(time(space.created_at)),
            updated_at: Some(time(space.updated_at)),
            commercial_from: Some(space.commercial_from.map(time)),
        })
        .collect();
    AssemblaState {
        portfolio: Some(records.portfolio.clone()),
        tokens: Some(records.tokens.clone()),
        api_keys: Some(
            records
                .api_keys
                .iter()
                .map(|key| AsmApiKey {
                    key: key.key.clone(),
                    secret: key.secret.clone(),
                })
                .collect(),
        ),
        spaces: Some(spaces),
    }
}
