// Smoke test of the client generated from the Cloud Foundry v2 client view: every operation through the
// generated SDK, against SPACEPORT_URL (a tenant's prefix included). Discovery, password login and refresh,
// an organization and a space through their whole life (create, list, get, update, relations, events, delete
// as a job), the organization's quota, and a 404 CfError for the deleted space.

import { client } from './cloud_foundry/client.gen.js';
import {
  type CfError,
  createOrganization,
  createSpace,
  createToken,
  deleteOrganization,
  deleteSpace,
  getEvent,
  getInfo,
  getJob,
  getOrganization,
  getQuotaDefinition,
  getRoot,
  getSpace,
  listEvents,
  listOrganizationRelation,
  listOrganizations,
  listOrganizationSpaces,
  listQuotaDefinitions,
  listSpaceEvents,
  listSpaceRelation,
  listSpaces,
  type SpaceResource,
  type Token,
  updateOrganization,
  updateSpace,
} from './cloud_foundry/index.js';
import { zCfError } from './cloud_foundry/zod.gen.js';
import { check, fetchWithTimeout, main, runId, Smoke } from './smoke_common.js';

/** The organization the default fixtures hold (fixtures/default.yaml). */
const FIXTURE_ORG = 'docs-example-org';

function checkSpace(space: SpaceResource, what: string, name: string, orgGuid: string): void {
  const { metadata, entity } = space;
  check(metadata.url === `/v2/spaces/${metadata.guid}`, `${what}: metadata.url is ${metadata.url}`);
  check(entity.name === name, `${what}: entity.name is ${entity.name}, expected ${name}`);
  check(entity.organization_guid === orgGuid, `${what}: organization_guid is ${entity.organization_guid}`);
  check(
    entity.organization_url === `/v2/organizations/${orgGuid}`,
    `${what}: organization_url ${entity.organization_url}`,
  );
  check(entity.events_url === `${metadata.url}/events`, `${what}: events_url is ${entity.events_url}`);
}

