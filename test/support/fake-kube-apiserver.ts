import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  applyConfiguration,
  clone,
  recordUpdate,
  renderManagedFields,
  type ManagedFields,
  type Obj,
} from './fake-kube/field-manager.js';
import { groupVersion, ResourceRegistry, type ResourceType } from './fake-kube/resources.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './fake-kube/selectors.js';
import {
  failurePods,
  findFailure,
  templateRevision,
  WORKLOAD_KINDS,
  workloadStatus,
  type FailureRule,
  type Rollout,
} from './fake-kube/workloads.js';
import { listenOnLoopback } from './loopback.js';

/**
 * An in-repo fake Kubernetes API server on 127.0.0.1 (DESIGN.md, "The loopback testbed"). It speaks enough of the real
 * protocol for @kubernetes/client-node and `kubectl --validate=false`: discovery (/api, /apis, resource lists, /version),
 * GET and LIST with label and field selectors, POST, PUT, PATCH (server-side apply with field managers and conflicts,
 * JSON merge and strategic merge patches), DELETE, `dryRun=All`, namespaces, status that progresses over time (or fails
 * on demand: pods stuck in ImagePullBackOff or CrashLoopBackOff, with events), bearer token checks, a per-request
 * latency and a request log. Plain HTTP, or HTTPS with a certificate from fake-kube/tls.ts.
 */
export interface FakeKubeApiServerOptions {
  tls?: { cert: string; key: string };
  /** Decides whether a bearer token is accepted; without it, requests need no authentication. */
  authenticate?: (token: string) => boolean;
  /** Simulated latency added to every request, in ms (the benchmark uses 20). */
  latencyMs?: number;
  /** How long a rollout takes to complete, in ms of `now()`. */
  rolloutDelayMs?: number;
  /** Nodes a DaemonSet schedules onto. */
  nodes?: number;
  /** Images that make a rollout fail. */
  failures?: FailureRule[];
  /** The time status progression reads; share a test's FakeClock to make rollouts take fake time. */
  now?: () => number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  accept?: string;
  authorization?: string;
  userAgent?: string;
}

