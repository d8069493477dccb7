import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { cancellationSignal, describeFailure, endProcess, executeAction, reportStopped, type ActionDefinition } from '../../src/core/action.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { InputReader } from '../../src/core/inputs.js';
import { VERSION } from '../../src/core/version.js';
import { testContext } from '../support/context.js';
import { tempDir } from '../support/temp-dir.js';

const inputs = (values: Record<string, string>) => new InputReader(new Map(Object.entries(values)));

function definition(run: (settings: { name: string }) => Promise<void>): ActionDefinition<{ name: string }> {
  return {
    name: 'demo',
    parse: (reader) => ({ name: reader.required('name') }),
    run: (settings, context) => {
      context.summary.heading(`hello ${settings.name}`);
      return run(settings);
    },
  };
}

describe('executeAction', () => {
  test('runs, returns 0 and writes the summary', async () => {
    const { context, lines } = testContext();
    expect(await executeAction(definition(async () => {}), inputs({ name: 'x' }), context)).toBe(0);
    expect(lines).toContainEqual({ level: 'info', message: '== hello x ==' });
  });

  test('a ConfigurationError from parsing is one error line and exit 1, and run never starts', async () => {
    const { context, lines } = testContext();
    let ran = false;
    const code = await executeAction(definition(async () => void (ran = true)), inputs({}), context);
    expect(code).toBe(1);
    expect(ran).toBe(false);
    expect(lines).toEqual([{ level: 'error', message: "Input 'name' is required. Set 'name' in the step's 'with:' block." }]);
  });

  test('an internal error is one line; its stack only goes to debug', async () => {
    const { context, lines } = testContext();
    const code = await executeAction(
      definition(async () => {
        throw new TypeError('boom');
      }),
      inputs({ name: 'x' }),
      context,
    );
    expect(code).toBe(1);
    expect(lines.filter((l) => l.level === 'error')).toEqual([{ level: 'error', message: 'TypeError: boom' }]);
    expect(lines.find((l) => l.level === 'debug')?.message).toMatch(/^TypeError: boom\n\s+at /);
  });

  test('a ConfigurationError from run has no stack at all', async () => {
    const { context, lines } = testContext();
    await executeAction(
      definition(async () => {
        throw new ConfigurationError('Input x: bad. Fix it.');
      }),
      inputs({ name: 'x' }),
      context,
    );
    expect(lines.filter((l) => l.level === 'debug')).toEqual([]);
  });

  test('warns about inputs the action does not have', async () => {
    const { context, lines } = testContext();
    await executeAction(definition(async () => {}), inputs({ name: 'x', nmae: 'y' }), context);
    expect(lines).toContainEqual({
      level: 'warning',
      message: "Input 'nmae' is not an input of demo; it is ignored. Check its spelling.",
    });
  });
});

describe('executeAction: a step that fails after it changed something', () => {
  test('lists the changes it recorded under "Changed before it failed", after what it wrote itself', async () => {
    const { context, lines } = testContext();
    const run = async () => {
      context.summary.recordChange('ECR repository team/app created');
      context.summary.recordChange('Namespace shop created');
      throw new Error('the registry refused the upload');
    };
    expect(await executeAction(definition(run), inputs({ name: 'x' }), context)).toBe(1);
    expect(lines.at(-1)).toEqual({ level: 'info', message: '== hello x ==\n== Changed before it failed ==\n  * ECR repository team/app created\n  * Namespace shop created' });
  });

  test('a step that succeeds, or changed nothing, gets no such list', async () => {
    const ok = testContext();
    await executeAction(definition(async () => ok.context.summary.recordChange('tag v1 written')), inputs({ name: 'x' }), ok.context);
    expect(ok.lines.at(-1)).toEqual({ level: 'info', message: '== hello x ==' });
    const failed = testContext();
    await executeAction(definition(async () => { throw new Error('nothing done'); }), inputs({ name: 'x' }), failed.context);
    expect(failed.lines.at(-1)).toEqual({ level: 'info', message: '== hello x ==' });
  });
});

