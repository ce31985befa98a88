/**
 * Serves the page the clients run in, from http://127.0.0.1:<ephemeral>/ (a secure context, so
 * getUserMedia works): `/` is an empty document loading `/app.js`, the bundle.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>faultline openvidu-browser client</title></head><body><script src="/app.js"></script></body></html>';

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

export async function servePage(bundle: string): Promise<PageServer> {
  const server = http.createServer((req, res) => {
    const route = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405).end();
    } else if (route === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE);
    } else if (route === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(bundle);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
