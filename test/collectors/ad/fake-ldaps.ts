// A minimal LDAPS endpoint for connection faults: a test CA and server certificates made with
// openssl, and a TLS server that answers every bind with invalidCredentials (49), as AD does for
// a wrong password. Searches are not served: the collector's logic is tested over FakeDirectory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer as createTlsServer } from 'node:tls';

export interface TestPki {
  dir: string;
  caFile: string;
  /** Certificate and key naming localhost and 127.0.0.1. */
  good: { cert: string; key: string };
  /** Signed by the same CA but naming only dc.example.test. */
  wrongName: { cert: string; key: string };
  cleanup(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), 'assay-ad-pki-'));
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=assay test CA',
  ]);
  const issue = (name: string, subject: string, san: string) => {
    writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    openssl(dir, [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${subject}`,
    ]);
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    ]);
    return {
      cert: readFileSync(path.join(dir, `${name}.pem`), 'utf8'),
      key: readFileSync(path.join(dir, `${name}.key`), 'utf8'),
    };
  };
  return {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    good: issue('good', 'localhost', 'DNS:localhost,IP:127.0.0.1'),
    wrongName: issue('wrong', 'dc.example.test', 'DNS:dc.example.test'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The messageID and protocolOp tag of one BER-encoded LDAPMessage (small ids, as ldapts sends). */
function readHeader(data: Buffer): { id: number; op: number } | undefined {
  if (data[0] !== 0x30) return undefined;
  let i = 2 + ((data[1]! & 0x80) !== 0 ? data[1]! & 0x7f : 0);
  if (data[i] !== 0x02) return undefined;
  const length = data[i + 1]!;
  const id = data.readUIntBE(i + 2, length);
  i += 2 + length;
  return { id, op: data[i]! };
}

function bindResponse(id: number, resultCode: number, diagnostic: string): Buffer {
  const text = Buffer.from(diagnostic);
  const op = Buffer.concat([Buffer.from([0x0a, 0x01, resultCode, 0x04, 0x00, 0x04, text.length]), text]);
  const body = Buffer.concat([Buffer.from([0x02, 0x01, id, 0x61, op.length]), op]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

function listen(server: Server): Promise<RunningServer> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** An LDAPS server that refuses every bind with invalidCredentials, the diagnostic AD sends. */
export function startRejectingLdaps(credentials: { cert: string; key: string }): Promise<RunningServer> {
  const server = createTlsServer(credentials, (socket) => {
    socket.on('data', (data) => {
      const header = readHeader(data);
      if (header?.op === 0x60) {
        socket.write(
          bindResponse(
            header.id,
            49,
            '80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563',
          ),
        );
      } else socket.end();
    });
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  return listen(server);
}

/** Accepts TCP connections and never answers: a firewall that drops, or a hung server. */
export function startSilentServer(): Promise<RunningServer> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  return listen(server).then((running) => ({
    port: running.port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return running.close();
    },
  }));
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const running = await listen(createTcpServer());
  await running.close();
  return running.port;
}
