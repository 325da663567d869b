// A throwaway Samba Active Directory domain controller for the collector's integration tests:
// provisioned into a temporary folder, listening on a loopback address only, with a certificate
// from its own test CA (as an organisation's PKI would issue), seeded from
// test/fixtures/ad-dc/seed.yaml, and stopped afterwards.
//
// Samba's LDAP ports (389/636) are fixed, so each domain controller gets its own address in
// 127.0.0.0/8: two test runs on one machine do not collide, and nothing outside the machine can
// reach it. Samba needs root for those ports; without root the commands go through `sudo -n`.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ldapts';
import {
  accountsLdif,
  baseDnOf,
  bulkName,
  daysBefore,
  dnIndex,
  loadSeed,
  passwordsLdif,
  SEED_FILE,
  type Seed,
  UAC,
} from './seed.ts';

const run = promisify(execFile);

/** Samba's password-hash bypass control: lets the seed write pwdLastSet values LDAP would refuse. */
const BYPASS_PASSWORD_HASH = 'local_oid:1.3.6.1.4.1.7165.4.3.12:0';

/** The Debian packages the domain controller needs (what .ci/run installs). */
export const APT_PACKAGES = [
  'samba',
  'samba-ad-provision',
  'samba-dsdb-modules',
  'samba-vfs-modules',
  'ldb-tools',
  'openssl',
];

/** What the seeding left behind for one account, as the collector should report it. */
export interface AccountFact {
  dn: string;
  guid: string;
  sid: string;
  userAccountControl: number;
  passwordLastSet?: string;
  lastLogon?: string;
  servicePrincipalNames: string[];
}

export interface GroupFact {
  dn: string;
  guid: string;
  sid: string;
}

export interface DcSeed {
  /** The moment seeded ages are counted from (ISO 8601). */
  seededAt: string;
  definition: Seed;
  /** sAMAccountName (computers without the trailing $) → facts, for every user and computer. */
  accounts: Record<string, AccountFact>;
  /** Every group in the domain, provisioned ones included, by sAMAccountName. */
  groups: Record<string, GroupFact>;
  psos: Record<string, { dn: string; guid: string }>;
  domain: { guid: string; sid: string };
  /** Objects the collector's filters should find, counted in the database itself. */
  counts: { users: number; computers: number; groups: number };
  /** Domain controllers' machine accounts (sAMAccountName without $). */
  domainControllers: string[];
}

export interface Dc {
  url: string;
  host: string;
  port: number;
  /** The test CA that signed the DC's certificate. */
  caFile: string;
  /** A CA that did not sign it, for the verification-failure test. */
  wrongCaFile: string;
  bindDn: string;
  password: string;
  /** An ordinary account without the delegated read on the Password Settings Container. */
  limitedBindDn: string;
  limitedPassword: string;
  adminDn: string;
  adminPassword: string;
  domain: string;
  baseDn: string;
  seed: DcSeed;
  /** Seconds spent in each phase, for the report. */
  timings: Record<'provision' | 'pki' | 'seed' | 'start', number>;
  logFile: string;
  pid: number;
  dir: string;
  stop(): Promise<void>;
}

/** Why the domain controller cannot run here, or undefined when it can. */
export async function dcUnavailableReason(): Promise<string | undefined> {
  for (const tool of ['samba', 'samba-tool', 'ldbmodify', 'ldbsearch', 'openssl']) {
    try {
      await run('sh', ['-c', `command -v ${tool}`]);
    } catch {
      return `${tool} is not installed (apt-get install --no-install-recommends ${APT_PACKAGES.join(' ')})`;
    }
  }
  if (!fs.existsSync('/usr/share/samba/setup/ad-schema')) return 'samba-ad-provision is not installed';
  if (process.getuid?.() !== 0) {
    try {
      await run('sudo', ['-n', 'true']);
    } catch {
      return 'Samba needs root for LDAP ports 389/636, and sudo -n is not available';
    }
  }
  return undefined;
}