main('cloud_foundry', async () => {
  const smoke = new Smoke('cloud_foundry');
  let token: Token | undefined;
  client.setConfig({
    baseUrl: smoke.baseUrl,
    fetch: fetchWithTimeout,
    // The UAA client's own credentials on the token endpoint (`cf` with an empty secret), the user's token elsewhere.
    auth: (auth) => (auth.scheme === 'basic' ? 'cf:' : token?.access_token),
  });
  smoke.track(client);
  const basePath = new URL(smoke.baseUrl).pathname.replace(/\/$/, '');

  // Discovery: absolute links that carry the base URL's path (a tenant's prefix).
  const { data: root } = await smoke.ok('getRoot', 200, getRoot());
  const v2 = root.links.cloud_controller_v2.href;
  check(new URL(v2).pathname === `${basePath}/v2`, `getRoot: links.cloud_controller_v2.href is ${v2}`);
  const { data: info } = await smoke.ok('getInfo', 200, getInfo());
  check(
    new URL(info.token_endpoint).pathname.replace(/\/$/, '') === basePath,
    `getInfo: token_endpoint is ${info.token_endpoint}`,
  );
  check(info.user === undefined, `getInfo without a token names a user: ${info.user}`);

  // Login (password grant), then trade the refresh token for a second access token.
  const login = await smoke.ok(
    'createToken password',
    200,
    createToken({ body: { grant_type: 'password', username: 'admin', password: 'admin' } }),
  );
  check(login.data.token_type.toLowerCase() === 'bearer', `createToken: token_type is ${login.data.token_type}`);
  check(login.data.scope.split(' ').includes('cloud_controller.admin'), `createToken: scope is ${login.data.scope}`);
  const refreshed = await smoke.ok(
    'createToken refresh_token',
    200,
    createToken({ body: { grant_type: 'refresh_token', refresh_token: login.data.refresh_token } }),
  );
  check(refreshed.data.access_token.split('.').length === 3, 'createToken refresh_token: the access token is no JWT');
  token = refreshed.data;
  const { data: me } = await smoke.ok('getInfo with a token', 200, getInfo());
  check(typeof me.user === 'string' && me.user.length > 0, 'getInfo with a token names no user');

  // Organizations.
  const { data: orgs } = await smoke.ok(
    'listOrganizations',
    200,
    listOrganizations({ query: { q: [`name:${FIXTURE_ORG}`] } }),
  );
  check(
    orgs.total_results === 1 && orgs.resources[0]?.entity.name === FIXTURE_ORG,
    `listOrganizations: no ${FIXTURE_ORG}`,
  );

  const orgName = `ts-org-${runId}`;
  const { data: org } = await smoke.ok('createOrganization', 201, createOrganization({ body: { name: orgName } }));
  const orgGuid = org.metadata.guid;
  check(org.entity.name === orgName, `createOrganization: name is ${org.entity.name}, expected ${orgName}`);
  check(org.entity.status === 'active', `createOrganization: status is ${org.entity.status}`);
  const { data: gotOrg } = await smoke.ok('getOrganization', 200, getOrganization({ path: { guid: orgGuid } }));
  check(gotOrg.entity.name === orgName, `getOrganization: name is ${gotOrg.entity.name}`);
  const renamedOrg = `${orgName}-renamed`;
  const { data: updatedOrg } = await smoke.ok(
    'updateOrganization',
    201,
    updateOrganization({ path: { guid: orgGuid }, body: { name: renamedOrg } }),
  );
  check(updatedOrg.entity.name === renamedOrg, `updateOrganization: name is ${updatedOrg.entity.name}`);
  check(updatedOrg.metadata.updated_at !== null, 'updateOrganization: updated_at is still null');

  // A space in it.
  const spaceName = `ts-space-${runId}`;
  const { data: space } = await smoke.ok(
    'createSpace',
    201,
    createSpace({ body: { name: spaceName, organization_guid: orgGuid } }),
  );
  const spaceGuid = space.metadata.guid;
  checkSpace(space, 'createSpace', spaceName, orgGuid);
  const { data: byName } = await smoke.ok('listSpaces', 200, listSpaces({ query: { q: [`name:${spaceName}`] } }));
  check(
    byName.total_results === 1 && byName.resources[0]?.metadata.guid === spaceGuid,
    `listSpaces q=name:${spaceName}: ${byName.resources.map((s) => s.metadata.guid).join(', ')}`,
  );
  const { data: got } = await smoke.ok('getSpace', 200, getSpace({ path: { guid: spaceGuid } }));
  checkSpace(got, 'getSpace', spaceName, orgGuid);
  const renamed = `${spaceName}-renamed`;
  const { data: updated } = await smoke.ok(
    'updateSpace',
    201,
    updateSpace({ path: { guid: spaceGuid }, body: { name: renamed, allow_ssh: false } }),
  );
  checkSpace(updated, 'updateSpace', renamed, orgGuid);
  check(updated.entity.allow_ssh === false, 'updateSpace: allow_ssh is still true');

  const { data: orgSpaces } = await smoke.ok(
    'listOrganizationSpaces',
    200,
    listOrganizationSpaces({ path: { guid: orgGuid }, query: { 'results-per-page': 1 } }),
  );
  check(
    orgSpaces.total_results === 1 && orgSpaces.resources[0]?.entity.name === renamed,
    `listOrganizationSpaces: ${orgSpaces.total_results} spaces`,
  );

  // The collections spaceport keeps empty, with the real server's paging links.
  const { data: developers } = await smoke.ok(
    'listSpaceRelation',
    200,
    listSpaceRelation({ path: { guid: spaceGuid, relation: 'developers' } }),
  );
  check(developers.total_results === 0 && developers.resources.length === 0, 'listSpaceRelation developers: not empty');
  const { data: users } = await smoke.ok(
    'listOrganizationRelation',
    200,
    listOrganizationRelation({ path: { guid: orgGuid, relation: 'users' } }),
  );
  check(users.total_results === 0 && users.next_url === null, 'listOrganizationRelation users: not an empty last page');

  // The organization's quota.
  const quotaGuid = org.entity.quota_definition_guid;
  const { data: quota } = await smoke.ok('getQuotaDefinition', 200, getQuotaDefinition({ path: { guid: quotaGuid } }));
  check(
    quota.metadata.guid === quotaGuid && quota.entity.name === 'default',
    `getQuotaDefinition: ${quota.entity.name}`,
  );
  const { data: quotas } = await smoke.ok('listQuotaDefinitions', 200, listQuotaDefinitions());
  check(
    quotas.resources.some((q) => q.metadata.guid === quotaGuid),
    'listQuotaDefinitions: the default quota is missing',
  );

  // Audit events: the space's create and update, in order.
  const { data: spaceEvents } = await smoke.ok('listSpaceEvents', 200, listSpaceEvents({ path: { guid: spaceGuid } }));
  const types = spaceEvents.resources.map((e) => e.entity.type);
  check(types.join(',') === 'audit.space.create,audit.space.update', `listSpaceEvents: ${types.join(', ')}`);
  const { data: events } = await smoke.ok(
    'listEvents',
    200,
    listEvents({ query: { q: [`actee:${orgGuid}`], 'order-direction': 'desc' } }),
  );
  const orgUpdate = events.resources[0];
  check(
    orgUpdate?.entity.type === 'audit.organization.update',
    `listEvents actee:${orgGuid}: ${orgUpdate?.entity.type}`,
  );
  const { data: event } = await smoke.ok('getEvent', 200, getEvent({ path: { guid: orgUpdate.metadata.guid } }));
  check(
    event.entity.actee === orgGuid && event.entity.actee_name === renamedOrg,
    `getEvent: actee ${event.entity.actee}`,
  );
  check(event.entity.actor_name === 'admin@example.com', `getEvent: actor_name is ${event.entity.actor_name}`);

  // Delete the space as a job, see the job finished and the space gone: a 404 CfError.
  const { data: job } = await smoke.ok(
    'deleteSpace',
    202,
    deleteSpace({ path: { guid: spaceGuid }, query: { async: true } }),
  );
  check(job, 'deleteSpace async=true: 202 without a job');
  const { data: finished } = await smoke.ok('getJob', 200, getJob({ path: { guid: job.metadata.guid } }));
  check(finished.entity.status === 'finished', `getJob: status is ${finished.entity.status}`);
  const gone: CfError = zCfError.parse(
    await smoke.fails('getSpace after delete', 404, getSpace({ path: { guid: spaceGuid } })),
  );
  check(
    gone.error_code === 'CF-SpaceNotFound' && gone.code === 40004,
    `getSpace after delete: ${gone.error_code} ${gone.code}`,
  );
  check(
    gone.description.includes(spaceGuid),
    `getSpace after delete: the description does not name the guid: ${gone.description}`,
  );

  await smoke.ok('deleteOrganization', 204, deleteOrganization({ path: { guid: orgGuid } }));
  const { data: left } = await smoke.ok(
    'listOrganizations after delete',
    200,
    listOrganizations({ query: { q: [`name:${renamedOrg}`] } }),
  );
  check(left.total_results === 0, `listOrganizations after delete: ${left.total_results} left`);

  smoke.finish(404, 'CfError');
});
