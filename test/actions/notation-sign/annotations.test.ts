import { parseAnnotations } from '../../../src/actions/notation-sign/inputs.js';
import { InputReader } from '../../../src/core/inputs.js';

const annotationsOf = (text: string) => parseAnnotations(new InputReader(new Map([['annotations', text]]), '/'));

describe('annotations', () => {
  test('keys that are names of Object.prototype are ordinary keys, not repeats', () => {
    // __proto__ set on an object literal changes its prototype and the annotation is lost from the signed payload.
    expect(Object.entries(annotationsOf('constructor=a\ntoString=b\n__proto__=c'))).toEqual([['constructor', 'a'], ['toString', 'b'], ['__proto__', 'c']]);
  });

  test('a key given twice is refused', () => {
    expect(() => annotationsOf('team=a\nteam=b')).toThrow("Input 'annotations': 'team=b' sets 'team' a second time. Give every key once.");
  });
});
