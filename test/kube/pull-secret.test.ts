import { SecretSet } from '../../src/core/secrets.js';
import { createRecordingLogger } from '../../src/core/logger.js';
import type { ManifestObject } from '../../src/kube/objects.js';
import { planPullSecret, type RegistryLoginSource } from '../../src/kube/pull-secret.js';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const logins: RegistryLoginSource = { logins: async (registries) => registries.map((registry) => ({ registry, username: 'AWS', password: 'ecr-password-1' })) };

describe('planPullSecret', () => {
  test('manifests with nothing namespaced (a Namespace alone) are refused: there is no namespace to put the secret in', async () => {
    // A Namespace is cluster-scoped: the pull secret would be written nowhere, and a scheduled refresh would do nothing.
    const manifests: ManifestObject[] = [{ source: 'namespace.yaml, document 1', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } }];
    const lines = createRecordingLogger();
    await expect(
      planPullSecret(manifests, [], { name: 'ecr', scope: 'workloads', registries: [ECR] }, { logins, secrets: new SecretSet(), logger: lines }),
    ).rejects.toThrow(
      "Input 'ecr-pull-secret': no object in the manifests is in a namespace, so there is nowhere to create the pull secret 'ecr'. " +
        'Deploy the namespaced objects that pull the images, or the ServiceAccounts that use the secret (with pull-secret-scope: service-account, as action-templates/refresh-ecr-pull-secret.yml does).',
    );
    expect(lines.lines).toEqual([]);
  });

  test('one secret per namespace the manifests use', async () => {
    const manifests: ManifestObject[] = [
      { source: 'a.yaml, document 1', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' } } },
      { source: 'a.yaml, document 2', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'blog' } } },
    ];
    const logger = createRecordingLogger();
    const plan = await planPullSecret(manifests, [], { name: 'ecr', scope: 'service-account', registries: [ECR] }, { logins, secrets: new SecretSet(), logger });
    expect(plan.secrets.map((secret) => `${secret.object.metadata.namespace}/${secret.object.metadata.name}`)).toEqual(['blog/ecr', 'shop/ecr']);
    expect(logger.lines).toEqual([{ level: 'info', message: `Pull secret ecr for ${ECR} in namespaces blog, shop` }]);
  });
});
