/**
 * A loopback HTTP proxy in front of a plain-HTTP registry that injects faults according to a scripted plan: error
 * statuses (500, 429 with Retry-After), connections dropped mid-request or mid-response, and slow answers. Tests
 * point a RegistryClient at `proxy.host` and check that pushes survive transient faults and fail cleanly otherwise.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from './loopback.js';

export type Fault =
  /** Answer with this status (the request body is drained first, as a real server would). */
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string }
  /** Cut the connection after receiving this many request body bytes (0: as soon as the request arrives). */
  | { readonly kind: 'drop-request'; readonly afterBytes: number }
  /** Forward, then cut the connection after sending this many bytes of the response body. */
  | { readonly kind: 'drop-response'; readonly afterBytes: number }
  /** Forward after a pause. */
  | { readonly kind: 'delay'; readonly ms: number };

export interface FaultRule {
  readonly method?: string;
  /** Matched against the path and query. */
  readonly path: RegExp;
  readonly fault: Fault;
  /** How many matching requests get the fault; unlimited when absent. */
  readonly times?: number;
  /** Let this many matching requests through untouched before faulting. */
  readonly skip?: number;
}

export interface ProxyHit {
  readonly method: string;
  readonly path: string;
  /** The fault applied, if any. */
  readonly fault?: Fault['kind'];
}

export interface FaultProxy {
  /** `127.0.0.1:<port>`, to use as the registry name (with insecureHttp). */
  readonly host: string;
  readonly hits: ProxyHit[];
  /** Replaces the plan; counters and hits start again. */
  setPlan(rules: readonly FaultRule[]): void;
  close(): Promise<void>;
}

interface RuleState {
  readonly rule: FaultRule;
  seen: number;
  applied: number;
}

export async function startFaultProxy(upstream: string, plan: readonly FaultRule[] = []): Promise<FaultProxy> {
  let rules: RuleState[] = [];
  const hits: ProxyHit[] = [];
  const setPlan = (next: readonly FaultRule[]) => {
    rules = next.map((rule) => ({ rule, seen: 0, applied: 0 }));
    hits.length = 0;
  };
  setPlan(plan);
  const sockets = new Set<Socket>();

  const pick = (req: IncomingMessage): Fault | undefined => {
    for (const state of rules) {
      const { rule } = state;
      if (rule.method && rule.method !== req.method) continue;
      if (!rule.path.test(req.url ?? '')) continue;
      state.seen++;
      if (state.seen <= (rule.skip ?? 0)) continue;
      if (rule.times !== undefined && state.applied >= rule.times) continue;
      state.applied++;
      return rule.fault;
    }
    return undefined;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, proxyHost: string, cutAfter?: number) => {
    const [host, port] = upstream.split(':');
    const outgoing = httpRequest(
      { host, port: Number(port), method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const headers = { ...answer.headers };
        // The registry builds absolute Locations from the Host header (kept as the proxy's); rewrite any that slip through.
        if (typeof headers.location === 'string') headers.location = headers.location.replace(`//${upstream}/`, `//${proxyHost}/`);
        res.writeHead(answer.statusCode ?? 502, headers);
        if (cutAfter === undefined) {
          answer.pipe(res);
          return;
        }
        let sent = 0;
        answer.on('data', (chunk: Buffer) => {
          if (sent + chunk.length >= cutAfter) {
            res.write(chunk.subarray(0, Math.max(0, cutAfter - sent)));
            answer.destroy();
            res.socket?.destroy();
            return;
          }
          sent += chunk.length;
          res.write(chunk);
        });
        answer.on('end', () => res.end());
      },
    );
    outgoing.on('error', () => res.socket?.destroy());
    req.pipe(outgoing);
  };

  const server = createServer((req, res) => {
    const fault = pick(req);
    hits.push({ method: req.method ?? '', path: req.url ?? '', ...(fault ? { fault: fault.kind } : {}) });
    const proxyHost = req.headers.host ?? '';
    if (!fault) return forward(req, res, proxyHost);
    switch (fault.kind) {
      case 'status':
        req.resume();
        req.on('end', () => {
          res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
          res.end(fault.body ?? JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: `injected ${fault.status}` }] }));
        });
        return;
      case 'drop-request': {
        if (fault.afterBytes <= 0) {
          req.socket.destroy();
          return;
        }
        let received = 0;
        req.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received >= fault.afterBytes) req.socket.destroy();
        });
        req.on('end', () => req.socket.destroy());
        return;
      }
      case 'drop-response':
        return forward(req, res, proxyHost, fault.afterBytes);
      case 'delay':
        setTimeout(() => forward(req, res, proxyHost), fault.ms);
        return;
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);
  return {
    host: `127.0.0.1:${port}`,
    hits,
    setPlan,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