describe('executeAction: the step summary file', () => {
  test('gets registered secrets redacted, as the log lines do (the file does not pass through the logger)', async () => {
    const file = path.join(tempDir('summary-secret'), 'summary.md');
    const { context } = testContext({ GITHUB_STEP_SUMMARY: file });
    const secret = 'Zk9x-summary-secret-4242';
    const run = async () => {
      context.secrets.add(secret);
      context.summary.text(`token ${secret} used`);
    };
    expect(await executeAction(definition(run), inputs({ name: 'x' }), context)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('### hello x\n\ntoken *** used\n\n');
  });

  test('of a stopped step too', () => {
    const file = path.join(tempDir('summary-secret'), 'summary.md');
    const { context } = testContext({ GITHUB_STEP_SUMMARY: file });
    context.secrets.add('Zk9x-stopped-secret-4242');
    context.summary.recordChange('pull secret with Zk9x-stopped-secret-4242 applied');
    reportStopped(context, 'SIGTERM');
    expect(readFileSync(file, 'utf8')).toContain('- pull secret with *** applied');
    expect(readFileSync(file, 'utf8')).not.toContain('Zk9x');
  });
});

describe('executeAction: a misspelled input next to the parse error it caused', () => {
  test("the error, then the input that was probably meant: 'nmae' for the required 'name'", async () => {
    const { context, lines } = testContext();
    // 'other' is not close to 'name': it may be an input the parser had not reached yet, so it is not called unknown.
    expect(await executeAction(definition(async () => {}), inputs({ nmae: 'x', other: 'y' }), context)).toBe(1);
    expect(lines).toEqual([
      { level: 'error', message: "Input 'name' is required. Set 'name' in the step's 'with:' block." },
      { level: 'warning', message: "Input 'nmae' is not an input of demo; it is ignored. Did you mean 'name'?" },
    ]);
  });

  test('a bad value of another input: nothing more than the error', async () => {
    const { context, lines } = testContext();
    const strict: ActionDefinition<unknown> = {
      name: 'demo',
      parse: (reader) => ({ count: reader.integer('count', 1, 1, 9), name: reader.required('name') }),
      run: async () => {},
    };
    expect(await executeAction(strict, inputs({ count: '99', nmae: 'x' }), context)).toBe(1);
    expect(lines).toEqual([{ level: 'error', message: "Input 'count': '99' is not a whole number from 1 to 9. Set it to a number in that range." }]);
  });

  test('an unknown AWS failure names its fix using the run\'s environment', async () => {
    const { context, errors } = testContext({ AWS_ENDPOINT_URL: 'notaurl' });
    const invalid = Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL', input: 'notaurl' });
    await executeAction(
      definition(async () => {
        throw invalid;
      }),
      inputs({ name: 'x' }),
      context,
    );
    expect(errors()).toEqual([
      "AWS_ENDPOINT_URL is set to 'notaurl', which is not a URL. Set it to the endpoint's base URL, such as http://127.0.0.1:5000, or unset it to use AWS's own endpoints.",
    ]);
  });
});

test('VERSION matches package.json', () => {
  expect(VERSION).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
});

describe('describeFailure', () => {
  test('works on a node without Error.isError (before 24: the CLI started by hand on an older node)', () => {
    const withIsError = Error as ErrorConstructor & { isError?: unknown };
    const saved = withIsError.isError;
    delete withIsError.isError;
    try {
      expect(describeFailure('boom')).toBe('boom');
      expect(describeFailure(new TypeError('bad'))).toBe('TypeError: bad');
    } finally {
      withIsError.isError = saved;
    }
  });

  const sdkError = (name: string, message: string, metadata: object) => Object.assign(Object.assign(new Error(message), { name }), { $metadata: metadata });

  test.each<[string, unknown, string]>([
    ['a plain error', new Error('boom'), 'boom'],
    ['a named error', new RangeError('too big'), 'RangeError: too big'],
    ['a thrown string', 'odd', 'odd'],
    [
      'an AWS service error: status and request id',
      sdkError('AccessDeniedException', 'User is not authorized to perform: ecr:CreateRepository', { httpStatusCode: 400, requestId: 'abc-123' }),
      'AccessDeniedException: User is not authorized to perform: ecr:CreateRepository (HTTP 400, request id abc-123)',
    ],
    [
      'an answer that is not the AWS API',
      sdkError('SyntaxError', "Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.", { httpStatusCode: 200 }),
      "The AWS endpoint answered with something that is not the service's API (HTTP 200). Check AWS_ENDPOINT_URL and any proxy between the runner and AWS.",
    ],
  ])('%s', (_title, error, expected) => {
    expect(describeFailure(error)).toBe(expected);
  });
});

describe('endProcess', () => {
  /** A stream whose writes complete only when the test says so, recording what was written. */
  function slowStream(name: string, events: string[]) {
    const pending: Array<() => void> = [];
    return {
      stream: { write: (chunk: string, callback: () => void) => { events.push(`${name} write ${JSON.stringify(chunk)}`); pending.push(callback); return false; } },
      flush: () => { events.push(`${name} flushed`); for (const callback of pending.splice(0)) callback(); },
    };
  }

  it('exits with the code only after both output streams have flushed what was written before', async () => {
    const events: string[] = [];
    const [stdout, stderr] = [slowStream('stdout', events), slowStream('stderr', events)];
    const ending = endProcess(3, { stdout: stdout.stream, stderr: stderr.stream, exit: (code) => events.push(`exit ${code}`) });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['stdout write ""', 'stderr write ""']);
    stderr.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.at(-1)).toBe('stderr flushed');
    stdout.flush();
    await ending;
    expect(events.slice(-2)).toEqual(['stdout flushed', 'exit 3']);
  });
});

