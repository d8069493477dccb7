import type { DeployAksOrEksClients } from '../../../../src/actions/deploy-aks-or-eks/clients.js';
import type { InMemoryRegistry } from '../../../support/referrers-fake.js';
import { registryClients } from '../../notation-sign/support/harness.js';

/** Clients for deploy tests that only talk to a registry: every other side effect fails loudly when touched. */
export function registryOnlyDeployClients(registry: InMemoryRegistry, overrides: Partial<DeployAksOrEksClients> = {}): DeployAksOrEksClients {
  const unexpected = () => {
    throw new Error('not used in these tests');
  };
  return {
    ...registryClients(registry),
    eks: unexpected,
    awsCredentials: unexpected,
    azureCredentials: { clientSecret: unexpected, clientAssertion: unexpected },
    managedClusters: unexpected,
    oidcToken: unexpected,
    signer: unexpected,
    ...overrides,
  };
}
