/**
 * Records every AWS operation drydock's code issues while the test suite runs, so that
 * test/support/aws-operation-recorder.reporter.cjs can compare them with action-templates/iam/<action>.json at the end.
 * Loaded by jest before each test file (`setupFilesAfterEnv`); does nothing unless DRYDOCK_AWS_OPERATIONS_DIR names
 * the folder to write into (scripts/test.sh sets it for the whole-suite run).
 *
 * Three ways an operation can leave drydock's code, and where each is seen:
 * - a real SDK call (to moto, or to anything): a middleware in the client's own middleware stack, added to every client
 *   on its first `send`. It records what the SDK resolved: `context.clientName` and `context.commandName`.
 * - a call answered by aws-sdk-client-mock: the mock replaces `send` with a sinon stub, so no middleware runs. sinon's
 *   `stub` is wrapped so that every stub it puts on an AWS client's `send` records the client class and command class
 *   it is called with (the same names the middleware context carries).
 * - a Docker Registry HTTP API request (push, pull, referrers), which on ECR is authorised by IAM actions such as
 *   ecr:PutImage: RegistryHttp's request methods are wrapped and record the method and path; the reporter maps them.
 *
 * Each record carries the test file and the project files on the call's stack; the check (aws-operation-recorder
 * .check.cjs) attributes it to the action whose code made the call, and leaves out calls the test makes itself (seeding
 * moto or a registry with the SDK or with drydock's own registry client). Every jest worker appends to a file of its own (named by pid), whole lines
 * at a time with appendFileSync, so parallel workers never interleave.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RECORDER_FILES = /aws-operation-recorder\.[a-z]+\.(ts|cjs)$/;
const SMITHY_CONTEXT_KEY = '__smithy_context';

/**
 * The project files on a stack, innermost first, as paths relative to the repository (`src/aws/ecr.ts`,
 * `test/actions/push-ecr/main.test.ts`), without node_modules, node internals and the recorder itself. Repeats of a
 * file in a row are one entry. V8's async stack traces carry the awaiting callers too, so the chain usually reaches the
 * test that started the work; the check (aws-operation-recorder.check.cjs) decides from it who initiated the call.
 */
export function projectFrames(stack: string | undefined): string[] {
  const frames: string[] = [];
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?\s*$/.exec(line.trim());
    if (!match) continue;
    const file = match[1]!.replace(/^file:\/\//, '');
    if (!file.startsWith(ROOT + path.sep) || file.includes(`${path.sep}node_modules${path.sep}`) || RECORDER_FILES.test(file)) continue;
    const relative = path.relative(ROOT, file);
    if (frames[frames.length - 1] !== relative) frames.push(relative);
  }
  return frames;
}

