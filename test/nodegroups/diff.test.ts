import { unifiedDiff } from '../../src/nodegroups/diff.js';

const labels = { before: 'a', after: 'b' };

describe('unified diff', () => {
  test('equal texts have no diff', () => expect(unifiedDiff('x\ny\n', 'x\ny\n', labels)).toBe(''));

  test('a change in the middle shows three lines of context on each side', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n') + '\n';
    const after = before.replace('5\n', 'five\n');
    expect(unifiedDiff(before, after, labels)).toBe('--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n');
  });

  test('changes far apart make separate hunks; near ones merge', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join('\n') + '\n';
    const after = before.replace('l2\n', 'L2\n').replace('l18\n', 'L18\n');
    expect(unifiedDiff(before, after, labels).match(/^@@.*@@$/gm)).toEqual(['@@ -1,5 +1,5 @@', '@@ -15,6 +15,6 @@']);
    const near = before.replace('l2\n', 'L2\n').replace('l7\n', 'L7\n');
    expect(unifiedDiff(before, near, labels).match(/^@@.*@@$/gm)).toEqual(['@@ -1,10 +1,10 @@']);
  });

  test('from empty: everything added', () => {
    expect(unifiedDiff('', 'a\nb\n', labels)).toBe('--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  test('appended lines at the end', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\nc\n', labels)).toBe('--- a\n+++ b\n@@ -1,2 +1,3 @@\n a\n b\n+c\n');
  });
});
