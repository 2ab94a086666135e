// --health-listen: a tiny HTTP endpoint for probes. GET /readyz is 200 while the child serves and
// 503 from the first moment of the stop sequence; GET /livez is 200 until the init exits.
// node:http loads only when this is asked for. Bad requests get 400/404/405 and change nothing.
import type { Server } from 'node:http';
import type { Log } from '../log.js';

/** Bounds a flood of probe connections: probes are few, and the init's loop must stay free. */
const MAX_CONNECTIONS = 256;
const REQUEST_TIMEOUT_MS = 5000;

export interface HealthServer {
  close(): void;
}

export async function startHealthServer(
  address: { host: string; port: number },
  isReady: () => boolean,
  log: Log,
): Promise<HealthServer | undefined> {
  const { createServer } = await import('node:http');
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const send = (status: number, body: string) => {
      response.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
      response.end(request.method === 'HEAD' ? undefined : `${body}\n`);
    };
    if (path !== '/readyz' && path !== '/livez') return send(404, 'not found: try /readyz or /livez');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed');
    if (path === '/livez') return send(200, 'ok');
    // Answer after this turn's signals: libuv runs signal handlers after the I/O of the same
    // turn, so a probe arriving with the TERM would otherwise still read 200.
    setImmediate(() => (isReady() ? send(200, 'ready') : send(503, 'stopping')));
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = 1000;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  return new Promise((resolve) => {
    server.once('error', (error) => {
      log.error({ ...address, error: String(error) }, 'health endpoint cannot listen');
      resolve(undefined);
    });
    server.listen(address.port, address.host, () => {
      server.unref(); // probes never keep the init alive
      log.info({ ...address }, 'health endpoint listening');
      resolve({ close: () => server.close() });
    });
  });
}
