// Smoke test of the client generated from the Onezone client view: every operation through the generated SDK,
// against SPACEPORT_URL joined with the view's first server URL (/api/v3/onezone). One provider creates a space
// with the API docs' space-creation token; a second provider supports it with a support token naming it, then
// stops; the second provider's 404 for the space it no longer supports is the documented error.

import { createHash, randomBytes } from 'node:crypto';

import { type Client, createClient, createConfig } from './onezone/client/index.js';
import {
  createProviderSpace,
  type Error as OnezoneError,
  getSpace,
  getSupportedSpace,
  getSupportedSpaces,
  removeSpaceSupport,
  type Space,
  supportSpace,
} from './onezone/index.js';
import { zError } from './onezone/zod.gen.js';
import { check, fetchWithTimeout, main, runId, Smoke } from './smoke_common.js';

/** The API docs' example space-creation token (fixtures/default.yaml); lenient mode accepts it. */
const DOCS_TOKEN =
  'JKAxNWxvY2F0aW9uIG9uZXpvbmUKMDAzYmlkZW50aWZpZXIgOEhmSEFSSGdrbHFCa1pWSTRsNk1CVHZTU3Z0OThwcHA2OTQ4czhRN1NPawowMDFhY2lkIHRpbWUgPCAxNDk2MTQwMTQ0CjAwMmZzaWduYXR1cmUg88OIBmav38YI0Z2-dw-fvrZ3XP-J0HjCN0taT3_WungK';

/** A macaroon-shaped token (v1 packets: 4 hex digits of length, `key value\n`) whose identifier is `identifier`. */
function macaroon(identifier: string): string {
  const packet = (key: string, value: Buffer | string): Buffer => {
    const body = Buffer.concat([Buffer.from(`${key} `), Buffer.from(value), Buffer.from('\n')]);
    return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0')), body]);
  };
  const packets = [
    packet('location', 'onezone'),
    packet('identifier', identifier),
    packet('signature', randomBytes(32)),
  ];
  return Buffer.concat(packets).toString('base64url');
}

/** The provider id spaceport derives from a provider token. */
const providerId = (token: string): string => createHash('sha256').update(token).digest('base64url').slice(0, 43);

/** A client that authenticates as the provider `token` (in X-Auth-Token, the first scheme the view lists). */
function providerClient(smoke: Smoke, token: string): Client {
  const client = createClient(
    createConfig({
      baseUrl: smoke.baseUrl,
      fetch: fetchWithTimeout,
      auth: (auth) => (auth.name === 'X-Auth-Token' ? token : undefined),
    }),
  );
  smoke.track(client);
  return client;
}

function checkSupports(space: Space, what: string, id: string, name: string, supports: Record<string, number>): void {
  check(space.spaceId === id && space.name === name, `${what}: space ${space.spaceId} ${space.name}`);
  const got = JSON.stringify(Object.entries(space.providersSupports).sort());
  const expected = JSON.stringify(Object.entries(supports).sort());
  check(got === expected, `${what}: providersSupports is ${got}, expected ${expected}`);
}

main('onezone', async () => {
  const smoke = new Smoke('onezone');
  const ownerToken = `ts-provider-${runId}`;
  const helperToken = `ts-helper-${runId}`;
  const owner = providerClient(smoke, ownerToken);
  const helper = providerClient(smoke, helperToken);

  // Create: 201, an empty body and `Location: /spaces/{id}`. `size` may be an integer.
  const name = `ts-space-${runId}`;
  const created = await smoke.ok(
    'createProviderSpace',
    201,
    createProviderSpace({ client: owner, body: { name, token: DOCS_TOKEN, size: 1024 } }),
  );
  const location = created.response.headers.get('Location') ?? '';
  const id = /^\/spaces\/([^/]+)$/.exec(location)?.[1];
  check(id, `createProviderSpace: Location is ${JSON.stringify(location)}, expected /spaces/{id}`);

  const { data: supported } = await smoke.ok('getSupportedSpaces', 200, getSupportedSpaces({ client: owner }));
  check(supported.spaces.at(-1) === id, `getSupportedSpaces: ${supported.spaces.join(', ')} does not end with ${id}`);
  const { data: none } = await smoke.ok('getSupportedSpaces (helper)', 200, getSupportedSpaces({ client: helper }));
  check(!none.spaces.includes(id), 'getSupportedSpaces: the helper provider already supports the space');

  const { data: mine } = await smoke.ok(
    'getSupportedSpace',
    200,
    getSupportedSpace({ client: owner, path: { sid: id } }),
  );
  checkSupports(mine, 'getSupportedSpace', id, name, { [providerId(ownerToken)]: 1024 });

  // Support by a second provider, `size` as a digit string: 201 and `Location: /provider/spaces/{id}`.
  const support = await smoke.ok(
    'supportSpace',
    201,
    supportSpace({ client: helper, body: { token: macaroon(id), size: '2048' } }),
  );
  const supportLocation = support.response.headers.get('Location');
  check(supportLocation === `/provider/spaces/${id}`, `supportSpace: Location is ${supportLocation}`);

  const { data: both } = await smoke.ok('getSpace', 200, getSpace({ client: helper, path: { id } }));
  checkSupports(both, 'getSpace', id, name, { [providerId(ownerToken)]: 1024, [providerId(helperToken)]: 2048 });

  // Stop supporting it: 202, then the helper provider no longer sees it (404), and the owner alone supports it.
  await smoke.ok('removeSpaceSupport', 202, removeSpaceSupport({ client: helper, path: { sid: id } }));
  const notFound = await smoke.fails(
    'getSupportedSpace after removeSpaceSupport',
    404,
    getSupportedSpace({ client: helper, path: { sid: id } }),
  );
  const gone: OnezoneError = zError.parse(notFound);
  check(gone.error.length > 0 && gone.error_description.length > 0, `404: ${JSON.stringify(gone)}`);
  const { data: after } = await smoke.ok(
    'getSpace after removeSpaceSupport',
    200,
    getSpace({ client: owner, path: { id } }),
  );
  checkSupports(after, 'getSpace after removeSpaceSupport', id, name, { [providerId(ownerToken)]: 1024 });

  smoke.finish(404, 'Error');
});
