import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterIdentity } from '../../../src/nodegroups/cluster-identity.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/nodegroups');

export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

/** The two clusters the user data fixtures are retargeted to: an IPv4 one and an IPv6 one. */
export const CLUSTERS = JSON.parse(readFixture('clusters.json')) as Record<'ipv4' | 'ipv6', ClusterIdentity>;
