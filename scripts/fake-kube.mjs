// Runs the in-repo fake Kubernetes API server (test/support/fake-kube-apiserver.ts) on 127.0.0.1 for the main job,
// standing in for an EKS or AKS API server: writes a kubeconfig with a random bearer token to the path given, prints
// "ready", and serves until it is sent SIGTERM. Built first by `tsc -p bench/deploy.tsconfig.json`.
//   node scripts/fake-kube.mjs <kubeconfig-path>
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [kubeconfig] = process.argv.slice(2);
if (!kubeconfig) {
  console.error('usage: node scripts/fake-kube.mjs <kubeconfig-path>');
  process.exit(2);
}
const built = path.join(root, 'node_modules/.cache/drydock-bench-deploy/test/support');
const { FakeKubeApiServer } = await import(path.join(built, 'fake-kube-apiserver.js'));
const { throwawayCertificate } = await import(path.join(built, 'fake-kube/tls.js'));
const token = randomBytes(24).toString('hex');
// HTTPS with a throwaway certificate, as a real API server: the Kubernetes client refuses plain HTTP.
const fake = await FakeKubeApiServer.start({
  tls: throwawayCertificate(),
  authenticate: (presented) => presented === token,
  rolloutDelayMs: 1500,
});
writeFileSync(kubeconfig, fake.kubeconfig({ token, context: 'demo' }), { mode: 0o600 });
console.log('ready');
process.once('SIGTERM', () => process.exit(0));
