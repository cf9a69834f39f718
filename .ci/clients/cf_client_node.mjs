// Client-library test: the real npm `cf-client` (0.13.x, tools/package.json) against a running spaceport.
//
// Run by .ci/clients/cf_client_node.sh with SPACEPORT_URL set to a freshly started server (or a tenant's base
// URL) that has the default fixtures (user admin/admin). It uses the client the way its README does:
//
//   CloudController.getInfo()            GET  /v2/info: authorization_endpoint, the UAA to log in at
//   UsersUAA.login(user, password)       POST <authorization_endpoint>/oauth/token, password grant, client cf
//   UsersUAA.refreshToken()              POST <authorization_endpoint>/oauth/token, refresh_token grant
//   Organizations.add / remove           POST /v2/organizations, DELETE /v2/organizations/<guid> (204)
//   Spaces.add                           POST /v2/spaces (201)
//   Spaces.getSpaces(filter)             GET  /v2/spaces?q=...
//   Spaces.getSpace(guid)                GET  /v2/spaces/<guid>
//   Spaces.remove(guid, options)         DELETE /v2/spaces/<guid> (204)
//
// What cf-client sends that another client would not (read from its lib/): every write body is
// `form: JSON.stringify(options)`, so the JSON arrives with `Content-Type: application/x-www-form-urlencoded`;
// Spaces.remove(guid) without an options object throws a TypeError (it reads `options.async`), so the test
// passes `{}`. A failed call rejects with the response body as a string (not an Error); a status other than the
// one it expects rejects too, so each resolved call has had exactly its documented status.
//
// Every name is unique per run, so the test also passes against a server that has seen other runs. One line per
// step; on any failure it prints what went wrong and exits 1.

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(`${ROOT}tools/package.json`);
const cf = require('cf-client');
const CF_CLIENT_VERSION = require('cf-client/package.json').version;

// The client sets no timeouts: a hanging request would block until CI kills the script without a message.
const DEADLINE_MS = 45_000;

class StepFailed extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new StepFailed(message);
  }
}

const step = (text) => console.log(`ok   ${text}`);

/** cf-client rejects with the body text (or "EMPTY_BODY"); a CF error body is JSON. */
function rejection(reason) {
  if (reason instanceof Error) {
    return { text: `${reason.name}: ${reason.message}`, body: undefined };
  }
  const text = String(reason);
  try {
    return { text, body: JSON.parse(text) };
  } catch {
    return { text, body: undefined };
  }
}

/** Awaits a cf-client call that must succeed; a rejection fails the step with the body the server sent. */
async function call(what, promise) {
  try {
    return await promise;
  } catch (reason) {
    if (reason instanceof StepFailed) {
      throw reason;
    }
    throw new StepFailed(`${what} was rejected: ${rejection(reason).text}`);
  }
}

/** Awaits a cf-client call that must be rejected; returns the parsed error body. */
async function rejected(what, promise) {
  let result;
  try {
    result = await promise;
  } catch (reason) {
    const { text, body } = rejection(reason);
    check(body && typeof body === 'object', `${what}: rejected with a body that is not JSON: ${text}`);
    return body;
  }
  throw new StepFailed(`${what} succeeded with ${JSON.stringify(result)}, expected a rejection`);
}

function checkSpace(space, what, { guid, name, orgGuid }) {
  const { metadata, entity } = space;
  check(metadata.guid === guid, `${what}: metadata.guid is ${metadata.guid}, expected ${guid}`);
  check(metadata.url === `/v2/spaces/${guid}`, `${what}: metadata.url is ${metadata.url}`);
  check(entity.name === name, `${what}: entity.name is ${entity.name}, expected ${name}`);
  check(entity.organization_guid === orgGuid, `${what}: organization_guid is ${entity.organization_guid}`);
  check(
    entity.organization_url === `/v2/organizations/${orgGuid}`,
    `${what}: organization_url ${entity.organization_url}`,
  );
}

