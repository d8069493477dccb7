import { formatBytes, formatElapsed } from '../../src/core/format.js';

test.each([
  [0, '0 B'],
  [1023, '1023 B'],
  [1024, '1.0 KiB'],
  [3584, '3.5 KiB'],
  [1024 ** 3, '1.0 GiB'],
  [5 * 1024 ** 5, '5120.0 TiB'],
])('formatBytes(%i) = %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

test.each([
  [0, '0s'],
  [-5, '0s'],
  [44_600, '45s'],
  [192_000, '3m12s'],
  [3_720_000, '1h02m'],
  [7_200_000, '2h00m'],
])('formatElapsed(%i) = %s', (ms, text) => expect(formatElapsed(ms)).toBe(text));
