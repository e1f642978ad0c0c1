// Local servers that misbehave on purpose: accept and never answer (TCP or unix socket), or refuse TLS handshakes.
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

export interface LocalServer {
  /** TCP port (0 for unix sockets). */
  port: number;
  close(): Promise<void>;
}

function listen(srv: Server, where: { port: number; host: string } | { path: string }): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const keep = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };
  srv.on('connection', keep);
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(where, () => {
      const a = srv.address();
      resolve({
        port: typeof a === 'object' && a ? a.port : 0,
        close: () =>
          new Promise<void>((r) => {
            srv.close(() => r());
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}

/** Accepts TCP connections on 127.0.0.1 and never sends a byte. */
export function silentTcpServer(): Promise<LocalServer> {
  return listen(
    createServer(() => undefined),
    { port: 0, host: '127.0.0.1' },
  );
}

/** Accepts connections on a unix socket and never sends a byte. */
export function silentUnixServer(path: string): Promise<LocalServer> {
  return listen(
    createServer(() => undefined),
    { path },
  );
}

/** A TLS server on 127.0.0.1 that demands a client certificate signed by `ca`: clients without one are refused. */
export function clientCertTlsServer(opts: { cert: Buffer; key: Buffer; ca: Buffer }): Promise<LocalServer> {
  const srv = createTlsServer({ cert: opts.cert, key: opts.key, ca: opts.ca, requestCert: true, rejectUnauthorized: true }, (s) =>
    s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK'),
  );
  srv.on('tlsClientError', () => undefined);
  return listen(srv, { port: 0, host: '127.0.0.1' });
}
