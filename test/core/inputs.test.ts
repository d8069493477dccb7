import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../../src/core/errors.js';
import {
  InputReader,
  inputEnvName,
  inputsFromEnv,
  takeInputsFromEnv,
  parseArn,
  parseBoolean,
  parseDuration,
  parseInteger,
  parseLines,
  parseList,
  parseRegion,
} from '../../src/core/inputs.js';
import { tempDir } from '../support/temp-dir.js';

const reader = (values: Record<string, string>, baseDir?: string) => new InputReader(new Map(Object.entries(values)), baseDir);

describe('input names from the environment', () => {
  test('INPUT_ names are upper case with hyphens kept', () => {
    expect(inputEnvName('create-repository')).toBe('INPUT_CREATE-REPOSITORY');
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT');
  });
  test('inputsFromEnv keys by lower-case name and ignores other variables', () => {
    const raw = inputsFromEnv({ 'INPUT_CREATE-REPOSITORY': 'false', INPUT_TAGS: 'a,b', PATH: '/bin' });
    expect([...raw.entries()]).toEqual([
      ['create-repository', 'false'],
      ['tags', 'a,b'],
    ]);
  });
  test('takeInputsFromEnv reads the same inputs and leaves no INPUT_ variable behind for child processes', () => {
    const env: NodeJS.ProcessEnv = { 'INPUT_AZURE-CREDENTIALS': '{"clientSecret":"s3cret"}', INPUT_KEY: 'PEM', PATH: '/bin', RUNNER_TEMP: '/tmp/r' };
    expect([...takeInputsFromEnv(env).entries()]).toEqual([
      ['azure-credentials', '{"clientSecret":"s3cret"}'],
      ['key', 'PEM'],
    ]);
    expect(env).toEqual({ PATH: '/bin', RUNNER_TEMP: '/tmp/r' });
  });
});

describe('parseBoolean', () => {
  test.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['FALSE', false],
  ])('%s', (value, expected) => expect(parseBoolean('x', value)).toBe(expected));
  test.each(['yes', '1', 'tru', 'on'])('rejects %s', (value) => {
    expect(() => parseBoolean('scan-on-push', value)).toThrow(
      new ConfigurationError(`Input 'scan-on-push': '${value}' is not a boolean. Use true or false.`),
    );
  });
});

describe('parseList', () => {
  test.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a\nb\n\nc\n', ['a', 'b', 'c']],
    [' a , b\n c ', ['a', 'b', 'c']],
    [',,', []],
  ])('%p', (value, expected) => expect(parseList(value)).toEqual(expected));
});

describe('parseLines', () => {
  test.each([
    ['C=US, ST=WA, O=x\n\n  a=b,c \r\nlast', ['C=US, ST=WA, O=x', 'a=b,c', 'last']],
    ['', []],
  ])('%p', (value, expected) => expect(parseLines(value)).toEqual(expected));
});

describe('parseDuration', () => {
  test.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['0s', 0],
  ])('%s', (value, expected) => expect(parseDuration('timeout', value)).toBe(expected));
  test.each(['90', '10 m', '2d', 'm', '1.5h', '-1s', 's10'])('rejects %p', (value) => {
    expect(() => parseDuration('timeout', value)).toThrow(
      `Input 'timeout': '${value}' is not a duration. Write a number with a unit, such as 90s, 10m or 2h.`,
    );
  });
});

describe('parseInteger', () => {
  test('accepts values in range', () => expect(parseInteger('concurrency', '8', 1, 64)).toBe(8));
  test.each(['0', '65', '-1', '2.5', 'four'])('rejects %p', (value) => {
    expect(() => parseInteger('concurrency', value, 1, 64)).toThrow(
      `Input 'concurrency': '${value}' is not a whole number from 1 to 64. Set it to a number in that range.`,
    );
  });
});

