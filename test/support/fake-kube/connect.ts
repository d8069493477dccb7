import type { Clock } from '../../../src/core/clock.js';
import { SecretSet } from '../../../src/core/secrets.js';
import { KubeClient } from '../../../src/kube/client.js';
import { loadKubeConfig } from '../../../src/kube/kubeconfig.js';
import { createKubeTransport } from '../../../src/kube/transport.js';
import type { FakeKubeApiServer } from '../fake-kube-apiserver.js';
import { FakeClock } from '../fake-clock.js';

/** A KubeClient for the fake API server, through the same kubeconfig path the action takes. */
export function clientFor(server: FakeKubeApiServer, options: { token?: string; clock?: Clock; unauthorizedHint?: string } = {}): KubeClient {
  const kubeConfig = loadKubeConfig(
    { text: server.kubeconfig(options.token ? { token: options.token } : {}), origin: 'the test kubeconfig', inputName: 'kubeconfig' },
    undefined,
    new SecretSet(),
  );
  const hint = options.unauthorizedHint === undefined ? {} : { unauthorizedHint: options.unauthorizedHint };
  return new KubeClient(createKubeTransport(kubeConfig, { clock: options.clock ?? new FakeClock(), random: () => 0, ...hint }));
}
