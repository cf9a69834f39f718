// Shared by the smoke programs: the view's operations, the generated client's base URL, and a Smoke that
// watches every request a generated client sends (which operation it was, by method and path template) and
// checks each answer.
//
// The programs call the API through the generated SDK functions only. Each SDK function checks a JSON
// response body against the zod schema generated from the view before it returns it (a body that does not
// match comes back as `error`, with a 2xx status), so an answer `ok()` accepts was parsed by the generated
// schema and is typed by the generated types.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every request fails after this long, and the whole program after DEADLINE_MS. */
const REQUEST_TIMEOUT_MS = 10_000;
const DEADLINE_MS = 60_000;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface ViewOperation {
  operationId: string;
  method: string;
  path: string;
}

interface View {
  servers?: Array<{ url: string }>;
  paths: Record<string, Partial<Record<(typeof METHODS)[number], { operationId?: string }>>>;
}

/** What a generated SDK function resolves to (the fetch client's `fields` style, errors not thrown). */
type AnyResult = ({ data: unknown; error: undefined } | { data: undefined; error: unknown }) & {
  request?: Request;
  response?: Response;
};

/** The data of a call's success, and the response it came in. */
type Success<R> = R extends { data: infer T; error: undefined } ? { data: T; response: Response } : never;

/** The error body of a call's failure: the generated union of its documented error responses. */
type Failure<R> = R extends { data: undefined; error: infer E } ? Exclude<E, undefined> : never;

/** The part of a generated client (each API's `Client` has this shape) that Smoke hooks into. */
export interface Hookable {
  interceptors: {
    request: { use(fn: (request: Request, options: { url: string }) => Request | Promise<Request>): number };
  };
}

export class SmokeFailure extends Error {}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new SmokeFailure(message);
  }
}

export function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new SmokeFailure(`${name} is not set`);
  }
  return value;
}

/** An error for a message: an Error's message and its cause's (fetch's "fetch failed" hides the reason). */
function describe(error: unknown): string {
  if (error instanceof Error) {
    return error.cause === undefined ? error.message : `${error.message} (${describe(error.cause)})`;
  }
  return JSON.stringify(error);
}

/** `SPACEPORT_URL` without a trailing slash: the root of the APIs, a tenant's prefix included. */
export function spaceportUrl(): string {
  return env('SPACEPORT_URL').replace(/\/+$/, '');
}

/** A `fetch` that gives up after REQUEST_TIMEOUT_MS, for the generated clients' `fetch` option. */
export const fetchWithTimeout: typeof fetch = (input, init) =>
  fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

/** A fresh suffix for names, so that a server that has seen other runs gives the same results. */
export const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export class Smoke {
  readonly operations: ViewOperation[];
  /** The client's baseUrl: SPACEPORT_URL joined with the view's first server URL (relative in every view). */
  readonly baseUrl: string;
  private readonly called = new Set<string>();
  private parsed = 0;

  constructor(readonly api: string) {
    const file = join(env('VIEWS'), `${api}.client.json`);
    const view = JSON.parse(readFileSync(file, 'utf8')) as View;
    this.operations = Object.entries(view.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) => {
        const operationId = item[method]?.operationId;
        return operationId ? [{ operationId, method: method.toUpperCase(), path }] : [];
      }),
    );
    check(this.operations.length > 0, `${file} has no operations`);
    const server = view.servers?.[0]?.url ?? '/';
    check(server.startsWith('/'), `${file}: servers[0].url ${server} is not a relative URL`);
    this.baseUrl = spaceportUrl() + server.replace(/\/+$/, '');
  }

  /** Records the operation of every request `client` sends; a request that matches none fails the run. */
  track(client: Hookable): void {
    client.interceptors.request.use((request, options) => {
      const op = this.operations.find((o) => o.method === request.method && o.path === options.url);
      check(op, `${request.method} ${options.url} is no operation of the ${this.api} view`);
      this.called.add(op.operationId);
      return request;
    });
  }

  /** Awaits an SDK call that must succeed with `status` (or one of them); returns its typed, schema-checked data. */
  async ok<R extends AnyResult>(what: string, status: number | number[], call: Promise<R>): Promise<Success<R>> {
    const result = await call;
    const got = result.response?.status;
    const expected = [status].flat();
    if (result.error !== undefined) {
      // A 2xx with an error is a body the generated zod schema rejected (a ZodError, its issues as JSON).
      const detail = describe(result.error);
      const problem = result.response?.ok ? 'a body that does not match the view' : `expected ${expected.join(' or ')}`;
      throw new SmokeFailure(
        `${what}: status ${got ?? 'none (no response)'}, ${problem}: ${detail.replace(/\s+/g, ' ')}`,
      );
    }
    check(
      result.response && got !== undefined && expected.includes(got),
      `${what}: status ${got}, expected ${expected.join(' or ')}`,
    );
    // The client skips the schema (and reads `{}`) for a 204 or an empty body: only the others count as parsed.
    if (got !== 204 && result.response.headers.get('Content-Length') !== '0') {
      this.parsed += 1;
    }
    // `error` is undefined, so this is the union's success member.
    return { data: result.data, response: result.response } as Success<R>;
  }

  /** Awaits an SDK call that must fail with `status`; returns its error body, typed by the generated error type. */
  async fails<R extends AnyResult>(what: string, status: number, call: Promise<R>): Promise<Failure<R>> {
    const result = await call;
    const got = result.response?.status;
    check(result.error !== undefined, `${what}: status ${got}, expected the error ${status}`);
    check(got === status, `${what}: status ${got}, expected ${status}: ${JSON.stringify(result.error)}`);
    return result.error as Failure<R>;
  }

  /** Checks that every operation of the view was called, and prints the summary line. */
  finish(errorStatus: number, errorType: string): void {
    const missed = this.operations.filter((o) => !this.called.has(o.operationId)).map((o) => o.operationId);
    check(missed.length === 0, `operations never called: ${missed.join(', ')}`);
    const called = `${this.called.size}/${this.operations.length} operations called`;
    const parsed = `${this.parsed} responses parsed, error ${errorStatus} parsed as ${errorType}`;
    console.log(`typescript ${this.api}: ${called}, ${parsed}`);
  }
}

/** Runs a smoke program: a deadline, one line on failure, exit status 1. */
export function main(api: string, body: () => Promise<void>): void {
  const deadline = setTimeout(() => {
    console.error(`FAIL typescript ${api}: not finished within ${DEADLINE_MS / 1000}s`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  body().then(
    () => clearTimeout(deadline),
    (error: unknown) => {
      const text = error instanceof SmokeFailure ? error.message : error instanceof Error ? error.stack : String(error);
      console.error(`FAIL typescript ${api}: ${text}`);
      process.exitCode = 1;
    },
  );
}