describe('parseRegion', () => {
  test.each(['us-east-1', 'eu-central-2', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-5', 'us-isob-east-1'])(
    'accepts %s',
    (value) => expect(parseRegion('region', value)).toBe(value),
  );
  test.each(['useast1', 'US-EAST-1', 'us-east', 'mars', 'us_east_1'])('rejects %s', (value) => {
    expect(() => parseRegion('region', value)).toThrow(
      `Input 'region': '${value}' is not an AWS region name. Use a region code such as us-east-1 or eu-west-2.`,
    );
  });
});

describe('parseArn', () => {
  const profile = /^\/signing-profiles\/[A-Za-z0-9_]+(\/[A-Za-z0-9]+)?$/;
  const example = 'arn:aws:signer:<region>:<account>:/signing-profiles/<name>';
  test('splits a valid ARN', () => {
    expect(parseArn('p', 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/app', 'signer', profile, example)).toEqual({
      partition: 'aws',
      service: 'signer',
      region: 'us-east-1',
      account: '123456789012',
      resource: '/signing-profiles/app',
    });
  });
  test.each([
    ['not-an-arn', 'is not an ARN'],
    ['arn:aws:signer:us-east-1:12345:/signing-profiles/app', 'is not an ARN'],
    ['arn:aws:kms:us-east-1:123456789012:key/abc', 'is an ARN of kms, not of signer'],
    ['arn:aws:signer:us-east-1:123456789012:/signing-jobs/x', 'does not name the expected signer resource'],
  ])('rejects %s', (value, problem) => {
    expect(() => parseArn('p', value, 'signer', profile, example)).toThrow(`Input 'p': '${value}' ${problem}. Use the ARN form ${example}.`);
  });
});

describe('InputReader', () => {
  test('treats empty values as unset and trims', () => {
    const inputs = reader({ a: '  ', b: ' x ' });
    expect(inputs.optional('a')).toBeUndefined();
    expect(inputs.optional('b')).toBe('x');
    expect(inputs.string('a', 'fallback')).toBe('fallback');
  });
  test('required names the input and the fix', () => {
    expect(() => reader({}).required('repository')).toThrow(
      new ConfigurationError("Input 'repository' is required. Set 'repository' in the step's 'with:' block."),
    );
  });
  test('oneOf lists the allowed values', () => {
    expect(() => reader({ encryption: 'DES' }).oneOf('encryption', ['AES256', 'KMS'] as const, 'AES256')).toThrow(
      "Input 'encryption': 'DES' is not one of the allowed values. Use one of: AES256, KMS.",
    );
    expect(reader({}).oneOf('encryption', ['AES256', 'KMS'] as const, 'AES256')).toBe('AES256');
  });
  test('json reads inline JSON and files, and names bad JSON', () => {
    const dir = tempDir('inputs');
    writeFileSync(path.join(dir, 'p.json'), '{"rules": []}');
    writeFileSync(path.join(dir, 'bad.json'), '{"rules": ');
    expect(reader({ p: '{"a":1}' }).json('p')?.value).toEqual({ a: 1 });
    expect(reader({ p: 'p.json' }, dir).json('p')?.value).toEqual({ rules: [] });
    expect(() => reader({ p: 'bad.json' }, dir).json('p')).toThrow(/^Input 'p': file bad.json is not valid JSON \(.+\)\. Fix the JSON syntax\.$/);
    expect(() => reader({ p: 'missing.json' }, dir).json('p')).toThrow(
      "Input 'p': 'missing.json' is neither inline JSON nor an existing file. Give a JSON document or the path to one.",
    );
  });
  test('existingPath resolves against the workspace and checks the kind', () => {
    const dir = tempDir('inputs');
    writeFileSync(path.join(dir, 'f'), '');
    expect(reader({ p: 'f' }, dir).existingPath('p', 'file')).toBe(path.join(dir, 'f'));
    expect(() => reader({ p: 'f' }, dir).existingPath('p', 'directory')).toThrow("Input 'p': 'f' is not a directory. Name a directory.");
    expect(() => reader({ p: 'nope' }, dir).existingPath('p')).toThrow(`Input 'p': 'nope' does not exist. Check the path; relative paths start at ${dir}.`);
  });
  test('secret values never appear in errors and are not trimmed', () => {
    expect(reader({ key: ' s3cret\n' }).secret('key')).toBe(' s3cret\n');
    expect(reader({ key: '' }).secret('key')).toBeUndefined();
  });
  test('unknownNames lists set inputs nobody asked for', () => {
    const inputs = reader({ repository: 'app', repositry: 'typo', empty: '' });
    inputs.required('repository');
    expect(inputs.unknownNames()).toEqual(['repositry']);
  });
});
