// AD value formats: FILETIME, GeneralizedTime, negative intervals, userAccountControl, GUID and SID bytes.
import { describe, expect, it } from 'vitest';
import { directGroupsOf, expandGroups, privilegedGroupName } from '../../../src/collectors/ad/groups.ts';
import { dnsNameFromDn, guidToString, normalizeDn, ridOf, sidToString } from '../../../src/collectors/ad/ids.ts';
import { fileTimeToIso, generalizedTimeToIso, intervalTo, wholeDaysSince } from '../../../src/collectors/ad/time.ts';
import { parseUac } from '../../../src/collectors/ad/uac.ts';

describe('FILETIME', () => {
  it('converts 100-ns ticks since 1601 to ISO UTC, beyond 2^53', () => {
    // (1705307400 s since 1970 + 11644473600 s from 1601 to 1970) × 10^7
    expect(fileTimeToIso('133497810000000000')).toEqual({ ok: true, value: '2024-01-15T08:30:00.000Z' });
    expect(fileTimeToIso('116444736000000000')).toEqual({ ok: true, value: '1970-01-01T00:00:00.000Z' });
  });
  it('reads 0 and 0x7FFFFFFFFFFFFFFF as "not set / never"', () => {
    expect(fileTimeToIso('0')).toEqual({ ok: true, value: null });
    expect(fileTimeToIso('9223372036854775807')).toEqual({ ok: true, value: null });
  });
  it('refuses text, negatives and empty values', () => {
    for (const bad of ['', 'abc', '-1', '1.5e17', '13349788200000000x']) expect(fileTimeToIso(bad).ok).toBe(false);
  });
});

describe('GeneralizedTime', () => {
  it('reads AD whenCreated with a fraction and Z', () => {
    expect(generalizedTimeToIso('20240115083000.0Z')).toEqual({ ok: true, value: '2024-01-15T08:30:00.000Z' });
    expect(generalizedTimeToIso('20240229235959.123Z')).toEqual({ ok: true, value: '2024-02-29T23:59:59.123Z' });
  });
  it('applies offsets and fractions of minutes', () => {
    expect(generalizedTimeToIso('20240115083000+0100')).toEqual({ ok: true, value: '2024-01-15T07:30:00.000Z' });
    expect(generalizedTimeToIso('202401150830.5Z')).toEqual({ ok: true, value: '2024-01-15T08:30:30.000Z' });
    expect(generalizedTimeToIso('2024011508Z')).toEqual({ ok: true, value: '2024-01-15T08:00:00.000Z' });
  });
  it('refuses values without a zone, out-of-range fields and garbage', () => {
    for (const bad of [
      '20240115083000',
      '20241315083000Z',
      '20240115253000Z',
      'yesterday',
      '',
      '2024-01-15T08:30:00Z',
    ]) {
      expect(generalizedTimeToIso(bad).ok, bad).toBe(false);
    }
  });
});

describe('policy intervals (negative ticks)', () => {
  it('converts 42 days and 30 minutes', () => {
    expect(intervalTo('-36288000000000', 'days', 'up')).toEqual({ ok: true, value: 42 });
    expect(intervalTo('-18000000000', 'minutes', 'down')).toEqual({ ok: true, value: 30 });
  });
  it('rounds a fraction the way a threshold needs', () => {
    // 90 days and one second
    const ticks = `-${90n * 864_000_000_000n + 10_000_000n}`;
    expect(intervalTo(ticks, 'days', 'up')).toEqual({ ok: true, value: 91 });
    expect(intervalTo(ticks, 'days', 'down')).toEqual({ ok: true, value: 90 });
  });
  it('reads 0 and 0x8000000000000000 as never / forever', () => {
    expect(intervalTo('0', 'days', 'up')).toEqual({ ok: true, value: null });
    expect(intervalTo('-9223372036854775808', 'minutes', 'down')).toEqual({ ok: true, value: null });
  });
  it('refuses positive values and text', () => {
    expect(intervalTo('36288000000000', 'days', 'up').ok).toBe(false);
    expect(intervalTo('forever', 'days', 'up').ok).toBe(false);
  });
});

describe('wholeDaysSince', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  it('counts whole days and never goes negative', () => {
    expect(wholeDaysSince('2025-05-01T00:00:01Z', now)).toBe(30);
    expect(wholeDaysSince('2025-05-01T00:00:00Z', now)).toBe(31);
    expect(wholeDaysSince('2025-06-03T00:00:00Z', now)).toBe(0);
  });
});

