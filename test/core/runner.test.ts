import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRunnerLogger } from '../../src/core/logger.js';
import { escapeCommandData, escapeCommandProperty, Runner, workflowCommand, type RunnerHost } from '../../src/core/runner.js';

function recordingHost(env: NodeJS.ProcessEnv = {}): RunnerHost & { stdout: string; files: Map<string, string> } {
  const host = {
    env,
    stdout: '',
    files: new Map<string, string>(),
    write(text: string) {
      host.stdout += text;
    },
    appendFile(file: string, text: string) {
      host.files.set(file, (host.files.get(file) ?? '') + text);
    },
  };
  return host;
}

/** Reads a GITHUB_OUTPUT file the way the runner does: `name<<delimiter`, lines, `delimiter`. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i++; lines[i] !== delimiter; i++) {
      if (i >= lines.length) throw new Error(`unterminated output ${name}`);
      value.push(lines[i]!);
    }
    outputs[name!] = value.join('\n');
  }
  return outputs;
}

describe('workflow commands', () => {
  test('a message cannot end its command line early: %, CR and LF are escaped', () => {
    expect(escapeCommandData('50% done\r\n::error::injected')).toBe('50%25 done%0D%0A::error::injected');
    expect(workflowCommand('warning', 'line one\nline two')).toBe('::warning::line one%0Aline two\n');
  });

  test('properties also escape the separators : and ,', () => {
    expect(escapeCommandProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(workflowCommand('set-output', 'v', { name: 'x:y' })).toBe('::set-output name=x%3Ay::v\n');
  });

  test('the logger writes info plainly and everything else as commands; groups close even when their body throws', async () => {
    const host = recordingHost();
    const logger = createRunnerLogger(new Runner(host));
    logger.info('plain line');
    logger.debug('details');
    logger.warning('careful');
    logger.error('broken');
    await expect(logger.group('Pushing', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(host.stdout).toBe('plain line\n::debug::details\n::warning::careful\n::error::broken\n::group::Pushing\n::endgroup::\n');
  });

  test('info text cannot issue a command: a line starting with :: (indented or not) is defused, others print as they are', () => {
    const host = recordingHost();
    new Runner(host).info('denied: bad token\n::set-output name=digests::["sha256:evil"]\r\n  ::add-mask::x\nkeeps a::b inside');
    expect(host.stdout).toBe('denied: bad token\n\u200b::set-output name=digests::["sha256:evil"]\r\n  \u200b::add-mask::x\nkeeps a::b inside\n');
    // What the runner sees: no line that, with leading whitespace trimmed as the runner trims it, starts with ::.
    expect(host.stdout.split(/\r?\n/).filter((line) => line.trimStart().startsWith('::'))).toEqual([]);
  });

  test('also the runner\'s other readings: a line starting with U+0085 then ::, and the legacy ##[command] anywhere', () => {
    const host = recordingHost();
    new Runner(host).info('\u0085::set-output name=a::b\nx ##[set-output name=a;]b');
    expect(host.stdout).toBe('\u0085\u200b::set-output name=a::b\nx ##\u200b[set-output name=a;]b\n');
  });

  test('debug logging is what the runner says: RUNNER_DEBUG=1', () => {
    expect(new Runner(recordingHost({ RUNNER_DEBUG: '1' })).isDebug).toBe(true);
    expect(new Runner(recordingHost({ RUNNER_DEBUG: '0' })).isDebug).toBe(false);
    expect(new Runner(recordingHost({})).isDebug).toBe(false);
  });

  test('mask announces the value with ::add-mask::', () => {
    const host = recordingHost();
    new Runner(host).mask('s3cret\nsecond');
    expect(host.stdout).toBe('::add-mask::s3cret%0Asecond\n');
  });
});

describe('step outputs', () => {
  test('GITHUB_OUTPUT gets heredoc blocks the runner parses back to the same values, multi-line included', () => {
    const host = recordingHost({ GITHUB_OUTPUT: '/out' });
    const runner = new Runner(host);
    runner.setOutput('digest', 'sha256:abc');
    runner.setOutput('signatures', '[\n  {"image": "a"}\n]');
    expect(host.stdout).toBe('');
    expect(parseOutputFile(host.files.get('/out')!)).toEqual({ digest: 'sha256:abc', signatures: '[\n  {"image": "a"}\n]' });
  });

  test('each block has its own random delimiter', () => {
    const host = recordingHost({ GITHUB_OUTPUT: '/out' });
    const runner = new Runner(host);
    runner.setOutput('a', '1');
    runner.setOutput('b', '2');
    const delimiters = [...host.files.get('/out')!.matchAll(/<<(.+)$/gm)].map((match) => match[1]);
    expect(delimiters).toHaveLength(2);
    expect(delimiters[0]).toMatch(/^ghadelimiter_[0-9a-f-]{36}$/);
    expect(delimiters[0]).not.toBe(delimiters[1]);
  });

  test('without GITHUB_OUTPUT (CodeCatalyst) outputs are ::set-output commands on a line of their own', () => {
    const host = recordingHost({});
    new Runner(host).setOutput('ami-ids', '{"us-east-1":"ami-1"}\nsecond line');
    expect(host.stdout).toBe('\n::set-output name=ami-ids::{"us-east-1":"ami-1"}%0Asecond line\n');
  });

  test('the real file is appended to, not replaced', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'drydock-runner-'));
    try {
      const file = path.join(directory, 'output');
      writeFileSync(file, 'earlier<<EOF\nkept\nEOF\n');
      new Runner({ env: { GITHUB_OUTPUT: file }, write: () => {}, appendFile: (target, text) => writeFileSync(target, text, { flag: 'a' }) }).setOutput(
        'later',
        'value',
      );
      expect(parseOutputFile(readFileSync(file, 'utf8'))).toEqual({ earlier: 'kept', later: 'value' });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
