// OpenSSH known_hosts files: plain and hashed (|1|salt|hash) host patterns, `[host]:port` for
// non-standard ports, wildcards and negation, @revoked markers. A host is trusted only when a key
// listed for it is the key it presents: a missing entry is never trusted on first use.
import { createHash, createHmac } from 'node:crypto';

export interface KnownKey {
  type: string;
  /** The public key blob (base64-decoded), as the server presents it. */
  blob: Buffer;
  revoked: boolean;
  line: number;
}

export interface KnownHostsEntry extends KnownKey {
  patterns: string[];
}

export function parseKnownHosts(text: string): {
  entries: KnownHostsEntry[];
  problems: { line: number; message: string }[];
} {
  const entries: KnownHostsEntry[] = [];
  const problems: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0]!.startsWith('@')) marker = fields.shift();
    const [patterns, type, key] = fields;
    if (!patterns || !type || !key || !/^[A-Za-z0-9+/]+=*$/.test(key)) {
      problems.push({ line: index + 1, message: 'not "hosts keytype base64-key"' });
      return;
    }
    // A CA key vouches for certificates, which this collector does not accept: skip, do not trust.
    if (marker === '@cert-authority') return;
    entries.push({
      patterns: patterns.split(','),
      type,
      blob: Buffer.from(key, 'base64'),
      revoked: marker === '@revoked',
      line: index + 1,
    });
  });
  return { entries, problems };
}

/** How known_hosts names a host: `host` on port 22, `[host]:port` otherwise. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function matchesPattern(pattern: string, name: string): boolean {
  const hashed = /^\|1\|([^|]+)\|(.+)$/.exec(pattern);
  if (hashed) {
    const digest = createHmac('sha1', Buffer.from(hashed[1]!, 'base64')).update(name).digest('base64');
    return digest === hashed[2];
  }
  return wildcard(pattern).test(name);
}

/** The entries that name this host (a `!pattern` match excludes the line). */
export function keysFor(entries: KnownHostsEntry[], host: string, port: number): KnownHostsEntry[] {
  const name = hostKeyName(host, port);
  return entries.filter((entry) => {
    const negated = entry.patterns.filter((p) => p.startsWith('!')).some((p) => matchesPattern(p.slice(1), name));
    return !negated && entry.patterns.filter((p) => !p.startsWith('!')).some((p) => matchesPattern(p, name));
  });
}

/** As OpenSSH prints it: SHA256:<unpadded base64 of the blob's SHA-256>. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside an SSH public key blob (its first string). */
export function blobType(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}

export type Verdict = { trusted: true } | { trusted: false; message: string };

/** Whether the presented key is one the file lists for this host, with OpenSSH-style explanations. */
export function verifyHostKey(
  entries: KnownHostsEntry[],
  host: string,
  port: number,
  presented: Buffer,
  file: string,
): Verdict {
  const name = hostKeyName(host, port);
  const listed = keysFor(entries, host, port);
  const presentedText = `${blobType(presented)} ${fingerprint(presented)}`;
  if (listed.some((k) => k.revoked && k.blob.equals(presented))) {
    return { trusted: false, message: `host key of ${name} is marked @revoked in ${file}: ${presentedText}` };
  }
  if (listed.some((k) => !k.revoked && k.blob.equals(presented))) return { trusted: true };
  const usable = listed.filter((k) => !k.revoked);
  if (usable.length === 0) {
    return {
      trusted: false,
      message: `${name} is not in ${file} (no trust on first use): it presented ${presentedText}; verify that fingerprint out of band, then add the key (ssh-keyscan) to the file`,
    };
  }
  const expected = usable.map((k) => `${k.type} ${fingerprint(k.blob)} (line ${k.line})`).join(', ');
  return {
    trusted: false,
    message: `HOST KEY MISMATCH for ${name}: ${file} lists ${expected}, but the server presented ${presentedText}; someone may be intercepting the connection, or the host key was changed`,
  };
}

/** Host key algorithms to offer, the types known for this host first (as OpenSSH does). */
export function preferredHostKeyAlgorithms(listed: KnownHostsEntry[]): string[] {
  const rsa = ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  const all = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', ...rsa];
  const known = new Set(listed.filter((k) => !k.revoked).flatMap((k) => (k.type === 'ssh-rsa' ? rsa : [k.type])));
  return [...all.filter((a) => known.has(a)), ...all.filter((a) => !known.has(a))];
}
