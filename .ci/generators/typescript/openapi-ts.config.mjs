// @hey-api/openapi-ts configuration for run.sh: one job per vendor API, each from the client view the server
// serves at /openapi/<api>.client.json (downloaded into $VIEWS) into $OUT/src/<api>/.
//
//   VIEWS=views-dir OUT=out-dir tools/node_modules/.bin/openapi-ts -f .ci/generators/typescript/openapi-ts.config.mjs
//
// Plugins: the fetch client (bundled into the output, so the client needs no runtime package of its own), the
// TypeScript types, zod schemas of every component and response, and an SDK (one function per operationId)
// whose functions check each JSON response against its zod schema before returning it. Request validation is
// off: the smoke programs send documented bad requests (a blank name) to get documented errors back.
// Imports carry `.js` so the output compiles under `module: nodenext` and runs as ES modules in Node.
// The file imports nothing: it lives outside tools/, where `@hey-api/openapi-ts` (and its defineConfig, an
// identity function for editors) cannot be resolved from.

const { VIEWS, OUT } = process.env;
if (!VIEWS || !OUT) {
  throw new Error('set VIEWS (the directory of <api>.client.json files) and OUT (the output directory)');
}

const APIS = ['cloud_foundry', 'assembla', 'onezone'];

/** @type {import('@hey-api/openapi-ts').UserConfig[]} */
export default APIS.map((api) => ({
  input: `${VIEWS}/${api}.client.json`,
  output: { path: `${OUT}/src/${api}`, module: { extension: '.js' } },
  plugins: [
    '@hey-api/client-fetch',
    '@hey-api/typescript',
    'zod',
    { name: '@hey-api/sdk', validator: { request: false, response: 'zod' } },
  ],
}));
