// AD returns at most MaxValRange values (1,500 by default) of a multi-valued attribute at a time,
// under a name such as "member;range=0-1499"; the rest must be asked for slice by slice. Without
// this, a large group would silently look smaller than it is.
import type { LdapEntry } from './entry.ts';
import type { SearchFailure } from './errors.ts';
import type { Directory, SearchSpec } from './ldap.ts';
import { valueRange } from './queries.ts';

const RANGE = /^(.+);range=(\d+)-(\d+|\*)$/i;

interface Slice {
  key: string;
  start: number;
  end: number | '*';
  values: string[];
}

function rangedSlice(entry: LdapEntry, attribute: string): Slice | undefined {
  for (const [key, value] of Object.entries(entry)) {
    const match = RANGE.exec(key);
    if (!match || match[1]!.toLowerCase() !== attribute.toLowerCase()) continue;
    const values = (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v));
    return { key, start: Number(match[2]), end: match[3] === '*' ? '*' : Number(match[3]), values };
  }
  return undefined;
}

/**
 * Replaces a ranged attribute on the entry with all of its values, fetching the remaining slices.
 * Returns the failure when a slice could not be read (the entry then holds the values read so far).
 */
export async function completeRangedAttribute(
  directory: Directory,
  entry: LdapEntry,
  attribute: string,
  onSearch: (spec: SearchSpec) => void,
): Promise<SearchFailure | undefined> {
  let slice = rangedSlice(entry, attribute);
  if (!slice) return undefined;
  const values = [...slice.values];
  delete entry[slice.key];
  let failure: SearchFailure | undefined;
  while (slice && slice.end !== '*') {
    const from = slice.end + 1;
    const spec = valueRange(entry.dn, attribute, from);
    onSearch(spec);
    const outcome = await directory.search(spec);
    const next = outcome.entries[0];
    slice = next ? rangedSlice(next, attribute) : undefined;
    // A slice that does not start where asked, or ends before it, would repeat values or ask
    // for the same range forever.
    const advances = slice !== undefined && slice.start === from && (slice.end === '*' || slice.end >= from);
    if (outcome.failure || !slice || !advances) {
      failure = outcome.failure ?? {
        reason: 'other',
        message: slice
          ? `the server answered the range ${from}-* of ${attribute} with ${slice.key} after ${values.length} values`
          : `the server returned no further range of ${attribute} after ${values.length} values`,
      };
      break;
    }
    for (const item of slice.values) values.push(item);
  }
  entry[attribute] = values;
  return failure;
}
