import { createPlainLogger } from '../../src/core/logger.js';
import { SecretSet } from '../../src/core/secrets.js';

function plainLogger(debug = false) {
  let out = '';
  let err = '';
  const secrets = new SecretSet();
  secrets.add('hunter2pass');
  const logger = createPlainLogger({ out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) }, secrets, debug });
  return { logger, out: () => out, err: () => err };
}

describe('plain logger: a multi-line message stays one entry', () => {
  test('continuation lines of an error are indented under its text, never unprefixed at column 0', () => {
    const { logger, err } = plainLogger();
    logger.error("Input 'repository': 'a\nb' is not valid.\nname=value");
    expect(err()).toBe("error: Input 'repository': 'a\n       b' is not valid.\n       name=value\n");
  });

  test('warnings and debug lines (a stack) likewise; CRLF and CR count as line breaks', () => {
    const { logger, err } = plainLogger(true);
    logger.warning('first\r\nsecond\rthird');
    logger.debug('TypeError: boom\n    at run (src/x.ts:1:1)');
    expect(err()).toBe('warning: first\n         second\n         third\ndebug: TypeError: boom\n           at run (src/x.ts:1:1)\n');
  });

  test('inside a group, continuation lines keep the group indent', async () => {
    const { logger, out, err } = plainLogger();
    await logger.group('Pushing', async () => {
      logger.info('line one\nline two');
      logger.error('failed\nbecause');
    });
    expect(out()).toBe('Pushing\n  line one\n  line two\n');
    expect(err()).toBe('  error: failed\n         because\n');
  });

  test('secrets are redacted and commands defused on every line', () => {
    const { logger, err } = plainLogger();
    logger.error('login failed\n::add-mask::x with hunter2pass');
    expect(err()).toBe('error: login failed\n       \u200b::add-mask::x with ***\n');
  });
});