describe('userAccountControl', () => {
  it('reads the flags the rules decide on', () => {
    const flags = parseUac(String(0x200 | 0x2 | 0x20 | 0x80 | 0x10000 | 0x80000 | 0x400000))!;
    expect(flags).toMatchObject({
      enabled: false,
      passwordNotRequired: true,
      reversibleEncryption: true,
      passwordNeverExpires: true,
      trustedForDelegation: true,
      preAuthNotRequired: true,
      isDomainController: false,
    });
    expect(flags.names).toContain('DONT_REQ_PREAUTH');
    expect(parseUac('532480')).toMatchObject({ isDomainController: true, trustedForDelegation: true, enabled: true });
    expect(parseUac('512')).toMatchObject({ enabled: true, passwordNeverExpires: false, preAuthNotRequired: false });
  });
  it('accepts a value with bit 31 set written as a negative number', () => {
    expect(parseUac('-2147483136')).toMatchObject({ enabled: true });
  });
  it('refuses non-numbers and out-of-range values', () => {
    for (const bad of ['', 'normal', '0x200', '4294967296']) expect(parseUac(bad), bad).toBeUndefined();
  });
});

describe('objectGUID and objectSid', () => {
  it('formats a GUID with its first three groups little-endian', () => {
    expect(guidToString(Buffer.from('33221100554477668899aabbccddeeff', 'hex'))).toBe(
      '00112233-4455-6677-8899-aabbccddeeff',
    );
    expect(guidToString(Buffer.alloc(15))).toBeUndefined();
  });
  it('formats domain and built-in SIDs', () => {
    const sub = (...n: number[]) => Buffer.concat(n.map((v) => Buffer.from(new Uint32Array([v]).buffer)));
    const domainSid = Buffer.concat([Buffer.from([1, 5, 0, 0, 0, 0, 0, 5]), sub(21, 1111, 2222, 3333, 512)]);
    expect(sidToString(domainSid)).toBe('S-1-5-21-1111-2222-3333-512');
    expect(sidToString(Buffer.concat([Buffer.from([1, 2, 0, 0, 0, 0, 0, 5]), sub(32, 544)]))).toBe('S-1-5-32-544');
  });
  it('refuses truncated SIDs and wrong revisions', () => {
    expect(sidToString(Buffer.from([1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0]))).toBeUndefined();
    expect(sidToString(Buffer.from([2, 0, 0, 0, 0, 0, 0, 5]))).toBeUndefined();
    expect(sidToString(Buffer.alloc(3))).toBeUndefined();
  });
  it('takes RIDs, DNS names and normalised DNs', () => {
    expect(ridOf('S-1-5-21-1-2-3-519')).toBe(519);
    expect(dnsNameFromDn('DC=Corp,DC=Example,DC=com')).toBe('corp.example.com');
    expect(dnsNameFromDn('CN=Users')).toBeUndefined();
    expect(normalizeDn('CN=Smith\\, John, OU=Staff ,DC=corp')).toBe('cn=smith\\, john,ou=staff,dc=corp');
  });
});

describe('privileged groups by SID', () => {
  it('knows the well-known groups whatever they are called', () => {
    expect(privilegedGroupName('S-1-5-21-1-2-3-512')).toBe('Domain Admins');
    expect(privilegedGroupName('S-1-5-21-1-2-3-518')).toBe('Schema Admins');
    expect(privilegedGroupName('S-1-5-21-1-2-3-519')).toBe('Enterprise Admins');
    expect(privilegedGroupName('S-1-5-32-544')).toBe('Administrators');
    expect(privilegedGroupName('S-1-5-32-548')).toBe('Account Operators');
    expect(privilegedGroupName('S-1-5-32-549')).toBe('Server Operators');
    expect(privilegedGroupName('S-1-5-32-550')).toBe('Print Operators');
    expect(privilegedGroupName('S-1-5-32-551')).toBe('Backup Operators');
  });
  it('does not mistake other groups for privileged ones', () => {
    for (const sid of ['S-1-5-21-1-2-3-513', 'S-1-5-21-1-2-3-1512', 'S-1-5-32-545', 'S-1-5-21-1-2-512', undefined]) {
      expect(privilegedGroupName(sid), String(sid)).toBeUndefined();
    }
  });
});

describe('expandGroups', () => {
  const members = new Map([
    ['g:a', new Set(['g:b', 'u:1'])],
    ['g:b', new Set(['g:c', 'u:2'])],
    ['g:c', new Set(['g:a', 'u:3', 'sid:foreign'])],
    ['g:empty', new Set<string>()],
  ]);
  const isAccount = (uid: string) => uid.startsWith('u:');
  it('follows nesting through a cycle, once per group, counting accounts only', () => {
    const expanded = expandGroups(members, isAccount);
    expect(expanded.get('g:a')).toEqual({ accounts: ['u:1', 'u:2', 'u:3'], nestedGroups: ['g:b', 'g:c'] });
    expect(expanded.get('g:c')).toEqual({ accounts: ['u:1', 'u:2', 'u:3'], nestedGroups: ['g:a', 'g:b'] });
    expect(expanded.get('g:empty')).toEqual({ accounts: [], nestedGroups: [] });
  });
  it('lists each member’s direct groups', () => {
    expect(directGroupsOf(members).get('g:a')).toEqual(['g:c']);
    expect(directGroupsOf(members).get('u:3')).toEqual(['g:c']);
  });
});
