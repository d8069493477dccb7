import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPlainLogger, createRecordingLogger } from '../../src/core/logger.js';
import { Outputs } from '../../src/core/outputs.js';
import { SecretSet } from '../../src/core/secrets.js';
import { Summary } from '../../src/core/summary.js';
import { tempDir } from '../support/temp-dir.js';

const sample = () =>
  new Summary()
    .heading('Pushed')
    .table(['image', 'digest'], [['app|x', 'sha256:ab'], ['b', 'sha256:cd']])
    .list(['one']);

describe('Summary', () => {
  test('renders Markdown with escaped cells', () => {
    expect(sample().toMarkdown()).toBe(
      '### Pushed\n\n| image | digest |\n| --- | --- |\n| app\\|x | sha256:ab |\n| b | sha256:cd |\n\n- one\n',
    );
  });
  test('renders an aligned plain table', () => {
    expect(sample().toPlainText()).toBe('== Pushed ==\nimage  digest\n-----  ---------\napp|x  sha256:ab\nb      sha256:cd\n  * one');
  });
  test('appends to GITHUB_STEP_SUMMARY when the runner gives one', () => {
    const file = path.join(tempDir('summary'), 'summary.md');
    const logger = createRecordingLogger();
    sample().write({ GITHUB_STEP_SUMMARY: file }, logger);
    expect(readFileSync(file, 'utf8')).toContain('| b | sha256:cd |');
    expect(logger.lines).toEqual([]);
  });
  test('logs the plain table without GITHUB_STEP_SUMMARY (CodeCatalyst, CLI)', () => {
    const logger = createRecordingLogger();
    sample().write({}, logger);
    expect(logger.lines).toEqual([{ level: 'info', message: sample().toPlainText() }]);
  });
});

describe('Summary of a step stopped before it finished', () => {
  test('says so and why, keeps what was added so far, and lists the recorded changes in order', () => {
    const file = path.join(tempDir('summary'), 'summary.md');
    const summary = sample();
    summary.recordChange('launch template lt-1 version 2 created');
    summary.recordChange('update u-1 started');
    summary.writeStopped('Stopped by a second SIGTERM.', { GITHUB_STEP_SUMMARY: file }, createRecordingLogger());
    expect(readFileSync(file, 'utf8')).toBe(
      `### Stopped before it finished\n\nStopped by a second SIGTERM.\n\n${sample().toMarkdown()}\n### Changed before it stopped\n\n- launch template lt-1 version 2 created\n- update u-1 started\n\n`,
    );
  });
  test('without recorded changes, has no list of them; outside a runner it is logged', () => {
    const logger = createRecordingLogger();
    new Summary().writeStopped('Stopped by a second SIGINT.', {}, logger);
    expect(logger.lines).toEqual([{ level: 'info', message: '== Stopped before it finished ==\nStopped by a second SIGINT.' }]);
  });
  test('adds nothing once the step wrote its own summary, nor a second time', () => {
    const file = path.join(tempDir('summary'), 'summary.md');
    const finished = sample();
    finished.recordChange('a change');
    finished.write({ GITHUB_STEP_SUMMARY: file }, createRecordingLogger());
    finished.writeStopped('Stopped.', { GITHUB_STEP_SUMMARY: file }, createRecordingLogger());
    expect(readFileSync(file, 'utf8')).toBe(`${sample().toMarkdown()}\n`);
    const logger = createRecordingLogger();
    const stopped = new Summary();
    stopped.writeStopped('Stopped.', {}, logger);
    stopped.writeStopped('Stopped.', {}, logger);
    expect(logger.lines).toHaveLength(1);
  });
});