function captureFrames(): string[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 80;
  try {
    return projectFrames(new Error().stack);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

interface SdkRecord {
  readonly kind: 'sdk';
  readonly via: 'middleware' | 'mock';
  readonly client: string;
  readonly command: string;
}
interface RegistryRecord {
  readonly kind: 'registry';
  readonly method: string;
  readonly path: string;
}

function createWriter(directory: string) {
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `operations-${process.pid}.jsonl`);
  // Per test file (this module is evaluated once per test file): write each distinct record once.
  const written = new Set<string>();
  return (record: SdkRecord | RegistryRecord, frames: readonly string[]) => {
    // Calls the test makes itself with the SDK (seeding moto) are not drydock's: the innermost frame must be in src/.
    if (!frames[0]?.startsWith('src/')) return;
    const testPath = (expect.getState().testPath as string | undefined) ?? '';
    const entry = { ...record, testFile: path.relative(ROOT, testPath), frames };
    const line = JSON.stringify(entry);
    if (written.has(line)) return;
    written.add(line);
    appendFileSync(file, line + '\n');
  };
}

type Write = ReturnType<typeof createWriter>;

interface SmithyClient {
  middlewareStack: { add(middleware: unknown, options: Record<string, unknown>): void };
  send(command: unknown, ...rest: unknown[]): unknown;
}

/** Real calls: every client gets the recording middleware on its first send; the middleware records what the SDK resolved. */
async function recordRealCalls(write: Write): Promise<void> {
  const { Client } = (await import('@smithy/core/client')) as unknown as { Client: { prototype: SmithyClient } };
  const callers = new WeakMap<object, string[]>();
  const instrumented = new WeakSet<object>();
  const middleware =
    (next: (args: unknown) => Promise<unknown>, context: Record<string, unknown>) =>
    (args: unknown) => {
      const command = (context[SMITHY_CONTEXT_KEY] as { commandInstance?: object } | undefined)?.commandInstance;
      write(
        { kind: 'sdk', via: 'middleware', client: String(context['clientName']), command: String(context['commandName']) },
        command ? (callers.get(command) ?? []) : [],
      );
      return next(args);
    };
  const send = Client.prototype.send;
  Client.prototype.send = function (this: SmithyClient, command: unknown, ...rest: unknown[]) {
    if (!instrumented.has(this)) {
      instrumented.add(this);
      this.middlewareStack.add(middleware, { step: 'initialize', priority: 'high', name: 'drydockOperationRecorder' });
    }
    if (typeof command === 'object' && command !== null) callers.set(command, captureFrames());
    return send.call(this, command, ...rest);
  };
}

interface SinonStub {
  invoke(func: unknown, thisValue: unknown, args: unknown[]): unknown;
}

/**
 * Mocked calls: aws-sdk-client-mock creates its stubs with the CommonJS sinon (`sinon.stub(clientOrPrototype, 'send')`),
 * which jest shares between this module and the test file. Stubs on an AWS client's `send` record each invocation.
 */
function recordMockedCalls(write: Write, Client: { prototype: object }): void {
  const sinon = createRequire(import.meta.url)('sinon') as { stub: (...args: unknown[]) => unknown };
  const stub = sinon.stub;
  sinon.stub = function (this: unknown, ...args: unknown[]) {
    const created = stub.apply(this, args) as SinonStub;
    const [target, property] = args;
    if (property === 'send' && target instanceof Object && Client.prototype.isPrototypeOf(target) === true) {
      const invoke = created.invoke;
      Object.defineProperty(created, 'invoke', {
        configurable: true,
        writable: true,
        value(this: SinonStub, func: unknown, thisValue: unknown, callArgs: unknown[]) {
          const command = callArgs[0] as object | undefined;
          write(
            { kind: 'sdk', via: 'mock', client: String((thisValue as object)?.constructor?.name), command: String(command?.constructor?.name) },
            captureFrames(),
          );
          return invoke.call(this, func, thisValue, callArgs);
        },
      });
    }
    return created;
  };
}

/** Registry API requests: the method and the path under /v2/ say which ECR permission the request needs. */
async function recordRegistryRequests(write: Write): Promise<void> {
  const { RegistryHttp } = await import('../../src/oci/transport.js');
  const prototype = RegistryHttp.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['request', 'requestOnce', 'requestBytes', 'sendStream']) {
    const original = prototype[name]!;
    prototype[name] = function (this: InstanceType<typeof RegistryHttp>, ...args: unknown[]) {
      const request = args[0] as { method: string; url: string };
      const url = new URL(this.resolve(request.url));
      write({ kind: 'registry', method: request.method, path: url.pathname + url.search }, captureFrames());
      return original.apply(this, args);
    };
  }
}

const directory = process.env['DRYDOCK_AWS_OPERATIONS_DIR'];
if (directory) {
  const write = createWriter(directory);
  await recordRealCalls(write);
  const { Client } = (await import('@smithy/core/client')) as unknown as { Client: { prototype: object } };
  recordMockedCalls(write, Client);
  await recordRegistryRequests(write);
}
