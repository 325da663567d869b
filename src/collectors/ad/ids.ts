// objectGUID and objectSid arrive as bytes; AD tools show them in fixed string forms, which we use
// in uids and evidence so an administrator can find the object with their own tools.

/** The 16-byte objectGUID in Microsoft's string form (first three groups little-endian). */
export function guidToString(guid: Buffer): string | undefined {
  if (guid.length !== 16) return undefined;
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = [...guid.subarray(from, to)];
    return (reverse ? part.reverse() : part).map((b) => b.toString(16).padStart(2, '0')).join('');
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join('-');
}

/** A binary SID (MS-DTYP 2.4.2) as "S-1-5-21-…"; undefined when the bytes are not a well-formed SID. */
export function sidToString(sid: Buffer): string | undefined {
  if (sid.length < 8) return undefined;
  const revision = sid[0]!;
  const count = sid[1]!;
  if (revision !== 1 || sid.length !== 8 + 4 * count) return undefined;
  // The identifier authority is a 48-bit big-endian number.
  const authority = sid.readUIntBE(2, 6);
  const subAuthorities = Array.from({ length: count }, (_, i) => sid.readUInt32LE(8 + 4 * i));
  return ['S', revision, authority, ...subAuthorities].join('-');
}

/** The last sub-authority of a SID (the RID of a domain account), or undefined. */
export function ridOf(sid: string): number | undefined {
  const match = /-(\d+)$/.exec(sid);
  return match ? Number(match[1]) : undefined;
}

/** The domain part of an account SID (everything before the RID). */
export function domainSidOf(sid: string): string {
  return sid.replace(/-\d+$/, '');
}

/** "DC=corp,DC=example,DC=com" → "corp.example.com"; undefined when the DN has no DC components. */
export function dnsNameFromDn(dn: string): string | undefined {
  const parts = dn
    .split(/(?<!\\),/)
    .map((rdn) => /^\s*DC=(.+?)\s*$/i.exec(rdn)?.[1])
    .filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join('.').toLowerCase() : undefined;
}

/** DNs compare case-insensitively and without spaces around separators. */
export function normalizeDn(dn: string): string {
  return dn
    .split(/(?<!\\),/)
    .map((rdn) => rdn.trim().replace(/\s*=\s*/, '='))
    .join(',')
    .toLowerCase();
}
