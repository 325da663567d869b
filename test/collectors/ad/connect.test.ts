// Connection faults against local endpoints: each a clear AdCollectError, never the password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdCollectError, collectAd } from '../../../src/collectors/ad/index.ts';
import { parseLdapUrl } from '../../../src/collectors/ad/ldap.ts';
import {
  closedPort,
  makeTestPki,
  type RunningServer,
  startRejectingLdaps,
  startSilentServer,
  type TestPki,
} from './fake-ldaps.ts';

const PASSWORD = 'Tr0ub4dor&3-secret';
const BIND_DN = 'CN=assay-reader,CN=Users,DC=corp,DC=example,DC=com';

let pki: TestPki;
let good: RunningServer;
let wrongName: RunningServer;

beforeAll(async () => {
  pki = makeTestPki();
  good = await startRejectingLdaps(pki.good);
  wrongName = await startRejectingLdaps(pki.wrongName);
});

afterAll(async () => {
  await good?.close();
  await wrongName?.close();
  pki?.cleanup();
});

async function failure(options: Partial<Parameters<typeof collectAd>[0]> & { url: string }): Promise<AdCollectError> {
  try {
    await collectAd({ bindDn: BIND_DN, password: PASSWORD, timeoutMs: 5000, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(AdCollectError);
    expect((error as Error).message).not.toContain(PASSWORD);
    return error as AdCollectError;
  }
  throw new Error('collectAd did not fail');
}

describe('collectAd: connection faults', () => {
  it('reports a wrong password as invalid credentials for the bind DN', async () => {
    const error = await failure({ url: `ldaps://127.0.0.1:${good.port}`, caFile: pki.caFile });
    expect(error.code).toBe('invalid-credentials');
    expect(error.message).toBe(`bind as ${BIND_DN} failed: invalid credentials`);
  });

  it('verifies the certificate by host name too', async () => {
    const error = await failure({ url: `ldaps://localhost:${good.port}`, caFile: pki.caFile });
    expect(error.code).toBe('invalid-credentials');
  });

  it('refuses a certificate from a CA it was not given, pointing at --ca-file', async () => {
    const error = await failure({ url: `ldaps://127.0.0.1:${good.port}` });
    expect(error.code).toBe('tls');
    expect(error.message).toContain(`TLS certificate verification of 127.0.0.1:${good.port} failed`);
    expect(error.message).toContain('not issued by a trusted CA');
    expect(error.message).toContain('--ca-file');
  });

  it('refuses a certificate that does not name the host connected to', async () => {
    const error = await failure({ url: `ldaps://127.0.0.1:${wrongName.port}`, caFile: pki.caFile });
    expect(error.code).toBe('tls');
    expect(error.message).toContain('does not name the host');
  });

  it('skips verification only when told to, and then reaches the bind', async () => {
    const error = await failure({ url: `ldaps://127.0.0.1:${wrongName.port}`, insecureSkipVerify: true });
    expect(error.code).toBe('invalid-credentials');
  });

  it('names host and port when nothing listens', async () => {
    const port = await closedPort();
    const error = await failure({ url: `ldaps://127.0.0.1:${port}`, caFile: pki.caFile });
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(`cannot reach 127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('gives up on a server that never answers', async () => {
    const silent = await startSilentServer();
    try {
      const error = await failure({ url: `ldaps://127.0.0.1:${silent.port}`, caFile: pki.caFile, timeoutMs: 300 });
      expect(error.code).toBe('timeout');
      expect(error.message).toContain(`127.0.0.1:${silent.port}`);
    } finally {
      await silent.close();
    }
  });

  it('refuses a plain ldap:// URL unless StartTLS is asked for', async () => {
    const error = await failure({ url: `ldap://127.0.0.1:${good.port}` });
    expect(error.code).toBe('usage');
    expect(error.message).toContain('--starttls');
  });

  it('refuses an unreadable CA file and a URL of another scheme', async () => {
    expect((await failure({ url: `ldaps://127.0.0.1:${good.port}`, caFile: `${pki.dir}/missing.pem` })).code).toBe(
      'usage',
    );
    expect((await failure({ url: 'https://dc.example.test' })).message).toContain('ldaps://');
    expect((await failure({ url: 'not a url' })).code).toBe('usage');
  });
});

describe('parseLdapUrl', () => {
  it('takes default ports and IPv6 literals', () => {
    expect(parseLdapUrl('ldaps://dc01.corp.example.com')).toEqual({
      secure: true,
      host: 'dc01.corp.example.com',
      port: 636,
    });
    expect(parseLdapUrl('ldap://[::1]:3389')).toEqual({ secure: false, host: '::1', port: 3389 });
  });
});