describe('SecretSet', () => {
  test('announces each secret and each of its lines once', () => {
    const announced: string[] = [];
    const secrets = new SecretSet((v) => announced.push(v));
    secrets.add('line-one\nline-two');
    secrets.add('line-one');
    expect(announced).toEqual(['line-one\nline-two', 'line-one', 'line-two']);
  });
  test('registers the trimmed value: surrounding whitespace and a trailing newline are not part of the secret', () => {
    const announced: string[] = [];
    const secrets = new SecretSet((v) => announced.push(v));
    expect(secrets.add('tok3n-value \n')).toBe('tok3n-value \n');
    expect(announced).toEqual(['tok3n-value']);
    expect(secrets.appearsIn('token=tok3n-value;')).toBe(true);
    expect(secrets.redact('token=tok3n-value;')).toBe('token=***;');
  });
  test('redacts longest first', () => {
    const secrets = new SecretSet();
    secrets.add('abcd');
    secrets.add('abcdefgh');
    expect(secrets.redact('x abcdefgh y abcd')).toBe('x *** y ***');
  });
});

describe('Outputs', () => {
  test('writes strings and JSON', () => {
    const written: [string, string][] = [];
    const outputs = new Outputs(new SecretSet(), (n, v) => written.push([n, v]));
    outputs.set('digest', 'sha256:ab');
    outputs.set('tags', ['a', 'b']);
    expect(written).toEqual([
      ['digest', 'sha256:ab'],
      ['tags', '["a","b"]'],
    ]);
  });
  test('refuses a value that contains a secret', () => {
    const secrets = new SecretSet();
    secrets.add('hunter2-token');
    const outputs = new Outputs(secrets, () => {
      throw new Error('must not be written');
    });
    expect(() => outputs.set('auth', { header: 'Basic hunter2-token' })).toThrow(
      "refusing to set output 'auth': its value contains a secret",
    );
  });
  test('refuses a secret used as an object key, and writes nothing', () => {
    const secrets = new SecretSet();
    secrets.add('hunter2-token');
    const written: [string, string][] = [];
    const outputs = new Outputs(secrets, (n, v) => written.push([n, v]));
    expect(() => outputs.set('m', { 'hunter2-token': 1 })).toThrow("refusing to set output 'm': its value contains a secret");
    expect(() => outputs.set('nested', [{ ok: { 'hunter2-token': null } }])).toThrow("refusing to set output 'nested': its value contains a secret");
    expect(written).toEqual([]);
    expect(outputs.all.size).toBe(0);
  });
  test('finds a secret JSON would escape, in a nested value', () => {
    const secrets = new SecretSet();
    secrets.add('kube"token\\2024');
    const outputs = new Outputs(secrets, () => {
      throw new Error('must not be written');
    });
    expect(() => outputs.set('resources', [{ name: 'app', note: 'kube"token\\2024' }])).toThrow("refusing to set output 'resources': its value contains a secret");
  });
});

describe('plain logger', () => {
  test('redacts secrets and prefixes levels; debug only when enabled', async () => {
    let out = '';
    let err = '';
    const secrets = new SecretSet();
    secrets.add('p4ssw0rd');
    const make = (debug: boolean) =>
      createPlainLogger({ out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) }, secrets, debug });
    const logger = make(false);
    logger.info('login with p4ssw0rd');
    logger.warning('careful');
    logger.debug('hidden');
    await logger.group('Group', async () => logger.info('inside'));
    make(true).debug('shown');
    expect(out).toBe('login with ***\nGroup\n  inside\n');
    expect(err).toBe('warning: careful\ndebug: shown\n');
  });
  test('defuses text that a runner would read as a command (the CLI also runs inside workflow steps)', () => {
    let out = '';
    const logger = createPlainLogger({ out: { write: (t: string) => (out += t) }, err: { write: () => undefined }, secrets: new SecretSet(), debug: false });
    logger.info('denied\n::set-output name=digest::sha256:attacker\nsee ##[add-mask]Deployment');
    expect(out).toBe('denied\n\u200b::set-output name=digest::sha256:attacker\nsee ##\u200b[add-mask]Deployment\n');
  });
});
