// node:http servers on loopback for tests: startHttpServer answers with a handler of the test's own; startStaticServer
// answers GET <path> with the bytes `files` holds for it (a Map the test may change while it runs), and 404 for anything
// else: where tests serve CRLs and other files certificates point to.
import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import { listenOnLoopback } from './loopback.js';

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** Stops listening and ends the connections still open (a response a test left unfinished included). */
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1, on a free port, answering with `handler`. */
export async function startHttpServer(handler: RequestListener): Promise<LoopbackServer> {
  const server = createServer(handler);
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** startHttpServer serving `files`; `requests` lists the path of every request, in order. */
export async function startStaticServer(files: ReadonlyMap<string, Buffer>): Promise<LoopbackServer & { readonly requests: readonly string[] }> {
  const requests: string[] = [];
  const server = await startHttpServer((request, response) => {
    requests.push(request.url ?? '');
    const body = files.get(request.url ?? '');
    if (body) response.end(body);
    else response.writeHead(404).end();
  });
  return { ...server, requests };
}
