import { ConfigurationError, invalidInput, suggestNames } from '../../src/core/errors.js';

describe('invalidInput', () => {
  test.each<[string, string | undefined, string]>([
    ['a short value is shown whole', 'yes', "Input 'flag': 'yes' is not valid. Fix it."],
    ['no value (a secret) is not shown', undefined, "Input 'flag': is not valid. Fix it."],
    ['a name as long as AWS allows (300 characters) is shown whole', 'n'.repeat(300), `Input 'flag': '${'n'.repeat(300)}' is not valid. Fix it.`],
    ['a longer value: its first 80 characters and its length', 'x'.repeat(100_000), `Input 'flag': '${'x'.repeat(80)}…' (100000 characters) is not valid. Fix it.`],
    ['newlines are escaped, never raw', 'team/app\n::set-output name=x::y', "Input 'flag': 'team/app\\n::set-output name=x::y' is not valid. Fix it."],
    ['other control characters are escaped JSON-style', 'a\tb\r\u001b[31mc\u007f', "Input 'flag': 'a\\tb\\r\\u001b[31mc\\u007f' is not valid. Fix it."],
    ['the Unicode line separators too', 'a\u2028b\u2029c', "Input 'flag': 'a\\u2028b\\u2029c' is not valid. Fix it."],
    ['quotes and backslashes stay as written', "C:\\dir\\'x'", "Input 'flag': 'C:\\dir\\'x'' is not valid. Fix it."],
    [
      'the cut counts characters, not UTF-16 units, and splits none',
      `${'a'.repeat(79)}😀${'b'.repeat(400)}`,
      `Input 'flag': '${'a'.repeat(79)}😀…' (480 characters) is not valid. Fix it.`,
    ],
    [
      'a long value with newlines: cut first, then escaped',
      `${'line\n'.repeat(100)}`,
      `Input 'flag': '${'line\\n'.repeat(16)}…' (500 characters) is not valid. Fix it.`,
    ],
  ])('%s', (_title, value, expected) => {
    const error = invalidInput('flag', value, 'is not valid', 'Fix it.');
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(expected);
  });

  test('the message is always one line', () => {
    expect(invalidInput('manifests', 'a\r\nb\nc', 'is odd', 'Fix it').message.split(/[\r\n\u2028\u2029]/)).toHaveLength(1);
  });
});

describe('suggestNames', () => {
  const PUSH_ECR = ['repository', 'image', 'tags', 'region', 'registry-id', 'create-repository', 'repository-policy', 'registry-endpoint', 'concurrency'];
  const ROLLOUT = ['ami-id', 'ami-ids', 'regions', 'clusters', 'dry-run', 'force', 'wait', 'timeout', 'fail-fast'];
  test.each<[string, readonly string[], string[]]>([
    ['dryrun', ROLLOUT, ['dry-run']],
    ['dry_run', ROLLOUT, ['dry-run']],
    ['repo', PUSH_ECR, ['repository']],
    ['repository-pol', PUSH_ECR, ['repository-policy']],
    ['con', ['concurrency', 'config', 'configuration'], ['concurrency', 'config']],
    ['tag', PUSH_ECR, ['tags']],
    ['regoin', [...PUSH_ECR, 'regions'], ['region', 'regions']],
    ['ami-idd', ROLLOUT, ['ami-id', 'ami-ids']],
    ['repositry', PUSH_ECR, ['repository']],
    ['zzz', PUSH_ECR, []],
    ['x', PUSH_ECR, []],
  ])('%s', (wanted, names, expected) => {
    expect(suggestNames(wanted, names)).toEqual(expected);
  });
});