/** Runs a Samba command as root (directly when we are root, else through sudo -n). */
async function asRoot(command: string, args: string[], options: { input?: string } = {}) {
  const [cmd, argv] = process.getuid?.() === 0 ? [command, args] : ['sudo', ['-n', command, ...args]];
  try {
    const child = run(cmd, argv, { maxBuffer: 256 * 1024 * 1024 });
    if (options.input !== undefined) {
      child.child.stdin?.end(options.input);
    }
    return await child;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${command} ${args[0] ?? ''} failed: ${e.message}\n${(e.stderr ?? '').slice(-3000)}`);
  }
}

function seconds(since: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - since) / 1e7) / 100;
}

function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A loopback address nobody listens on (127.0.0.0/8 is all local on Linux). */
async function pickLoopbackAddress(): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const host = `127.${randomInt(64, 128)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    if (!(await portOpen(host, 636)) && !(await portOpen(host, 389))) return host;
  }
  throw new Error('no free loopback address found for the test domain controller');
}

/** A password Samba's complexity rules accept, new for every run. */
function newPassword(): string {
  return `Aa1!${randomBytes(15).toString('base64url')}`;
}

/** A test CA, a second unrelated CA, and the DC's certificate naming the address tests connect to. */
async function makePki(dir: string, host: string, dnsName: string) {
  fs.mkdirSync(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);
  const ca = async (name: string, subject: string) =>
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      subject,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.pem`),
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  await ca('ca', '/CN=assay test CA');
  await ca('wrong-ca', '/CN=assay unrelated CA');
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${dnsName}`,
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
  ]);
  fs.writeFileSync(
    file('server.ext'),
    [
      `subjectAltName=IP:${host},DNS:${dnsName},DNS:localhost`,
      'extendedKeyUsage=serverAuth',
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
    ].join('\n'),
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
    '-out',
    file('server.pem'),
  ]);
  fs.chmodSync(file('server.key'), 0o600);
  if (process.getuid?.() !== 0) {
    // Samba refuses a private key that is not owned by the user it runs as.
    await asRoot('chown', ['0:0', file('server.key')]);
  }
  return {
    caFile: file('ca.pem'),
    wrongCaFile: file('wrong-ca.pem'),
    certFile: file('server.pem'),
    keyFile: file('server.key'),
  };
}

/** Parses ldbsearch's LDIF output into records of attribute → values (base64 values decoded). */
export function parseLdif(text: string): Record<string, string[]>[] {
  const records: Record<string, string[]>[] = [];
  for (const block of text.replace(/\n /g, '').split(/\n\s*\n/)) {
    const entry: Record<string, string[]> = {};
    for (const line of block.split('\n')) {
      const match = /^([A-Za-z0-9;-]+)(::?) ?(.*)$/.exec(line);
      if (!match || line.startsWith('#')) continue;
      const [, name, sep, raw] = match as unknown as [string, string, string, string];
      const value = sep === '::' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      entry[name] = [...(entry[name] ?? []), value];
    }
    if (entry.dn) records.push(entry);
  }
  return records;
}

async function ldbsearch(samDb: string, base: string, filter: string, attributes: string[], scope = 'sub') {
  const { stdout } = await asRoot('ldbsearch', ['-H', samDb, '-b', base, '-s', scope, filter, ...attributes]);
  return parseLdif(stdout);
}

function fromFiletime(value: string | undefined): string | undefined {
  if (!value || value === '0') return undefined;
  return new Date(Number(BigInt(value) / 10_000n - 11_644_473_600_000n)).toISOString();
}

