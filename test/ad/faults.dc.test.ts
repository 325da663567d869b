// What goes wrong in real collections, against the real domain controller: a wrong password, a
// port nobody listens on, a server that never answers, a certificate the CA file does not vouch
// for, and an account that cannot read everything. Each is a clear error or a recorded gap,
// never a crash and never a snapshot that looks complete when it is not.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdCollectError, collectAd } from '../../src/collectors/ad/index.ts';
import type { IdentityUserProps } from '../../src/model/kinds.ts';
import type { Resource, Source } from '../../src/model/resource.ts';
import { makeSnapshot } from '../../src/model/snapshot.ts';
import { validateSnapshot } from '../../src/model/validate.ts';
import { VERSION } from '../../src/version.ts';
import type { Dc } from './samba-dc.ts';
import { dcTestsDisabled, sharedSambaDc } from './shared-dc.ts';

const disabled = await dcTestsDisabled();

async function collectError(promise: Promise<unknown>): Promise<AdCollectError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdCollectError);
  return error as AdCollectError;
}

describe.skipIf(disabled)('AD collector faults against a Samba domain controller', () => {
  let dc: Dc;
  let silent: net.Server;
  const held: net.Socket[] = [];

  beforeAll(async () => {
    dc = await sharedSambaDc();
    // Accepts connections and never says a word: TLS never completes.
    silent = net.createServer((socket) => {
      held.push(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  }, 300_000);

  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  const options = () => ({ url: dc.url, bindDn: dc.bindDn, password: dc.password, caFile: dc.caFile });

  it('a wrong password is an invalid-credentials error that does not repeat the password', async () => {
    const wrong = 'Wrong-Passw0rd-For-The-Test!';
    const error = await collectError(collectAd({ ...options(), password: wrong }));
    expect(error.code).toBe('invalid-credentials');
    expect(error.message).toContain(dc.bindDn);
    expect(error.message).not.toContain(wrong);
  });

  it('a port nobody listens on is an unreachable error naming the address', async () => {
    const url = `ldaps://${dc.host}:1636`;
    const error = await collectError(collectAd({ ...options(), url }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(`${dc.host}:1636`);
  });

  it('a server that never answers is a timeout error after the given time', async () => {
    const { port } = silent.address() as net.AddressInfo;
    const error = await collectError(collectAd({ ...options(), url: `ldaps://127.0.0.1:${port}`, timeoutMs: 1000 }));
    expect(error.code).toBe('timeout');
  });

  it('a certificate the CA file did not sign is a TLS error, not a silent fallback', async () => {
    const error = await collectError(collectAd({ ...options(), caFile: dc.wrongCaFile }));
    expect(error.code).toBe('tls');
    expect(error.message).not.toContain(dc.password);
  });

  it('without a CA file the system trust store does not know the test CA either', async () => {
    const error = await collectError(collectAd({ ...options(), caFile: undefined }));
    expect(error.code).toBe('tls');
  });

  it('an unreadable CA file is a usage error before any connection', async () => {
    const error = await collectError(collectAd({ ...options(), caFile: '/nonexistent/ca.pem' }));
    expect(error.code).toBe('usage');
    expect(error.message).toContain('/nonexistent/ca.pem');
  });

  describe('an account that cannot read everything', () => {
    let source: Source;
    let resources: Resource[];

    beforeAll(async () => {
      ({ source, resources } = await collectAd({
        ...options(),
        bindDn: dc.limitedBindDn,
        password: dc.limitedPassword,
      }));
    }, 120_000);

    const uidOf = (guid: string) => `ad:${dc.domain}:${guid}`;

    it('is a partial collection, and the snapshot still validates', () => {
      expect(source.status).toBe('partial');
      expect(validateSnapshot(makeSnapshot(VERSION, [source], resources))).toEqual([]);
    });

    it('records the hidden fine-grained password policies as a permission gap, not as "no PSOs"', () => {
      const gap = source.gaps.find(
        (g) => g.reason === 'permission-denied' && g.kinds?.includes('identity.password_policy'),
      );
      expect(gap, JSON.stringify(source.gaps)).toBeDefined();
      expect(`${gap?.endpoint ?? ''} ${gap?.message}`).toMatch(/Password Settings/i);
      const psoUids = Object.values(dc.seed.psos).map((p) => uidOf(p.guid));
      expect(resources.filter((r) => psoUids.includes(r.uid))).toEqual([]);
      // The domain policy is still read.
      expect(resources.some((r) => r.uid === uidOf(dc.seed.domain.guid))).toBe(true);
    });

    it('records the denied attribute as a gap naming it, and leaves the flags it decides unknown', () => {
      const gap = source.gaps.find(
        (g) => g.reason === 'permission-denied' && /\buserAccountControl\b/.test(g.permission ?? ''),
      );
      expect(gap, JSON.stringify(source.gaps)).toBeDefined();
      expect(gap?.kinds).toContain('identity.user');
      expect(gap?.message).toMatch(/\b1 of \d+ user objects \(CN=u-secret,/);
      const secret = resources.find((r) => r.uid === uidOf(dc.seed.accounts['u-secret']!.guid));
      expect(secret).toBeDefined();
      const props = secret!.props as IdentityUserProps;
      // Unknown stays absent: not guessed as false (the seed sets DONT_EXPIRE_PASSWORD on it).
      expect(props.enabled).toBeUndefined();
      expect(props.passwordNeverExpires).toBeUndefined();
      expect(props.preAuthNotRequired).toBeUndefined();
      // Other accounts are unaffected.
      const other = resources.find((r) => r.uid === uidOf(dc.seed.accounts['u-never-expires']!.guid));
      expect((other?.props as IdentityUserProps | undefined)?.passwordNeverExpires).toBe(true);
    });

    it('still collects every account it can see', () => {
      const accounts = resources.filter((r) => r.kind === 'identity.user');
      expect(accounts).toHaveLength(dc.seed.counts.users + dc.seed.counts.computers);
    });
  });
});
