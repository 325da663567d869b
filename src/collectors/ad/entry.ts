// Reading attributes of an LDAP entry as ldapts returns it: a single value is a string (or a Buffer
// for binary attributes), several values an array, an absent attribute an empty array or nothing.
// Servers may spell attribute names in another case than the request, so lookups ignore case.

/** One search result entry, as ldapts's `Client.search` returns it. */
export interface LdapEntry {
  dn: string;
  [attribute: string]: Buffer | Buffer[] | string[] | string;
}

type Value = string | Buffer;

function lookup(entry: LdapEntry, attribute: string): Value[] {
  const wanted = attribute.toLowerCase();
  for (const [key, value] of Object.entries(entry)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value : [value];
  }
  return [];
}

/** True when the entry carries at least one value of the attribute. */
export function has(entry: LdapEntry, attribute: string): boolean {
  return lookup(entry, attribute).length > 0;
}

/** Every value as text (binary values decoded as UTF-8). */
export function texts(entry: LdapEntry, attribute: string): string[] {
  return lookup(entry, attribute).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v));
}

/** The first value as text, or undefined when absent. */
export function text(entry: LdapEntry, attribute: string): string | undefined {
  return texts(entry, attribute)[0];
}

/** The first value as raw bytes (for objectGUID, objectSid), or undefined when absent or not binary. */
export function bytes(entry: LdapEntry, attribute: string): Buffer | undefined {
  const value = lookup(entry, attribute)[0];
  return Buffer.isBuffer(value) ? value : undefined;
}

/** The attribute names present on the entry with values, as the server spelled them (dn excluded). */
export function attributeNames(entry: LdapEntry): string[] {
  return Object.keys(entry).filter((k) => k !== 'dn' && lookup(entry, k).length > 0);
}