/** Reads back what the seed produced, so tests compare the collector with the database itself. */
async function readFacts(samDb: string, seed: Seed, baseDn: string, seededAt: Date): Promise<DcSeed> {
  const accountAttrs = [
    'sAMAccountName',
    'objectGUID',
    'objectSid',
    'userAccountControl',
    'pwdLastSet',
    'lastLogonTimestamp',
    'servicePrincipalName',
  ];
  const accounts: Record<string, AccountFact> = {};
  const users = await ldbsearch(samDb, baseDn, '(&(objectCategory=person)(objectClass=user))', accountAttrs);
  const computers = await ldbsearch(samDb, baseDn, '(objectClass=computer)', accountAttrs);
  for (const r of [...users, ...computers]) {
    const name = (r.sAMAccountName?.[0] ?? '').replace(/\$$/, '');
    accounts[name] = {
      dn: r.dn![0]!,
      guid: r.objectGUID![0]!,
      sid: r.objectSid![0]!,
      userAccountControl: Number(r.userAccountControl![0]),
      passwordLastSet: fromFiletime(r.pwdLastSet?.[0]),
      lastLogon: fromFiletime(r.lastLogonTimestamp?.[0]),
      servicePrincipalNames: r.servicePrincipalName ?? [],
    };
  }
  const groups: Record<string, GroupFact> = {};
  const groupRecords = await ldbsearch(samDb, baseDn, '(objectClass=group)', [
    'sAMAccountName',
    'objectGUID',
    'objectSid',
  ]);
  for (const r of groupRecords) {
    groups[r.sAMAccountName![0]!] = { dn: r.dn![0]!, guid: r.objectGUID![0]!, sid: r.objectSid![0]! };
  }
  const psos: DcSeed['psos'] = {};
  for (const r of await ldbsearch(samDb, baseDn, '(objectClass=msDS-PasswordSettings)', ['cn', 'objectGUID'])) {
    psos[r.cn![0]!] = { dn: r.dn![0]!, guid: r.objectGUID![0]! };
  }
  const [domain] = await ldbsearch(samDb, baseDn, '(objectClass=*)', ['objectGUID', 'objectSid'], 'base');
  return {
    seededAt: seededAt.toISOString(),
    definition: seed,
    accounts,
    groups,
    psos,
    domain: { guid: domain!.objectGUID![0]!, sid: domain!.objectSid![0]! },
    counts: { users: users.length, computers: computers.length, groups: groupRecords.length },
    domainControllers: Object.entries(accounts)
      .filter(([, a]) => (a.userAccountControl & UAC.SERVER_TRUST_ACCOUNT) !== 0)
      .map(([name]) => name),
  };
}

async function applyLdif(samDb: string, dir: string, name: string, ldif: string, controls?: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, ldif, { mode: 0o600 });
  await asRoot('ldbmodify', ['-H', samDb, ...(controls ? [`--controls=${controls}`] : []), file]);
}

/** Waits until LDAPS answers a bind with the test CA, or the process dies, or time runs out. */
async function waitForLdaps(
  url: string,
  caFile: string,
  bindDn: string,
  password: string,
  child: ChildProcess,
  logFile: string,
) {
  const deadline = Date.now() + 90_000;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  let lastError = '';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`samba exited during start-up:\n${tail(logFile)}`);
    const client = new Client({
      url,
      timeout: 3000,
      connectTimeout: 3000,
      tlsOptions: { ca: fs.readFileSync(caFile) },
    });
    try {
      await client.bind(bindDn, password);
      await client.unbind();
      return;
    } catch (error) {
      lastError = (error as Error).message;
      await client.unbind().catch(() => {});
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`the test domain controller did not answer over LDAPS within 90 s (${lastError}):\n${tail(logFile)}`);
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Stops a domain controller this module started: SIGTERM, SIGKILL after 10 s, then removes its folder. */
export async function stopDc(pid: number, dir: string): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it runs as root and we do not; it is alive.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  const signal = async (name: 'TERM' | 'KILL') => {
    if (process.getuid?.() === 0) {
      try {
        process.kill(pid, `SIG${name}`);
      } catch {}
    } else {
      await asRoot('kill', [`-${name}`, String(pid)]).catch(() => {});
    }
  };
  if (alive()) {
    await signal('TERM');
    const deadline = Date.now() + 10_000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive()) await signal('KILL');
  }
  if (dir.startsWith(path.join(os.tmpdir(), 'assay-samba-'))) {
    if (process.getuid?.() === 0) fs.rmSync(dir, { recursive: true, force: true });
    else await asRoot('rm', ['-rf', '--', dir]).catch(() => {});
  }
}