describe('cancellationSignal', () => {
  /** Stands in for `process`: signals are emitted by the test, exits are recorded instead of ending jest. */
  function host() {
    const emitter = new EventEmitter();
    const exits: number[] = [];
    return { emitter, exits, on: (name: 'SIGINT' | 'SIGTERM', listener: () => void) => emitter.on(name, listener), exit: (code: number) => void exits.push(code) };
  }

  test.each(['SIGINT', 'SIGTERM'] as const)('the first %s aborts the signal, naming it, and does not end the process', (name) => {
    const fake = host();
    const signal = cancellationSignal(fake);
    expect(signal.aborted).toBe(false);
    fake.emitter.emit(name);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe(`cancelled by ${name}`);
    expect(fake.exits).toEqual([]);
  });

  test('a second signal (the runner escalating from SIGINT to SIGTERM) exits at once with code 1', () => {
    const fake = host();
    const signal = cancellationSignal(fake);
    fake.emitter.emit('SIGINT');
    fake.emitter.emit('SIGTERM');
    expect((signal.reason as Error).message).toBe('cancelled by SIGINT');
    expect(fake.exits).toEqual([1]);
  });

  test('before that exit, the second signal is reported by name; a report that throws still exits', () => {
    const reported: string[] = [];
    const fake = host();
    cancellationSignal(fake, (name) => reported.push(name));
    fake.emitter.emit('SIGTERM');
    expect(reported).toEqual([]);
    fake.emitter.emit('SIGINT');
    expect(reported).toEqual(['SIGINT']);
    expect(fake.exits).toEqual([1]);

    const failing = host();
    cancellationSignal(failing, () => {
      throw new Error('disk full');
    });
    failing.emitter.emit('SIGINT');
    expect(() => failing.emitter.emit('SIGTERM')).toThrow('disk full');
    expect(failing.exits).toEqual([1]);
  });
});

describe('reportStopped', () => {
  test('logs one error line and writes the summary of what was done, with the recorded changes', () => {
    const { context, lines } = testContext();
    context.summary.heading('Pushed');
    context.summary.recordChange('tag v1 written');
    reportStopped(context, 'SIGTERM');
    const reason = 'Stopped by a second SIGTERM: the runner stopped waiting, so work still in flight was cut off and may or may not have taken effect.';
    expect(lines).toEqual([
      { level: 'error', message: reason },
      { level: 'info', message: `== Stopped before it finished ==\n${reason}\n== Pushed ==\n== Changed before it stopped ==\n  * tag v1 written` },
    ]);
  });

  test('a summary that cannot be written is a warning after the error line', () => {
    const { context, lines } = testContext({ GITHUB_STEP_SUMMARY: '/proc/self/mem/not-a-dir/summary.md' });
    context.summary.heading('Pushed');
    reportStopped(context, 'SIGINT');
    expect(lines.map((line) => line.level)).toEqual(['error', 'warning']);
    expect(lines[1]!.message).toMatch(/^Could not write the job summary: .*ENOTDIR: not a directory/);
  });
});
