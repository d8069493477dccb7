// A node:http server on loopback that answers GET <path> with the bytes `files` holds for it (a Map the test may change
// while it runs), and 404 for anything else: where tests serve CRLs and other files certificates point to.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startStaticServer(files: ReadonlyMap<string, Buffer>): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    if (body) response.end(body);
    else response.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
