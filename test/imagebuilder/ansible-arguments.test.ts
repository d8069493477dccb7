import { ansibleArgumentsProblem, bashQuote, splitShellWords } from '../../src/imagebuilder/ansible-arguments.js';
import { parsePinnedRef } from '../../src/imagebuilder/pinned-ref.js';
import { execFileSync } from 'node:child_process';

describe('splitShellWords', () => {
  test.each([
    [`--skip-tags a,b`, ['--skip-tags', 'a,b']],
    [`--extra-vars '{"a":"b c"}'`, ['--extra-vars', '{"a":"b c"}']],
    [`-e "x=\\"quoted\\" \\$HOME"`, ['-e', 'x="quoted" $HOME']],
    [`  -v\n--diff  `, ['-v', '--diff']],
    [`a\\ b ''`, ['a b', '']],
  ])('%p', (text, words) => expect(splitShellWords(text)).toEqual(words));
  test.each([
    [`-e '{"a":1}`, 'has a single quote that is never closed'],
    [`-e "x`, 'has a double quote that is never closed'],
    [`-e x\\`, 'ends with a lone backslash'],
  ])('%p fails', (text, message) => expect(() => splitShellWords(text)).toThrow(message));
});

describe('ansibleArgumentsProblem', () => {
  test.each([
    [['--skip-tags', 'rule_1.1', '--extra-vars', '{"a":true}']],
    [['--skip-tags=rule_1.1', '-e', 'a=b', '-vvv', '--diff', '--tags', 'level1-server']],
    [[]],
  ])('accepts %p', (words) => expect(ansibleArgumentsProblem(words)).toBeUndefined());
  test.each([
    [['--inventory', 'hosts'], 'uses --inventory, which drydock does not pass to ansible-playbook'],
    [['--check'], 'uses --check, which drydock does not pass to ansible-playbook'],
    [['--skip-tags'], 'gives --skip-tags without a value'],
    [['-e', '@vars.yml'], 'reads extra-vars from a file (@vars.yml), which does not exist on the build instance'],
    [['-e', '{"a":"{{ x }}"}'], "contains '{{', which Image Builder reads as a component variable"],
    [['playbook.yml'], "has 'playbook.yml', which is not an option"],
  ])('refuses %p', (words, problem) => expect(ansibleArgumentsProblem(words)).toBe(problem));
});

describe('bashQuote', () => {
  // Proven with a real bash: whatever the word holds comes back unchanged, nothing is expanded or executed.
  test.each([`it's`, '$(touch /tmp/pwned) `id` $HOME', '{"a":"b"}', "''", 'a\nb'])('%p round-trips through bash', (word) => {
    expect(execFileSync('bash', ['-c', `printf %s ${bashQuote(word)}`], { encoding: 'utf8' })).toBe(word);
  });
});

describe('parsePinnedRef', () => {
  test.each([
    ['1.0.1', { kind: 'tag', name: '1.0.1' }],
    ['v2.0.0', { kind: 'tag', name: 'v2.0.0' }],
    ['4c6ad09037a879818e857806504ab6670d99fc75', { kind: 'commit', sha: '4c6ad09037a879818e857806504ab6670d99fc75' }],
  ])('%s', (text, ref) => expect(parsePinnedRef(text)).toEqual(ref));
  test.each([
    ['main', 'is a branch, which moves'],
    ['devel', 'is a branch, which moves'],
    ['benchmark-v1.0.0', 'is a branch, which moves'],
    ['4c6ad09', 'looks like an abbreviated commit'],
    ['1.0;rm -rf /', 'is not a valid tag name'],
    ['a..b', 'is not a valid tag name'],
  ])('%s is refused', (text, problem) => expect(parsePinnedRef(text)).toEqual({ problem }));
});