/**
 * Kills samba if the process that owns the domain controller (the vitest main process) goes away
 * without tearing down, e.g. when a run is interrupted.
 */
function startWatchdog(ownerPid: number, sambaPid: number) {
  const script =
    'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 2; done; ' +
    'if kill -0 "$2" 2>/dev/null; then kill -TERM "$2"; sleep 10; kill -KILL "$2" 2>/dev/null; fi';
  const [cmd, argv] =
    process.getuid?.() === 0 ? ['sh', ['-c', script, 'watchdog']] : ['sudo', ['-n', 'sh', '-c', script, 'watchdog']];
  spawn(cmd, [...argv, String(ownerPid), String(sambaPid)], { detached: true, stdio: 'ignore' }).unref();
}

export interface StartOptions {
  seedFile?: string;
  /** The process whose exit should stop the domain controller (default: this one). */
  ownerPid?: number;
}

/** Provisions, seeds and starts one domain controller. */
export async function startSambaDc(options: StartOptions = {}): Promise<Dc> {
  const reason = await dcUnavailableReason();
  if (reason) throw new Error(`cannot start the test domain controller: ${reason}`);
  const seed = loadSeed(options.seedFile ?? SEED_FILE);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-samba-'));
  let pid = 0;
  try {
    const host = await pickLoopbackAddress();
    const domain = seed.realm.toLowerCase();
    const baseDn = baseDnOf(seed.realm);
    const hostName = 'dc1';
    const timings = { provision: 0, pki: 0, seed: 0, start: 0 };

    let t = process.hrtime.bigint();
    const pki = await makePki(path.join(dir, 'pki'), host, `${hostName}.${domain}`);
    timings.pki = seconds(t);

    const adminPassword = newPassword();
    const settings = {
      interfaces: `${host}/8`,
      'bind interfaces only': 'yes',
      // LDAP is all the tests need; no SMB, RPC, DNS, Kerberos, replication.
      'server services': 'ldap',
      'tls enabled': 'yes',
      'tls keyfile': pki.keyFile,
      'tls certfile': pki.certFile,
      'tls cafile': pki.caFile,
      'log file': path.join(dir, 'samba.log'),
      'pid directory': path.join(dir, 'run'),
      'ncalrpc dir': path.join(dir, 'run', 'ncalrpc'),
      'winbindd socket directory': path.join(dir, 'run', 'winbindd'),
      'ntp signd socket directory': path.join(dir, 'run', 'ntp_signd'),
    };
    t = process.hrtime.bigint();
    await asRoot('samba-tool', [
      'domain',
      'provision',
      `--realm=${seed.realm}`,
      `--domain=${seed.netbios}`,
      '--server-role=dc',
      '--dns-backend=NONE',
      `--host-name=${hostName}`,
      `--targetdir=${dir}`,
      `--adminpass=${adminPassword}`,
      ...Object.entries(settings).map(([k, v]) => `--option=${k} = ${v}`),
    ]);
    timings.provision = seconds(t);

    t = process.hrtime.bigint();
    const samDb = path.join(dir, 'private', 'sam.ldb');
    const seededAt = new Date();
    await applyLdif(samDb, dir, 'accounts.ldif', accountsLdif(seed, seededAt), BYPASS_PASSWORD_HASH);
    const dns = dnIndex(seed);
    const password = newPassword();
    const limitedPassword = newPassword();
    const bindDn = dns.get(seed.readers.reader)!;
    const limitedBindDn = dns.get(seed.readers.limitedReader)!;
    await applyLdif(
      samDb,
      dir,
      'passwords.ldif',
      passwordsLdif([
        { dn: bindDn, password },
        { dn: limitedBindDn, password: limitedPassword },
      ]),
    );
    await grantAndDeny(samDb, seed, baseDn, dns);
    const facts = await readFacts(samDb, seed, baseDn, seededAt);
    timings.seed = seconds(t);

    t = process.hrtime.bigint();
    fs.mkdirSync(path.join(dir, 'run'), { recursive: true });
    const logFile = path.join(dir, 'samba.out');
    const out = fs.openSync(logFile, 'a');
    const args = ['-i', '-M', 'single', `--configfile=${path.join(dir, 'etc', 'smb.conf')}`];
    const [cmd, argv] = process.getuid?.() === 0 ? ['samba', args] : ['sudo', ['-n', 'samba', ...args]];
    // Detached, so it outlives the test worker that started it; the global teardown stops it.
    const child = spawn(cmd, argv, { detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child.unref();
    pid = child.pid ?? 0;
    startWatchdog(options.ownerPid ?? process.pid, pid);
    const url = `ldaps://${host}:636`;
    const adminDn = `CN=Administrator,CN=Users,${baseDn}`;
    await waitForLdaps(url, pki.caFile, adminDn, adminPassword, child, logFile);
    timings.start = seconds(t);

    const started = pid;
    return {
      url,
      host,
      port: 636,
      caFile: pki.caFile,
      wrongCaFile: pki.wrongCaFile,
      bindDn,
      password,
      limitedBindDn,
      limitedPassword,
      adminDn,
      adminPassword,
      domain,
      baseDn,
      seed: facts,
      timings,
      logFile,
      pid: started,
      dir,
      stop: () => stopDc(started, dir),
    };
  } catch (error) {
    await stopDc(pid, dir);
    throw error;
  }
}

/**
 * The delegation the README asks for (read on the Password Settings Container, which ordinary
 * users cannot read in AD) for the reader only, and the seed's attribute read denials.
 */
async function grantAndDeny(samDb: string, seed: Seed, baseDn: string, dns: Map<string, string>) {
  const sidOf = async (dn: string) =>
    (await ldbsearch(samDb, dn, '(objectClass=*)', ['objectSid'], 'base'))[0]!.objectSid![0]!;
  const readerSid = await sidOf(dns.get(seed.readers.reader)!);
  await asRoot('samba-tool', [
    'dsacl',
    'set',
    '-H',
    samDb,
    `--objectdn=CN=Password Settings Container,CN=System,${baseDn}`,
    `--sddl=(A;CI;RPLCLORC;;;${readerSid})`,
  ]);
  for (const denial of seed.denyRead) {
    const [attribute] = await ldbsearch(
      samDb,
      `CN=Schema,CN=Configuration,${baseDn}`,
      `(lDAPDisplayName=${denial.attribute})`,
      ['schemaIDGUID'],
      'one',
    );
    const guid = attribute?.schemaIDGUID?.[0];
    if (!guid) throw new Error(`seed: no schema attribute ${denial.attribute}`);
    const trustee = await sidOf(dns.get(denial.trustee)!);
    await asRoot('samba-tool', [
      'dsacl',
      'set',
      '-H',
      samDb,
      `--objectdn=${dns.get(denial.object)}`,
      `--sddl=(OD;;RP;${guid};;${trustee})`,
    ]);
  }
}

/** The expected pwdLastSet / lastLogon of a seeded account, recomputed from the seed. */
export function seededTimes(seed: Seed, seededAt: Date, name: string) {
  const account =
    [...seed.users, ...seed.computers].find((a) => a.name === name) ??
    (name.startsWith(seed.bulkUsers.prefix) ? seed.bulkUsers : undefined);
  if (!account) throw new Error(`${name} is not a seeded account`);
  const at = (days?: number) => (days === undefined ? undefined : daysBefore(seededAt, days).toISOString());
  return { passwordLastSet: at(account.passwordAgeDays), lastLogon: at(account.lastLogonDaysAgo) };
}

export { bulkName };
