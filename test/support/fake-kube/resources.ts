/**
 * The resource types the fake API server serves, and the discovery documents that describe them. Built-in kinds are a
 * fixed table (one served version per group, as on a current cluster); CustomResourceDefinitions add their kinds when
 * they are created, so a deploy that applies a CRD and then its custom resources works as against a real server.
 */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural, lower case: the URL segment. */
  readonly resource: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const builtin = (group: string, version: string, list: [kind: string, resource: string, namespaced: boolean, short?: string[]][]) =>
  list.map(([kind, resource, namespaced, shortNames]) => ({ group, version, kind, resource, namespaced, ...(shortNames ? { shortNames } : {}) }));

export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  ...builtin('', 'v1', [
    ['Namespace', 'namespaces', false, ['ns']],
    ['ConfigMap', 'configmaps', true, ['cm']],
    ['Secret', 'secrets', true],
    ['Service', 'services', true, ['svc']],
    ['ServiceAccount', 'serviceaccounts', true, ['sa']],
    ['Pod', 'pods', true, ['po']],
    ['Event', 'events', true, ['ev']],
    ['PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc']],
    ['PersistentVolume', 'persistentvolumes', false, ['pv']],
    ['ReplicationController', 'replicationcontrollers', true, ['rc']],
    ['PodTemplate', 'podtemplates', true],
    ['LimitRange', 'limitranges', true, ['limits']],
    ['ResourceQuota', 'resourcequotas', true, ['quota']],
    ['Endpoints', 'endpoints', true, ['ep']],
    ['Node', 'nodes', false, ['no']],
  ]),
  ...builtin('apps', 'v1', [
    ['Deployment', 'deployments', true, ['deploy']],
    ['StatefulSet', 'statefulsets', true, ['sts']],
    ['DaemonSet', 'daemonsets', true, ['ds']],
    ['ReplicaSet', 'replicasets', true, ['rs']],
    ['ControllerRevision', 'controllerrevisions', true],
  ]),
  ...builtin('batch', 'v1', [
    ['Job', 'jobs', true],
    ['CronJob', 'cronjobs', true, ['cj']],
  ]),
  ...builtin('networking.k8s.io', 'v1', [
    ['Ingress', 'ingresses', true, ['ing']],
    ['NetworkPolicy', 'networkpolicies', true, ['netpol']],
    ['IngressClass', 'ingressclasses', false],
  ]),
  ...builtin('rbac.authorization.k8s.io', 'v1', [
    ['Role', 'roles', true],
    ['RoleBinding', 'rolebindings', true],
    ['ClusterRole', 'clusterroles', false],
    ['ClusterRoleBinding', 'clusterrolebindings', false],
  ]),
  ...builtin('apiextensions.k8s.io', 'v1', [['CustomResourceDefinition', 'customresourcedefinitions', false, ['crd', 'crds']]]),
  ...builtin('policy', 'v1', [['PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb']]]),
  ...builtin('autoscaling', 'v2', [['HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa']]]),
  ...builtin('storage.k8s.io', 'v1', [['StorageClass', 'storageclasses', false, ['sc']]]),
  ...builtin('scheduling.k8s.io', 'v1', [['PriorityClass', 'priorityclasses', false, ['pc']]]),
];

export const groupVersion = (type: Pick<ResourceType, 'group' | 'version'>) => (type.group ? `${type.group}/${type.version}` : type.version);

/** The served resource types: the built-in table plus what CustomResourceDefinitions registered. */
export class ResourceRegistry {
  private readonly types: ResourceType[] = [...BUILTIN_RESOURCES];

  all(): readonly ResourceType[] {
    return this.types;
  }

  byResource(group: string, version: string, resource: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.version === version && t.resource === resource);
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find((t) => groupVersion(t) === apiVersion && t.kind === kind);
  }

  /** Registers the served versions of a CustomResourceDefinition; returns the added types. */
  registerCrd(crd: Record<string, any>): ResourceType[] {
    const spec = crd['spec'] ?? {};
    const group = String(spec.group ?? '');
    const names = spec.names ?? {};
    const added: ResourceType[] = [];
    for (const version of (spec.versions ?? []) as { name: string; served?: boolean }[]) {
      if (version.served === false) continue;
      if (this.byResource(group, version.name, names.plural)) continue;
      const type: ResourceType = {
        group,
        version: version.name,
        kind: String(names.kind),
        resource: String(names.plural),
        namespaced: spec.scope !== 'Cluster',
        ...(names.shortNames ? { shortNames: names.shortNames } : {}),
      };
      this.types.push(type);
      added.push(type);
    }
    return added;
  }

  unregisterCrd(crd: Record<string, any>): void {
    const group = crd['spec']?.group;
    const plural = crd['spec']?.names?.plural;
    for (let i = this.types.length - 1; i >= 0; i--) {
      const type = this.types[i]!;
      if (type.group === group && type.resource === plural && !BUILTIN_RESOURCES.includes(type)) this.types.splice(i, 1);
    }
  }

  groups(): { name: string; version: string }[] {
    const seen = new Map<string, string>();
    for (const type of this.types) if (type.group && !seen.has(type.group)) seen.set(type.group, type.version);
    return [...seen].map(([name, version]) => ({ name, version }));
  }

  // ---- discovery documents, as GET /api, /apis, /apis/<group>, /api/v1 and /apis/<group>/<version> return them ----

  apiVersions(serverAddress: string) {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
  }

  apiGroupList() {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groups().map((g) => this.apiGroup(g.name)!) };
  }

  apiGroup(name: string) {
    const version = this.groups().find((g) => g.name === name)?.version;
    if (!version) return undefined;
    const gv = { groupVersion: `${name}/${version}`, version };
    return { kind: 'APIGroup', apiVersion: 'v1', name, versions: [gv], preferredVersion: gv };
  }

  apiResourceList(group: string, version: string) {
    const types = this.types.filter((t) => t.group === group && t.version === version);
    if (types.length === 0) return undefined;
    const resources = types.flatMap((t) => {
      const main = {
        name: t.resource,
        singularName: t.kind.toLowerCase(),
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: VERBS,
        ...(t.shortNames ? { shortNames: [...t.shortNames] } : {}),
      };
      const status = { name: `${t.resource}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] };
      return ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'].includes(t.kind) ? [main, status] : [main];
    });
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources };
  }
}