interface Target {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

interface Stored {
  type: ResourceType;
  object: Obj;
  managers: ManagedFields[];
  rollout?: Rollout;
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details: Obj = {},
  ) {
    super(message);
  }
}

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FakeKubeApiServer {
  readonly registry = new ResourceRegistry();
  readonly requests: RecordedRequest[] = [];
  /** Every bearer token presented, accepted or not. */
  readonly tokens: string[] = [];
  latencyMs: number;
  rolloutDelayMs: number;
  /** Answers the next requests with these statuses instead of serving them (one entry per request), e.g. 503 with Retry-After. */
  /** Answers for the next requests, in order: a status, with `message` (default `injected fault <status>`). */
  readonly faults: { status: number; retryAfter?: string; message?: string }[] = [];
  failures: FailureRule[];
  /** RBAC in miniature: `<verb> <resource>` pairs (e.g. `list events`) this identity may not do; they answer 403. */
  readonly forbidden = new Set<string>();
  private readonly store = new Map<string, Stored>();
  private resourceVersion = 1000;
  private readonly now: () => number;
  private readonly nodes: number;
  private server!: http.Server;
  url = '';

  private constructor(private readonly options: FakeKubeApiServerOptions) {
    this.latencyMs = options.latencyMs ?? 0;
    this.rolloutDelayMs = options.rolloutDelayMs ?? 0;
    this.failures = options.failures ?? [];
    this.now = options.now ?? Date.now;
    this.nodes = options.nodes ?? 3;
  }

  static async start(options: FakeKubeApiServerOptions = {}): Promise<FakeKubeApiServer> {
    const fake = new FakeKubeApiServer(options);
    for (const name of ['default', 'kube-system', 'kube-public']) fake.createNamespace(name);
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void fake.handle(req, res);
    fake.server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler) : http.createServer(handler);
    fake.server.keepAliveTimeout = 5000;
    const port = await listenOnLoopback(fake.server);
    fake.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get requestCount(): number {
    return this.requests.length;
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  /** A kubeconfig for this server, for client-node and kubectl alike. */
  kubeconfig(options: { token?: string; namespace?: string; context?: string } = {}): string {
    const context = options.context ?? 'fake';
    const cluster = this.options.tls
      ? { server: this.url, 'certificate-authority-data': Buffer.from(this.options.tls.cert).toString('base64') }
      : { server: this.url, 'insecure-skip-tls-verify': true };
    return stringifyYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster }],
      users: [{ name: 'fake-user', user: options.token ? { token: options.token } : {} }],
      contexts: [{ name: context, context: { cluster: 'fake', user: 'fake-user', ...(options.namespace ? { namespace: options.namespace } : {}) } }],
      'current-context': context,
    });
  }

  // ---- direct access for tests (no request recorded) ----

  /** The object as a GET would return it, or undefined. */
  object(apiVersion: string, kind: string, namespace: string | undefined, name: string): Obj | undefined {
    const type = this.registry.byKind(apiVersion, kind);
    const stored = type && this.store.get(this.key(type, type.namespaced ? namespace : undefined, name));
    return stored ? this.render(stored) : undefined;
  }

  objects(apiVersion: string, kind: string, namespace?: string): Obj[] {
    const type = this.registry.byKind(apiVersion, kind);
    if (!type) return [];
    return [...this.store.values()]
      .filter((s) => s.type === type && (namespace === undefined || s.object['metadata'].namespace === namespace))
      .map((s) => this.render(s));
  }

  /** Creates or replaces an object as another client would (an Update by `manager`), e.g. to set up a conflict. */
  seed(object: Obj, manager = 'kubectl-edit'): Obj {
    const type = this.registry.byKind(object['apiVersion'], object['kind']);
    if (!type) throw new Error(`fake-kube: unknown kind ${object['apiVersion']} ${object['kind']}`);
    const namespace = type.namespaced ? (object['metadata']?.namespace ?? 'default') : undefined;
    if (namespace && !this.store.has(this.key(this.namespaceType, undefined, namespace))) this.createNamespace(namespace);
    const existing = this.store.get(this.key(type, namespace, object['metadata'].name));
    const next = clone(object);
    next['metadata'] = { ...next['metadata'], ...(namespace ? { namespace } : {}) };
    return this.render(this.write(type, existing, next, recordUpdate(existing?.object, next, existing?.managers ?? [], this.stamp(type, manager))));
  }

  // ---- HTTP ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const authorization = req.headers.authorization;
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
      ...(req.headers.accept ? { accept: req.headers.accept } : {}),
      ...(authorization ? { authorization } : {}),
      ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    });
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const fault = this.faults.shift();
    if (fault) {
      if (fault.retryAfter) res.setHeader('retry-after', fault.retryAfter);
      this.send(res, fault.status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: fault.message ?? `injected fault ${fault.status}`, reason: 'ServiceUnavailable', code: fault.status });
      return;
    }
    try {
      this.authenticate(authorization);
      const { code, value } = this.route(req.method ?? 'GET', url, body, req.headers);
      this.send(res, code, value);
    } catch (error) {
      if (error instanceof ApiError) {
        this.send(res, error.code, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: error.message,
          reason: error.reason,
          details: error.details,
          code: error.code,
        });
      } else {
        this.send(res, 500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: String(error), reason: 'InternalError', code: 500 });
      }
    }
  }

  private send(res: http.ServerResponse, code: number, value: unknown): void {
    const text = JSON.stringify(value);
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'audit-id': randomUUID() });
    res.end(text);
  }

  private authenticate(authorization: string | undefined): void {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (token) this.tokens.push(token);
    if (!this.options.authenticate) return;
    if (!token || !this.options.authenticate(token)) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
  }

  private route(method: string, url: URL, body: string, headers: http.IncomingHttpHeaders): { code: number; value: unknown } {
    const segments = url.pathname.split('/').filter(Boolean);
    const query = url.searchParams;
    if (method === 'GET') {
      if (url.pathname === '/version') {
        return { code: 200, value: { major: '1', minor: '33', gitVersion: 'v1.33.0-drydock-fake', platform: 'linux/amd64', goVersion: 'go1.24' } };
      }
      if (url.pathname === '/api') return { code: 200, value: this.registry.apiVersions(new URL(this.url).host) };
      if (url.pathname === '/apis') return { code: 200, value: this.registry.apiGroupList() };
      if (segments[0] === 'apis' && segments.length === 2) {
        const group = this.registry.apiGroup(segments[1]!);
        if (group) return { code: 200, value: group };
      }
      if ((segments[0] === 'api' && segments.length === 2) || (segments[0] === 'apis' && segments.length === 3)) {
        const [group, version] = segments[0] === 'api' ? ['', segments[1]!] : [segments[1]!, segments[2]!];
        const list = this.registry.apiResourceList(group, version);
        if (list) return { code: 200, value: list };
      }
    }
    const target = this.parseResourcePath(segments);
    if (!target) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    const dryRun = query.getAll('dryRun');
    if (dryRun.some((value) => value !== 'All')) {
      throw new ApiError(400, 'BadRequest', `dryRun: Unsupported value: "${dryRun.find((v) => v !== 'All')}": supported values: "All"`);
    }
    const options = { dryRun: dryRun.length > 0, query, userAgent: String(headers['user-agent'] ?? '') };
    const verb = ({ GET: target.name ? 'get' : 'list', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method];
    const resource = target.type.resource;
    if (verb && this.forbidden.has(`${verb} ${resource}`)) {
      const scope = target.namespace ? ` in the namespace "${target.namespace}"` : ' at the cluster scope';
      throw new ApiError(403, 'Forbidden', `${resource} is forbidden: User "deployer" cannot ${verb} resource "${resource}" in API group "${target.type.group}"${scope}`);
    }
    switch (method) {
      case 'GET':
        if (query.get('watch') === 'true' || query.get('watch') === '1') throw new ApiError(405, 'MethodNotAllowed', 'watch is not supported by the fake API server');
        return target.name ? { code: 200, value: this.getOne(target) } : { code: 200, value: this.list(target, query) };
      case 'POST':
        if (target.name) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
        return this.create(target, this.parseJson(body), options);
      case 'PUT':
        return this.replace(target, this.parseJson(body), options);
      case 'PATCH':
        return this.patch(target, body, String(headers['content-type'] ?? '').split(';')[0]!.trim(), options);
      case 'DELETE':
        return { code: 200, value: this.delete(target, options.dryRun) };
      default:
        throw new ApiError(405, 'MethodNotAllowed', `method ${method} is not allowed`);
    }
  }

  private parseResourcePath(segments: string[]): Target | undefined {
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments.length >= 3) [group, version, rest] = ['', segments[1]!, segments.slice(2)];
    else if (segments[0] === 'apis' && segments.length >= 4) [group, version, rest] = [segments[1]!, segments[2]!, segments.slice(3)];
    else return undefined;
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [resource, name, subresource, ...extra] = rest;
    if (extra.length > 0 || !resource) return undefined;
    const type = this.registry.byResource(group, version, resource);
    if (!type || (namespace !== undefined && !type.namespaced)) return undefined;
    if (name && type.namespaced && namespace === undefined) return undefined;
    if (subresource && subresource !== 'status') return undefined;
    return { type, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}), ...(subresource ? { subresource } : {}) };
  }

  private parseJson(body: string): Obj {
    try {
      const value = JSON.parse(body) as unknown;
      if (isObject(value)) return value;
    } catch {
      // fall through
    }
    throw new ApiError(400, 'BadRequest', 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  }

  private key(type: ResourceType, namespace: string | undefined, name: string): string {
    return `${type.group}/${type.resource}/${namespace ?? ''}/${name}`;
  }

  private get namespaceType(): ResourceType {
    return this.registry.byKind('v1', 'Namespace')!;
  }

  private qualified(type: ResourceType): string {
    return type.group ? `${type.resource}.${type.group}` : type.resource;
  }

  private notFound(type: ResourceType, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${this.qualified(type)} "${name}" not found`, { name, group: type.group, kind: type.resource });
  }

  private stamp(type: ResourceType, manager: string) {
    return { manager, apiVersion: groupVersion(type), time: new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  }

  private requireNamespace(type: ResourceType, namespace: string | undefined): void {
    if (type.namespaced && !this.store.has(this.key(this.namespaceType, undefined, namespace!))) {
      throw new ApiError(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
    }
  }

  private checkBody(type: ResourceType, object: Obj, namespace: string | undefined, name: string | undefined): void {
    if (object['apiVersion'] !== groupVersion(type) || object['kind'] !== type.kind) {
      throw new ApiError(
        400,
        'BadRequest',
        `the API version in the data (${object['apiVersion']}) does not match the expected API version (${groupVersion(type)}) or the kind (${object['kind']}) is not ${type.kind}`,
      );
    }
    const metadata = isObject(object['metadata']) ? object['metadata'] : {};
    if (name !== undefined && metadata['name'] !== undefined && metadata['name'] !== name) {
      throw new ApiError(400, 'BadRequest', `the name of the object (${metadata['name']}) does not match the name on the URL (${name})`);
    }
    if (type.namespaced && metadata['namespace'] !== undefined && metadata['namespace'] !== namespace) {
      throw new ApiError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    const objectName = String(metadata['name'] ?? name ?? '');
    const valid = type.kind === 'Namespace' ? NAMESPACE.test(objectName) && objectName.length <= 63 : NAME.test(objectName) && objectName.length <= 253;
    if (!valid) {
      throw new ApiError(422, 'Invalid', `${type.kind} "${objectName}" is invalid: metadata.name: Invalid value: "${objectName}": a lowercase RFC 1123 name must consist of lower case alphanumeric characters, '-' or '.'`, {
        name: objectName,
        kind: type.kind,
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value', field: 'metadata.name' }],
      });
    }
  }

  // ---- reads ----

  private render(stored: Stored): Obj {
    const object = clone(stored.object);
    object['metadata'].managedFields = renderManagedFields(stored.managers);
    if (stored.rollout) object['status'] = workloadStatus(object, stored.rollout, { now: this.now(), delayMs: this.rolloutDelayMs, nodes: this.nodes });
    return object;
  }

  private getOne(target: { type: ResourceType; namespace?: string; name?: string }): Obj {
    const stored = this.store.get(this.key(target.type, target.namespace, target.name!));
    if (!stored) throw this.notFound(target.type, target.name!);
    return this.render(stored);
  }

  private list(target: { type: ResourceType; namespace?: string }, query: URLSearchParams): Obj {
    let labels: ReturnType<typeof parseLabelSelector> = [];
    let fields: ReturnType<typeof parseFieldSelector> = [];
    try {
      labels = parseLabelSelector(query.get('labelSelector') ?? '');
      fields = parseFieldSelector(query.get('fieldSelector') ?? '');
    } catch (error) {
      if (error instanceof SelectorError) throw new ApiError(400, 'BadRequest', error.message);
      throw error;
    }
    const items = [...this.store.values()]
      .filter((s) => s.type === target.type && (target.namespace === undefined || s.object['metadata'].namespace === target.namespace))
      .map((s) => this.render(s))
      .filter((object) => matchesLabels(labels, object['metadata'].labels) && matchesFields(fields, object))
      .sort((a, b) => `${a['metadata'].namespace ?? ''}/${a['metadata'].name}`.localeCompare(`${b['metadata'].namespace ?? ''}/${b['metadata'].name}`));
    return { apiVersion: groupVersion(target.type), kind: `${target.type.kind}List`, metadata: { resourceVersion: String(this.resourceVersion) }, items };
  }

  // ---- writes ----

  private defaultManager(query: URLSearchParams, userAgent: string): string {
    return query.get('fieldManager') ?? (userAgent.split('/')[0] || 'unknown');
  }

  private create(target: { type: ResourceType; namespace?: string }, object: Obj, options: { dryRun: boolean; query: URLSearchParams; userAgent: string }) {
    const { type, namespace } = target;
    object['metadata'] = isObject(object['metadata']) ? object['metadata'] : {};
    if (!object['metadata'].name && object['metadata'].generateName) object['metadata'].name = `${object['metadata'].generateName}${randomUUID().slice(0, 5)}`;
    this.checkBody(type, object, namespace, undefined);
    this.requireNamespace(type, namespace);
    const name = String(object['metadata'].name);
    if (this.store.has(this.key(type, namespace, name))) {
      throw new ApiError(409, 'AlreadyExists', `${this.qualified(type)} "${name}" already exists`, { name, group: type.group, kind: type.resource });
    }
    if (namespace) object['metadata'].namespace = namespace;
    const managers = recordUpdate(undefined, object, [], this.stamp(type, this.defaultManager(options.query, options.userAgent)));
    if (options.dryRun) return { code: 201, value: this.render(this.prepare(type, undefined, object, managers)) };
    return { code: 201, value: this.render(this.write(type, undefined, object, managers)) };
  }

  private replace(target: Target, object: Obj, options: { dryRun: boolean; query: URLSearchParams; userAgent: string }) {
    const { type, namespace, name } = target;
    if (!name) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    this.checkBody(type, object, namespace, name);
    const existing = this.store.get(this.key(type, namespace, name));
    if (!existing) throw this.notFound(type, name);
    const next = clone(object);
    next['metadata'] = { ...next['metadata'], name, ...(namespace ? { namespace } : {}) };
    if (target.subresource === 'status') {
      const merged = { ...existing.object, status: next['status'] };
      return { code: 200, value: this.render(options.dryRun ? existing : this.write(type, existing, merged, existing.managers)) };
    }
    delete next['status'];
    const managers = recordUpdate(existing.object, next, existing.managers, this.stamp(type, this.defaultManager(options.query, options.userAgent)));
    return { code: 200, value: this.render(options.dryRun ? this.prepare(type, existing, next, managers) : this.write(type, existing, next, managers)) };
  }

  private patch(
    target: Target,
    body: string,
    contentType: string,
    options: { dryRun: boolean; query: URLSearchParams; userAgent: string },
  ) {
    const { type, namespace, name } = target;
    if (!name) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const force = options.query.get('force');
    const existing = this.store.get(this.key(type, namespace, name));
    if (contentType === 'application/apply-patch+yaml') {
      const manager = options.query.get('fieldManager');
      if (!manager) {
        throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
          group: 'meta.k8s.io',
          kind: 'PatchOptions',
          causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
        });
      }
      let applied: unknown;
      try {
        applied = parseYaml(body);
      } catch (error) {
        throw new ApiError(400, 'BadRequest', `error decoding YAML: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!isObject(applied)) throw new ApiError(400, 'BadRequest', 'error decoding YAML: the apply configuration is not an object');
      this.checkBody(type, applied, namespace, name);
      if (!existing) this.requireNamespace(type, namespace);
      const outcome = applyConfiguration(existing?.object, existing?.managers ?? [], applied, {
        ...this.stamp(type, manager),
        force: force === 'true',
      });
      if (!outcome.ok) {
        const byManager = new Map<string, string[]>();
        for (const conflict of outcome.conflicts) byManager.set(conflict.manager, [...(byManager.get(conflict.manager) ?? []), conflict.path]);
        const gv = groupVersion(type);
        const message =
          outcome.conflicts.length === 1
            ? `Apply failed with 1 conflict: conflict with "${outcome.conflicts[0]!.manager}" using ${gv}: ${outcome.conflicts[0]!.path}`
            : `Apply failed with ${outcome.conflicts.length} conflicts: ${[...byManager]
                .map(([manager, paths]) => `conflicts with "${manager}" using ${gv}:\n${paths.map((p) => `- ${p}`).join('\n')}`)
                .join('\n')}`;
        throw new ApiError(409, 'Conflict', message, {
          causes: outcome.conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}" using ${gv}`, field: c.path })),
        });
      }
      const object = outcome.object;
      object['metadata'] = { ...object['metadata'], name, ...(namespace ? { namespace } : {}) };
      const stored = options.dryRun ? this.prepare(type, existing, object, outcome.managers) : this.write(type, existing, object, outcome.managers);
      return { code: existing ? 200 : 201, value: this.render(stored) };
    }
    if (force !== null) throw new ApiError(422, 'Invalid', `force: Invalid value: "${force}": may not be specified for non-apply patch`);
    if (!existing) throw this.notFound(type, name);
    let patch: Obj;
    if (contentType === 'application/merge-patch+json' || contentType === 'application/strategic-merge-patch+json') patch = this.parseJson(body);
    else throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
    const strategic = contentType === 'application/strategic-merge-patch+json';
    const next = mergePatch(existing.object, patch, strategic, undefined) as Obj;
    if (target.subresource === 'status') {
      const merged = { ...existing.object, status: next['status'] };
      return { code: 200, value: this.render(options.dryRun ? existing : this.write(type, existing, merged, existing.managers)) };
    }
    next['status'] = existing.object['status'];
    const managers = recordUpdate(existing.object, next, existing.managers, this.stamp(type, this.defaultManager(options.query, options.userAgent)));
    return { code: 200, value: this.render(options.dryRun ? this.prepare(type, existing, next, managers) : this.write(type, existing, next, managers)) };
  }

  private delete(target: { type: ResourceType; namespace?: string; name?: string }, dryRun: boolean): Obj {
    const { type, namespace, name } = target;
    if (!name) throw new ApiError(405, 'MethodNotAllowed', 'deletecollection is not supported by the fake API server');
    const key = this.key(type, namespace, name);
    const stored = this.store.get(key);
    if (!stored) throw this.notFound(type, name);
    if (!dryRun) {
      this.store.delete(key);
      this.removeOwnedPods(stored.object);
      if (type.kind === 'Namespace') for (const [k, s] of this.store) if (s.object['metadata'].namespace === name) this.store.delete(k);
      if (type.kind === 'CustomResourceDefinition') this.registry.unregisterCrd(stored.object);
    }
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group: type.group, kind: type.resource, uid: stored.object['metadata'].uid } };
  }

  /** The stored form of a write: server-set metadata, generation, rollout state. Does not store it. */
  private prepare(type: ResourceType, existing: Stored | undefined, object: Obj, managers: ManagedFields[]): Stored {
    const next = clone(object);
    const metadata = (next['metadata'] = { ...next['metadata'] });
    delete metadata.managedFields;
    const specOf = (o: Obj) => {
      const { metadata: _m, status: _s, ...rest } = o;
      return rest;
    };
    if (existing) {
      const previous = existing.object['metadata'];
      metadata.uid = previous.uid;
      metadata.creationTimestamp = previous.creationTimestamp;
      metadata.generation = isDeepStrictEqual(specOf(existing.object), specOf(next)) ? previous.generation : previous.generation + 1;
      metadata.resourceVersion = previous.resourceVersion;
    } else {
      metadata.uid = randomUUID();
      metadata.creationTimestamp = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      metadata.generation = 1;
    }
    const unchanged =
      existing &&
      isDeepStrictEqual(existing.object, { ...next, metadata: { ...metadata } }) &&
      isDeepStrictEqual(
        existing.managers.map((m) => [m.manager, m.operation, [...m.fields].sort()]),
        managers.map((m) => [m.manager, m.operation, [...m.fields].sort()]),
      );
    if (unchanged) return existing;
    metadata.resourceVersion = String(this.resourceVersion + 1);
    if (type.kind === 'Namespace') next['status'] = { phase: 'Active' };
    if (type.kind === 'CustomResourceDefinition') {
      next['status'] = { conditions: [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted' }], acceptedNames: next['spec']?.names ?? {} };
    }
    let rollout = existing?.rollout;
    if (WORKLOAD_KINDS.has(type.kind) && (!existing || metadata.generation !== existing.object['metadata'].generation)) {
      const revision = templateRevision(next);
      const previousDone = rollout && !rollout.failure && this.now() - rollout.startedAt >= this.rolloutDelayMs;
      const failure = findFailure(next, this.failures);
      rollout = {
        generation: metadata.generation,
        startedAt: this.now(),
        revision,
        previousComplete: Boolean(previousDone || rollout?.previousComplete),
        ...(existing?.rollout ? { previousRevision: existing.rollout.failure ? existing.rollout.previousRevision : existing.rollout.revision } : {}),
        ...(failure ? { failure } : {}),
      } as Rollout;
      if (!rollout.previousRevision) delete rollout.previousRevision;
    }
    return { type, object: next, managers, ...(rollout ? { rollout } : {}) };
  }

  private write(type: ResourceType, existing: Stored | undefined, object: Obj, managers: ManagedFields[]): Stored {
    const stored = this.prepare(type, existing, object, managers);
    if (stored === existing) return stored;
    this.resourceVersion++;
    this.store.set(this.key(type, stored.object['metadata'].namespace, stored.object['metadata'].name), stored);
    if (!existing && type.kind === 'Namespace') {
      this.put({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: stored.object['metadata'].name } });
    }
    if (type.kind === 'CustomResourceDefinition') this.registry.registerCrd(stored.object);
    if (stored.rollout && stored.rollout !== existing?.rollout) {
      this.removeOwnedPods(stored.object);
      const { pods, events } = failurePods(stored.object, stored.rollout, this.now());
      for (const item of [...pods, ...events]) this.put(item);
    }
    return stored;
  }

  /** Stores a server-made object (default service accounts, simulated pods and events), owned by no manager. */
  private put(object: Obj): void {
    const type = this.registry.byKind(object['apiVersion'], object['kind'])!;
    const stored = this.prepare(type, undefined, object, []);
    if (object['status']) stored.object['status'] = object['status'];
    this.resourceVersion++;
    this.store.set(this.key(type, object['metadata'].namespace, object['metadata'].name), stored);
  }

  private removeOwnedPods(owner: Obj): void {
    const uid = owner['metadata']?.uid;
    const removed = new Set<string>();
    for (const [key, stored] of this.store) {
      const refs = (stored.object['metadata'].ownerReferences ?? []) as Obj[];
      if (stored.type.kind === 'Pod' && refs.some((r) => r['uid'] === uid)) {
        removed.add(stored.object['metadata'].name);
        this.store.delete(key);
      }
    }
    for (const [key, stored] of this.store) {
      if (stored.type.kind === 'Event' && removed.has(stored.object['involvedObject']?.name)) this.store.delete(key);
    }
  }

  private createNamespace(name: string): void {
    const type = this.namespaceType;
    this.write(type, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, []);
  }
}

/** RFC 7386 JSON merge patch; `strategic` also merges keyed lists (containers by name, ...) instead of replacing them. */
function mergePatch(target: unknown, patch: unknown, strategic: boolean, field: string | undefined): unknown {
  if (strategic && Array.isArray(patch) && Array.isArray(target) && field && ['containers', 'initContainers', 'volumes', 'env', 'imagePullSecrets'].includes(field)) {
    const result = clone(target) as Obj[];
    for (const item of patch as Obj[]) {
      const index = result.findIndex((r) => r['name'] === item['name']);
      if (index >= 0) result[index] = mergePatch(result[index], item, strategic, undefined) as Obj;
      else result.push(item);
    }
    return result;
  }
  if (!isObject(patch)) return clone(patch);
  const result: Obj = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value, strategic, key);
  }
  return result;
}
