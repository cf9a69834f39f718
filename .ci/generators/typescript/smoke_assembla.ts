// Smoke test of the client generated from the Assembla v1 client view: every operation through the generated
// SDK, against SPACEPORT_URL (a tenant's prefix included). A space through its whole life (list, create, get
// by id and by wiki name, update, copy, delete), both credential kinds (a bearer token, an API key pair), and
// the 422 ValidationErrors of a blank name.

import { createClient, createConfig } from './assembla/client/index.js';
import { client } from './assembla/client.gen.js';
import {
  copySpace,
  createSpace,
  deleteSpace,
  getSpace,
  listSpaces,
  type Space,
  updateSpace,
  type ValidationErrors,
} from './assembla/index.js';
import { zValidationErrors } from './assembla/zod.gen.js';
import { check, fetchWithTimeout, main, runId, Smoke, spaceportUrl } from './smoke_common.js';

/** The fixtures' portfolio, every new space's parent_id, and credentials (fixtures/default.yaml). */
const PORTFOLIO = 'brlpYIz2Sr4zBIadbNA33N';
const TOKEN = 'spaceport-assembla-token';
const API_KEY = { 'X-Api-Key': 'spaceport-key', 'X-Api-Secret': 'spaceport-secret' };

function checkSpace(space: Space, what: string, expected: Partial<Space>): void {
  check(/^[A-Za-z0-9_-]{22}$/.test(space.id), `${what}: id ${space.id} is not 22 URL-safe characters`);
  for (const [key, value] of Object.entries(expected)) {
    const got: unknown = space[key as keyof Space];
    check(got === value, `${what}: ${key} is ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`);
  }
}

main('assembla', async () => {
  const smoke = new Smoke('assembla');
  client.setConfig({
    baseUrl: smoke.baseUrl,
    fetch: fetchWithTimeout,
    auth: (auth) => (auth.scheme === 'bearer' ? TOKEN : undefined),
  });
  smoke.track(client);
  const keyClient = createClient(
    createConfig({
      baseUrl: smoke.baseUrl,
      fetch: fetchWithTimeout,
      auth: (auth) => (auth.name === 'X-Api-Key' || auth.name === 'X-Api-Secret' ? API_KEY[auth.name] : undefined),
    }),
  );
  smoke.track(keyClient);
  const listed = async (what: string): Promise<Space[]> => {
    // 204 (an empty body, which the client reads as `{}`) when there is no space at all.
    const { data, response } = await smoke.ok(what, [200, 204], listSpaces({ query: { per_page: 100 } }));
    check(
      Array.isArray(data) === (response.status === 200),
      `${what}: status ${response.status} with ${JSON.stringify(data)}`,
    );
    return Array.isArray(data) ? data : [];
  };

  const name = `ts-space-${runId}`;
  check(!(await listed('listSpaces before create')).some((s) => s.name === name), 'listSpaces: the new name is taken');

  const created = await smoke.ok(
    'createSpace',
    201,
    createSpace({ body: { name, description: 'made by the generated client', team_permissions: 1 } }),
  );
  const space = created.data;
  checkSpace(space, 'createSpace', {
    name,
    description: 'made by the generated client',
    team_permissions: 1,
    parent_id: PORTFOLIO,
    wiki_name: space.id,
  });
  const location = created.response.headers.get('Location');
  check(location === `${spaceportUrl()}/v1/spaces/${space.id}`, `createSpace: Location is ${location}`);

  const listedAfter = await listed('listSpaces after create');
  check(
    listedAfter.filter((s) => s.id === space.id).length === 1,
    'listSpaces after create: the space is not listed once',
  );

  const { data: byId } = await smoke.ok('getSpace', 200, getSpace({ path: { id: space.id } }));
  checkSpace(byId, 'getSpace', { id: space.id, name, created_at: space.created_at });
  const { data: byKey } = await smoke.ok(
    'getSpace with an API key',
    200,
    getSpace({ client: keyClient, path: { id: space.wiki_name } }),
  );
  checkSpace(byKey, 'getSpace by wiki name', { id: space.id, name });

  // Update: a field changed, a field cleared (null), the rest kept.
  await smoke.ok(
    'updateSpace',
    204,
    updateSpace({ path: { id: space.id }, body: { name: `${name}-renamed`, description: null, status: 2 } }),
  );
  const { data: updated } = await smoke.ok('getSpace after update', 200, getSpace({ path: { id: space.id } }));
  checkSpace(updated, 'getSpace after update', {
    name: `${name}-renamed`,
    description: null,
    status: 2,
    team_permissions: 1,
  });

  // Copy: a new id and wiki name, the given name, every other writable field from the source.
  const { data: copy } = await smoke.ok(
    'copySpace',
    201,
    copySpace({ path: { id: space.id }, body: { name: `${name}-copy` } }),
  );
  check(copy.id !== space.id, 'copySpace: the copy has the source id');
  checkSpace(copy, 'copySpace', { name: `${name}-copy`, wiki_name: copy.id, status: 2, team_permissions: 1 });

  // The documented validation error: 422 with Rails' errors hash.
  const blank = await smoke.fails('createSpace with a blank name', 422, createSpace({ body: { name: ' ' } }));
  const invalid: ValidationErrors = zValidationErrors.parse(blank);
  check(invalid.name?.includes("can't be blank"), `createSpace with a blank name: ${JSON.stringify(invalid)}`);

  // Delete both, and see them gone.
  await smoke.ok('deleteSpace copy', 204, deleteSpace({ path: { id: copy.id } }));
  await smoke.ok('deleteSpace', 204, deleteSpace({ client: keyClient, path: { id: space.id } }));
  await smoke.fails('getSpace after delete', 404, getSpace({ path: { id: space.id } }));
  const left = await listed('listSpaces after delete');
  check(!left.some((s) => s.id === space.id || s.id === copy.id), 'listSpaces after delete: a deleted space is listed');

  smoke.finish(422, 'ValidationErrors');
});
