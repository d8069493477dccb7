import type { ActionContext, ActionDefinition } from '../../core/action.js';
import { RemoteError } from '../../core/errors.js';
import { KubeClient } from '../../kube/client.js';
import { deploy, type DeployReport } from '../../kube/deploy.js';
import { diagnosisSummary } from '../../kube/diagnostics.js';
import { imagesIn, substituteImages } from '../../kube/images.js';
import { contextNamespace } from '../../kube/kubeconfig.js';
import type { PullSecretSettings } from '../../kube/pull-secret.js';
import { EcrLogins, ecrRegistryLogins, RegistryClients, registryDigestResolver } from '../../kube/registry-access.js';
import { createKubeTransport, KubeApiError } from '../../kube/transport.js';
import { parseEcrRegistry, parseImageReference } from '../../oci/reference.js';
import { defaultDeployAksOrEksClients, type DeployAksOrEksClients } from './clients.js';
import { connectToCluster } from './cluster-access.js';
import { parseDeployAksOrEksInputs, type DeployAksOrEksSettings, type PullSecretRequest } from './inputs.js';
import { signatureVerifier } from './verifier.js';

/**
 * `auto` becomes a pull secret only when an image (after substitution) is in ECR: a cluster that pulls from elsewhere
 * needs no AWS credentials at all.
 */
function resolvePullSecret(request: PullSecretRequest, settings: DeployAksOrEksSettings, context: ActionContext): PullSecretSettings | undefined {
  if (request.mode === 'off') return undefined;
  if (request.mode === 'auto') {
    const images = imagesIn(substituteImages(settings.deploy.manifests, settings.deploy.substitutions).manifests);
    const inEcr = images.some((image) => parseEcrRegistry(parseImageReference(image, 'images').registry) !== undefined);
    if (!inEcr) {
      context.logger.debug('No image is in ECR: no pull secret (ecr-pull-secret is automatic)');
      return undefined;
    }
  } else if (settings.target.kind === 'eks') {
    context.logger.warning('An ECR pull secret on EKS is usually unnecessary: nodes pull from ECR with their instance role.');
  }
  return { name: request.name, scope: request.scope, registries: request.registries };
}

const ACTION_WORDS: Record<string, string> = {
  'would-create': 'would create',
  'would-configure': 'would configure',
  'would-prune': 'would prune',
};

function summarise(context: ActionContext, settings: DeployAksOrEksSettings, cluster: string, report: DeployReport): void {
  const summary = context.summary.heading(`deploy-aks-or-eks${settings.deploy.dryRun ? ' (dry run)' : ''}`).text(`Cluster: ${cluster}`);
  if (report.objects.length > 0) {
    summary.table(
      ['kind', 'namespace', 'name', 'action', 'rollout'],
      report.objects.map((o) => [o.ref.kind, o.ref.namespace ?? '', o.ref.name, ACTION_WORDS[o.action] ?? o.action, o.detail ?? '']),
    );
  }
  if (report.verification.length > 0) {
    summary.table(['image', 'signature', 'detail'], report.verification.map((v) => [v.image, v.verified ? 'verified' : 'FAILED', v.detail]));
  }
  if (report.images.length > 0) summary.text(`Images deployed${settings.deploy.pinDigests ? ' (pinned to digests)' : ''}:`).list(report.images.map((i) => `\`${i}\``));
  if (report.diagnoses.length > 0) {
    summary.text('Why the rollout did not finish:').list(report.diagnoses.map((d) => `${d.ref.kind} ${d.ref.namespace}/${d.ref.name}: ${diagnosisSummary(d)}`));
  }
  if (report.rolledBack.length > 0) summary.text(`Rolled back: ${report.rolledBack.map((r) => `${r.kind} ${r.namespace}/${r.name}`).join(', ')}`);
  if (report.failure) summary.text(`**Failed:** ${report.failure}`);
}

export async function runDeployAksOrEks(settings: DeployAksOrEksSettings, context: ActionContext, clients: DeployAksOrEksClients = defaultDeployAksOrEksClients): Promise<void> {
  const access = await connectToCluster(settings.target, clients, context);
  context.logger.info(`Deploying to ${access.description}`);
  const transportFor = (signal: AbortSignal) =>
    createKubeTransport(access.kubeConfig, { clock: context.clock, signal, secrets: context.secrets, unauthorizedHint: access.unauthorizedHint });
  const transports = [transportFor(context.signal)];
  // The cleanup after a cancel (diagnosis, rollback) needs requests that the run's aborted signal does not stop.
  const clientBoundTo = (signal: AbortSignal) => {
    const transport = transportFor(signal);
    transports.push(transport);
    return new KubeClient(transport);
  };
  const ecrLogins = new EcrLogins(clients.ecr, context.secrets);
  const registries = new RegistryClients({
    registryClient: clients.registry,
    ecrLogins,
    clock: context.clock,
    logger: context.logger,
    secrets: context.secrets,
    ...(settings.registryEndpoint ? { endpoint: settings.registryEndpoint } : {}),
  });
  const pullSecret = resolvePullSecret(settings.pullSecret, settings, context);
  let report: DeployReport;
  try {
    report = await deploy(
      {
        ...settings.deploy,
        defaultNamespace: settings.namespace ?? contextNamespace(access.kubeConfig) ?? 'default',
        ...(pullSecret ? { pullSecret } : {}),
      },
      {
        client: new KubeClient(transports[0]!),
        logger: context.logger,
        clock: context.clock,
        secrets: context.secrets,
        signal: context.signal,
        clientBoundTo,
        digests: registryDigestResolver(registries),
        registryLogins: ecrRegistryLogins(ecrLogins),
        // Recorded for the summary of a step stopped before its own (a second cancel signal): what reached the cluster.
        onChange: (change) => context.summary.recordChange(change),
        ...(settings.verification
          ? { verifier: signatureVerifier({ settings: settings.verification, registries, signer: clients.signer, concurrency: settings.deploy.concurrency, context }) }
          : {}),
      },
    );
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 401) {
      throw new RemoteError(`The API server of ${access.description} rejected drydock's credentials (401 Unauthorized). ${access.unauthorizedHint}`, 401, { cause: error });
    }
    throw error;
  } finally {
    await Promise.all(transports.map((transport) => transport.close()));
  }

  context.outputs.set(
    'applied',
    report.objects.map((o) => ({ kind: o.ref.kind, namespace: o.ref.namespace ?? '', name: o.ref.name, action: o.action })),
  );
  context.outputs.set('images', [...report.images]);
  summarise(context, settings, access.description, report);
  if (report.failure) throw new DeployFailedError(report.failure);
}

/** The deploy ran and did not succeed (rollout, apply or verification); the summary says which objects and why. */
export class DeployFailedError extends Error {
  override readonly name = 'DeployFailedError';
}

export function createDeployAksOrEks(clients: DeployAksOrEksClients = defaultDeployAksOrEksClients): ActionDefinition<DeployAksOrEksSettings> {
  return { name: 'deploy-aks-or-eks', parse: parseDeployAksOrEksInputs, run: (settings, context) => runDeployAksOrEks(settings, context, clients) };
}

export const deployAksOrEks = createDeployAksOrEks();
