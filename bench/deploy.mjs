// Benchmark for deploy-aks-or-eks (bench/deploy.mjs): 200 objects (50 Deployments, each with a Service, a ConfigMap and
// a Secret) plus their Namespace, applied to the in-repo fake Kubernetes API server with 20 ms added to every request,
//   1. by a sequential server-side apply, one object after the other (what `kubectl apply --server-side -f` does), and
//   2. by drydock's deploy (parallel apply in phases, concurrency 8, no rollout wait so both do the same work),
// each against a fresh server, in the same run. It prints wall time and requests made for both.
// Target: drydock at least 4x faster than the sequential apply, with no more requests.
// Run: npm run bench:deploy   (or: npx tsc -p bench/deploy.tsconfig.json && node bench/deploy.mjs; needs Node 24)
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'node_modules/.cache/drydock-bench-deploy');
const module = (file) => path.join(built, file);
if (!existsSync(module('src/kube/deploy.js'))) {
  console.error('The benchmark build is missing: run `npx tsc -p bench/deploy.tsconfig.json` first (npm run bench:deploy does).');
  process.exit(1);
}
const { FakeKubeApiServer } = await import(module('test/support/fake-kube-apiserver.js'));
const { KubeClient } = await import(module('src/kube/client.js'));
const { loadKubeConfig } = await import(module('src/kube/kubeconfig.js'));
const { createKubeTransport } = await import(module('src/kube/transport.js'));
const { deploy } = await import(module('src/kube/deploy.js'));
const { createRecordingLogger } = await import(module('src/core/logger.js'));
const { SecretSet } = await import(module('src/core/secrets.js'));
const { systemClock } = await import(module('src/core/clock.js'));

const LATENCY_MS = 20;
const APPS = 50;
const CONCURRENCY = 8;
const NAMESPACE = 'bench';

function manifests() {
  const objects = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }];
  for (let i = 0; i < APPS; i++) {
    const name = `app-${String(i).padStart(2, '0')}`;
    const labels = { app: name };
    objects.push(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NAMESPACE }, data: { LOG_LEVEL: 'info', APP: name } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NAMESPACE }, type: 'Opaque', stringData: { TOKEN: `token-${i}` } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: NAMESPACE, labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: 'app',
                  image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/bench/${name}@sha256:${String(i).padStart(64, '0')}`,
                  envFrom: [{ configMapRef: { name } }, { secretRef: { name } }],
                  ports: [{ containerPort: 8080 }],
                },
              ],
            },
          },
        },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NAMESPACE }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } },
    );
  }
  return objects.map((object, index) => ({ object, source: `bench, document ${index + 1}` }));
}

async function withServer(body) {
  const server = await FakeKubeApiServer.start({ latencyMs: LATENCY_MS });
  const kubeConfig = loadKubeConfig({ text: server.kubeconfig(), origin: 'bench kubeconfig', inputName: 'kubeconfig' }, undefined, new SecretSet());
  const transport = createKubeTransport(kubeConfig, { clock: systemClock });
  try {
    const started = performance.now();
    await body(new KubeClient(transport));
    const wallMs = performance.now() - started;
    const applied = server.objects('apps/v1', 'Deployment', NAMESPACE).length + server.objects('v1', 'ConfigMap', NAMESPACE).length;
    return { wallMs, requests: server.requestCount, applied };
  } finally {
    await transport.close();
    await server.stop();
  }
}

/** The baseline: one server-side apply after the other, discovery cached, as kubectl apply --server-side -f does. */
async function sequentialApply(client) {
  for (const { object } of manifests()) await client.apply(object, { fieldManager: 'kubectl', force: false, dryRun: false });
}

async function drydockApply(client) {
  const report = await deploy(
    {
      manifests: manifests(),
      defaultNamespace: 'default',
      createNamespace: false,
      substitutions: [],
      pinDigests: false,
      verifyImages: false,
      forceConflicts: false,
      timeoutMs: 0,
      rollbackOnFailure: false,
      prune: false,
      dryRun: false,
      concurrency: CONCURRENCY,
      pollIntervalMs: 2000,
    },
    { client, logger: createRecordingLogger(), clock: systemClock, secrets: new SecretSet() },
  );
  if (report.failure) throw new Error(report.failure);
}

const count = manifests().length;
console.log(`deploy benchmark: ${count} objects (1 Namespace, ${APPS} Deployments, ${APPS} Services, ${APPS} ConfigMaps, ${APPS} Secrets), ${LATENCY_MS} ms per request`);
const sequential = await withServer(sequentialApply);
const drydock = await withServer(drydockApply);
for (const result of [sequential, drydock]) if (result.applied !== APPS * 2) throw new Error('an apply did not create every object');

const row = (name, r) => `  ${name.padEnd(34)} ${`${Math.round(r.wallMs)} ms`.padStart(9)} ${String(r.requests).padStart(9)}`;
console.log(`  ${'run'.padEnd(34)} ${'wall time'.padStart(9)} ${'requests'.padStart(9)}`);
console.log(row('sequential server-side apply', sequential));
console.log(row(`drydock deploy (concurrency ${CONCURRENCY})`, drydock));
const speedup = sequential.wallMs / drydock.wallMs;
const met = speedup >= 4 && drydock.requests <= sequential.requests;
console.log(
  `  speed-up ${speedup.toFixed(1)}x; requests ${drydock.requests} vs ${sequential.requests}; target (>= 4x, no more requests): ${met ? 'met' : 'NOT met'}`,
);
process.exitCode = met ? 0 : 1;
