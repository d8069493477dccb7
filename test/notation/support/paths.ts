import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file (test/notation/support/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** shared/ sits beside the main checkout (CI clones it there). */
export const peerVectorsDir = path.resolve(repoRoot, '../shared/peer-vectors');

export const notationFixturesDir = path.join(repoRoot, 'test/fixtures/notation');
