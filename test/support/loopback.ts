import { once } from 'node:events';
import type { AddressInfo, Server } from 'node:net';

/** Starts `server` (node:net, node:http or node:https) listening on 127.0.0.1, on a free port; returns the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}