async function run(url) {
  step(`cf-client ${CF_CLIENT_VERSION} against ${url}`);

  // a. Discovery, then login at the UAA that /v2/info names (absolute: it carries a tenant's prefix).
  const info = await call('CloudController.getInfo()', new cf.CloudController(url).getInfo());
  check(
    info.authorization_endpoint === url,
    `authorization_endpoint is ${info.authorization_endpoint}, expected ${url}`,
  );
  check(info.token_endpoint === url, `token_endpoint is ${info.token_endpoint}, expected ${url}`);
  step(`getInfo: api_version ${info.api_version}, authorization_endpoint ${info.authorization_endpoint}`);

  const uaa = new cf.UsersUAA();
  uaa.setEndPoint(info.authorization_endpoint);
  const login = await call('UsersUAA.login(admin)', uaa.login('admin', 'admin'));
  check(login.token_type === 'bearer', `login: token_type is ${login.token_type}`);
  check(login.access_token && login.refresh_token, `login: no access or refresh token in ${Object.keys(login)}`);
  const claims = uaa.decodeAccessToken(login);
  check(claims.user_name === 'admin', `login: the access token's user_name is ${claims.user_name}`);
  step(`login as admin (password grant): scope ${login.scope}`);

  uaa.setToken(login);
  const token = await call('UsersUAA.refreshToken()', uaa.refreshToken());
  check(token.access_token && token.access_token !== login.access_token, 'refreshToken gave no new access token');
  step('refreshToken (refresh_token grant): a new access token');

  const organizations = new cf.Organizations(url);
  const spaces = new cf.Spaces(url);
  organizations.setToken(token);
  spaces.setToken(token);

  // b. An organization and a space in it.
  const runId = randomUUID().slice(0, 12);
  const orgName = `cfnode-org-${runId}`;
  const org = await call('Organizations.add', organizations.add({ name: orgName }));
  const orgGuid = org.metadata.guid;
  check(org.entity.name === orgName, `created organization has name ${org.entity.name}, expected ${orgName}`);
  step(`create organization ${orgName} -> ${orgGuid}`);

  const name = `cfnode-space-${runId}`;
  const space = await call('Spaces.add', spaces.add({ name, organization_guid: orgGuid }));
  const guid = space.metadata.guid;
  checkSpace(space, 'created space', { guid, name, orgGuid });
  step(`create space ${name} in ${orgName} -> ${guid}`);

  // c. List: by the organization (exactly this space), and by name.
  const inOrg = await call(
    'Spaces.getSpaces(q=organization_guid)',
    spaces.getSpaces({ q: `organization_guid:${orgGuid}` }),
  );
  check(
    inOrg.total_results === 1 && inOrg.resources.length === 1,
    `spaces of ${orgName}: total_results ${inOrg.total_results}`,
  );
  checkSpace(inOrg.resources[0], 'listed space', { guid, name, orgGuid });
  const byName = await call('Spaces.getSpaces(q=name)', spaces.getSpaces({ q: `name:${name}`, 'results-per-page': 5 }));
  check(
    byName.resources.map((s) => s.metadata.guid).join() === guid,
    `spaces named ${name}: ${JSON.stringify(byName.resources)}`,
  );
  step(`list spaces: q=organization_guid:${orgGuid} and q=name:${name} find ${guid}`);

  // d. Get it.
  const got = await call('Spaces.getSpace', spaces.getSpace(guid));
  checkSpace(got, 'getSpace', { guid, name, orgGuid });
  step(`getSpace(${guid}) -> ${got.entity.name}`);

  // e. Delete it (204), and see it gone: a 404 with the v2 error body, and no longer listed.
  const removed = await call('Spaces.remove', spaces.remove(guid, {}));
  check(removed === '', `Spaces.remove resolved with ${JSON.stringify(removed)}, expected the empty 204 body`);
  step(`remove(${guid}) -> 204`);

  const gone = await rejected('getSpace after remove', spaces.getSpace(guid));
  check(
    gone.code === 40004 && gone.error_code === 'CF-SpaceNotFound',
    `getSpace after remove: ${JSON.stringify(gone)}`,
  );
  check(String(gone.description).includes(guid), `the 404 description does not name the guid: ${gone.description}`);
  const after = await call('Spaces.getSpaces after remove', spaces.getSpaces({ q: `organization_guid:${orgGuid}` }));
  check(after.total_results === 0, `spaces of ${orgName} after remove: total_results ${after.total_results}`);
  step(`getSpace(${guid}) after remove -> 404 ${gone.error_code} ${gone.code}; the organization lists no space`);

  await call('Organizations.remove', organizations.remove(orgGuid, {}));
  step(`remove organization ${orgGuid} -> 204`);
}

async function main() {
  const url = (process.env.SPACEPORT_URL ?? '').replace(/\/+$/, '');
  if (!url) {
    console.error('FAIL: SPACEPORT_URL is not set');
    return 1;
  }
  const deadline = setTimeout(() => {
    console.error(`FAIL: not finished within ${DEADLINE_MS / 1000}s: a request to ${url} hung`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  try {
    await run(url);
  } catch (error) {
    console.error(error instanceof StepFailed ? `FAIL: ${error.message}` : `FAIL: ${error?.stack ?? error}`);
    return 1;
  } finally {
    clearTimeout(deadline);
  }
  console.log('PASS: cf-client v2 flow');
  return 0;
}

process.exitCode = await main();
