/** A Kubernetes object as the renderers produce it: plain data, serialised to YAML by renderYaml. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: unknown;
}

/** The labels every rendered object carries, so they can be found (and pruned by deploy-aks-or-eks) as a set. */
export function drydockLabels(prefix: string): Record<string, string> {
  return { 'app.kubernetes.io/managed-by': 'drydock', 'drydock.dev/admission-policy': prefix };
}

export const describeObject = (object: KubeObject): string => `${object.kind}/${object.metadata.name}`;
