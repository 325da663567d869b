// A time-stamping authority on loopback for the tests: a test CA and a TSA certificate made with
// openssl, and an HTTP server that answers each RFC 3161 query with `openssl ts -reply`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Tsa {
  url: string;
  /** The test CA (PEM): the trust anchor. */
  caPem: string;
  /** Another CA that signed nothing here. */
  otherCaPem: string;
  /** The TSA's own certificate (PEM). */
  tsaPem: string;
  /** How many queries the server answered. */
  queries: () => number;
  /** Make the next replies come from a certificate without the timeStamping key usage. */
  useWrongCertificate: (wrong: boolean) => void;
  close: () => Promise<void>;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const CONFIG = `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ ca_ext ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ tsa_ext ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ plain_ext ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = tsaserial
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ess_cert_id_alg = sha256
crypto_device = builtin
`;

function makeCa(dir: string, name: string): void {
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '30',
    '-subj',
    `/CN=${name}`,
    '-config',
    'openssl.cnf',
    '-extensions',
    'ca_ext',
  );
}

function makeLeaf(dir: string, name: string, ext: string): void {
  openssl(
    dir,
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/O=assay tests/CN=${name}`,
    '-config',
    'openssl.cnf',
  );
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '30',
    '-extfile',
    'openssl.cnf',
    '-extensions',
    ext,
  );
}

export async function startTsa(): Promise<Tsa> {
  const dir = mkdtempSync(path.join(tmpdir(), 'assay-tsa-'));
  writeFileSync(path.join(dir, 'openssl.cnf'), CONFIG);
  writeFileSync(path.join(dir, 'tsaserial'), '01\n');
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  makeLeaf(dir, 'tsa', 'tsa_ext');
  makeLeaf(dir, 'plain', 'plain_ext');
  let count = 0;
  let wrong = false;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      count++;
      const n = count;
      const query = path.join(dir, `q${n}.tsq`);
      const reply = path.join(dir, `r${n}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      const signer = wrong ? 'plain' : 'tsa';
      try {
        openssl(
          dir,
          'ts',
          '-reply',
          '-config',
          'openssl.cnf',
          '-queryfile',
          query,
          '-signer',
          `${signer}.crt`,
          '-inkey',
          `${signer}.key`,
          '-out',
          reply,
        );
        response.writeHead(200, { 'content-type': 'application/timestamp-reply' });
        response.end(readFileSync(reply));
      } catch {
        response.writeHead(400);
        response.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    caPem: read('ca.crt'),
    otherCaPem: read('other-ca.crt'),
    tsaPem: read('tsa.crt'),
    queries: () => count,
    useWrongCertificate: (value) => {
      wrong = value;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
