//! Rendering records in the v2 envelope: `{metadata: {guid, url, created_at, updated_at}, entity: {…}}`, with
//! every `*_url` link the real server writes, relative to the API's root.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::{
    generated::cloud_foundry::{
        EventEntity, EventResource, JobEntity, JobMetadata, JobResource, OrganizationEntity, OrganizationResource,
        OrganizationStatus, QuotaDefinitionEntity, QuotaDefinitionResource, ResourceMetadata, SpaceEntity,
        SpaceResource,
    },
    snapshot::DEFAULT_QUOTA_GUID,
    store::cloud_foundry::{Event, Job, Organization, Space},
};

/// A time as the API prints it: RFC 3339, whole seconds, `Z`.
pub(super) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The deployment's default organization quota, which every organization is attached to, with a stock
/// deployment's limits: 10 GB of memory, 100 service instances, 1000 routes, no reserved route ports, the rest
/// unlimited (-1).
pub(super) fn default_quota(created_at: DateTime<Utc>) -> QuotaDefinitionResource {
    QuotaDefinitionResource {
        metadata: ResourceMetadata {
            guid: DEFAULT_QUOTA_GUID.to_owned(),
            url: format!("/v2/quota_definitions/{DEFAULT_QUOTA_GUID}"),
            created_at: timestamp(created_at),
            updated_at: None,
        },
        entity: QuotaDefinitionEntity {
            name: "default".to_owned(),
            non_basic_services_allowed: true,
            total_services: 100,
            total_routes: 1000,
            total_private_domains: -1,
            memory_limit: 10240,
            trial_db_allowed: false,
            instance_memory_limit: -1,
            app_instance_limit: -1,
            app_task_limit: -1,
            total_service_keys: -1,
            total_reserved_route_ports: 0,
        },
    }
}

/// A space in the v2 envelope.
pub fn space_resource(space: &Space) -> SpaceResource {
    let url = format!("/v2/spaces/{}", space.guid);
    let link = |rel: &str| format!("{url}/{rel}");
    SpaceResource {
        metadata: ResourceMetadata {
            guid: space.guid.clone(),
            url: url.clone(),
            created_at: timestamp(space.created_at),
            updated_at: space.updated_at.map(timestamp),
        },
        entity: SpaceEntity {
            name: space.name.as_str().to_owned(),
            organization_guid: space.organization_guid.clone(),
            is_default: false,
            space_quota_definition_guid: space.space_quota_definition_guid.clone(),
            isolation_segment_guid: space.isolation_segment_guid.clone(),
            allow_ssh: space.allow_ssh,
            organization_url: format!("/v2/organizations/{}", space.organization_guid),
            isolation_segment_url: space
                .isolation_segment_guid
                .as_ref()
                .map(|g| format!("/v3/isolation_segments/{g}")),
            space_quota_definition_url: space
                .space_quota_definition_guid
                .as_ref()
                .map(|g| format!("/v2/space_quota_definitions/{g}")),
            developers_url: link("developers"),
            managers_url: link("managers"),
            auditors_url: link("auditors"),
            apps_url: link("apps"),
            routes_url: link("routes"),
            domains_url: link("domains"),
            service_instances_url: link("service_instances"),
            app_events_url: link("app_events"),
            events_url: link("events"),
            security_groups_url: link("security_groups"),
            staging_security_groups_url: link("staging_security_groups"),
        },
    }
}

/// The API's status for the stored one.
fn organization_status(status: &str) -> OrganizationStatus {
    if status == "suspended" {
        OrganizationStatus::Suspended
    } else {
        OrganizationStatus::Active
    }
}

/// The stored status for the API's.
pub(super) fn status_text(status: OrganizationStatus) -> &'static str {
    match status {
        OrganizationStatus::Active => "active",
        OrganizationStatus::Suspended => "suspended",
    }
}

/// An organization in the v2 envelope.
pub fn organization_resource(organization: &Organization) -> OrganizationResource {
    let url = format!("/v2/organizations/{}", organization.guid);
    let link = |rel: &str| format!("{url}/{rel}");
    OrganizationResource {
        metadata: ResourceMetadata {
            guid: organization.guid.clone(),
            url: url.clone(),
            created_at: timestamp(organization.created_at),
            updated_at: organization.updated_at.map(timestamp),
        },
        entity: OrganizationEntity {
            name: organization.name.as_str().to_owned(),
            billing_enabled: organization.billing_enabled,
            quota_definition_guid: organization.quota_definition_guid.clone(),
            status: organization_status(&organization.status),
            default_isolation_segment_guid: None,
            quota_definition_url: format!("/v2/quota_definitions/{}", organization.quota_definition_guid),
            spaces_url: link("spaces"),
            domains_url: link("domains"),
            private_domains_url: link("private_domains"),
            users_url: link("users"),
            managers_url: link("managers"),
            billing_managers_url: link("billing_managers"),
            auditors_url: link("auditors"),
            app_events_url: link("app_events"),
            space_quota_definitions_url: link("space_quota_definitions"),
        },
    }
}

/// An audit event in the v2 envelope.
pub(super) fn event_resource(event: &Event) -> EventResource {
    EventResource {
        metadata: ResourceMetadata {
            guid: event.guid.clone(),
            url: format!("/v2/events/{}", event.guid),
            created_at: timestamp(event.timestamp),
            updated_at: None,
        },
        entity: EventEntity {
            type_: event.kind.clone(),
            actor: event.actor.clone(),
            actor_type: event.actor_type.clone(),
            actor_name: event.actor_name.clone(),
            actor_username: event.actor_username.clone(),
            actee: event.actee.clone(),
            actee_type: event.actee_type.clone(),
            actee_name: event.actee_name.clone(),
            timestamp: timestamp(event.timestamp),
            metadata: event.metadata.as_object().cloned().unwrap_or_default(),
            space_guid: event.space_guid.clone(),
            organization_guid: event.organization_guid.clone(),
        },
    }
}

/// A job in the v2 envelope; spaceport runs every job at once, so it is `finished`.
pub(super) fn job_resource(job: &Job) -> JobResource {
    JobResource {
        metadata: JobMetadata {
            guid: job.guid.clone(),
            created_at: timestamp(job.created_at),
            url: format!("/v2/jobs/{}", job.guid),
        },
        entity: JobEntity {
            guid: job.guid.clone(),
            status: "finished".to_owned(),
        },
    }
}
