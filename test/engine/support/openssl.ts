// Test PKI made with the system's openssl at test time: a CA and leaf certificates (P-256 keys, 2 days).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CertFiles {
  cert: string;
  key: string;
  certPem: Buffer;
  keyPem: Buffer;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
}

function files(cert: string, key: string): CertFiles {
  return { cert, key, certPem: readFileSync(cert), keyPem: readFileSync(key) };
}

/** A self-signed CA named `name` in dir/<name>.pem and dir/<name>-key.pem. */
export function makeCa(dir: string, name: string): CertFiles {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}-key.pem`);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return files(cert, key);
}

/**
 * A leaf certificate signed by `ca`. `san` is an openssl subjectAltName value ("IP:127.0.0.1", "DNS:localhost-only");
 * `usage` the extended key usage ("serverAuth" for a daemon, "clientAuth" for a client).
 */
export function makeCert(dir: string, ca: CertFiles, name: string, opts: { san?: string; usage: 'serverAuth' | 'clientAuth' }): CertFiles {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}-key.pem`);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(
    ext,
    [`extendedKeyUsage=${opts.usage}`, 'keyUsage=critical,digitalSignature,keyEncipherment', ...(opts.san ? [`subjectAltName=${opts.san}`] : [])].join('\n') +
      '\n',
  );
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${name}`, '-keyout', key, '-out', csr]);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', cert]);
  return files(cert, key);
}
