// The redactor every face passes a collection's output through.
import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../src/kit/redaction.ts';

describe('Redactor', () => {
  it('replaces every registered secret, longest first, and leaves other text alone', () => {
    const redactor = new Redactor();
    expect(redactor.redact('nothing registered')).toBe('nothing registered');
    redactor.add('s3cret');
    redactor.add('s3cret-and-more');
    redactor.add('ab'); // too short to redact without mangling ordinary text
    redactor.add(undefined);
    expect(redactor.redact('a s3cret-and-more and s3cret, ab')).toBe(`a ${REDACTED} and ${REDACTED}, ab`);
  });

  it('also replaces a secret as JSON and URLs encode it', () => {
    const redactor = new Redactor();
    redactor.add('pa"ss w/rd');
    expect(redactor.redact(JSON.stringify({ p: 'pa"ss w/rd' }))).toBe('{"p":"***"}');
    expect(redactor.redact(`ldaps://u:${encodeURIComponent('pa"ss w/rd')}@dc`)).toBe('ldaps://u:***@dc');
  });

  it('collects the password of a URL, and ignores values that are not URLs with one', () => {
    const redactor = new Redactor();
    redactor.addUrlCredentials('not a url');
    redactor.addUrlCredentials('ldaps://dc01.example.com');
    redactor.addUrlCredentials('https://user@example.com');
    expect(redactor.redact('user ldaps://dc01.example.com')).toBe('user ldaps://dc01.example.com');
    redactor.addUrlCredentials('postgres://app:p%40ss-word@db:5432/app');
    expect(redactor.redact('postgres://app:p%40ss-word@db failed; password p@ss-word')).toBe(
      'postgres://app:***@db failed; password ***',
    );
  });
});

describe('Redactor: what it redacts without being told', () => {
  it('redacts the password of any scheme://user:password@ URL in any text, keeping the rest', () => {
    const redactor = new Redactor();
    expect(redactor.redact('module comes from git::https://oauth2:Ki9Cnfqe4y7f@github.com/acme/net.git?ref=v1')).toBe(
      'module comes from git::https://oauth2:***@github.com/acme/net.git?ref=v1',
    );
    expect(redactor.redact('[Full report](https://reporter:pw%40x@reports.example.com/run/1)')).toBe(
      '[Full report](https://reporter:***@reports.example.com/run/1)',
    );
    // No password, no credential: a user name alone, an e-mail address, a port.
    for (const text of ['https://git@github.com/x', 'mailto:ops@example.com', 'https://host:8443/path', 'a:b@c'])
      expect(redactor.redact(text)).toBe(text);
  });

  it('replaces a detected value everywhere only when it cannot be ordinary text', () => {
    const redactor = new Redactor();
    for (const weak of ['postgres', 'changeme', 'admin', 'Secret', 'pass word 1']) redactor.addDetected(weak);
    expect(redactor.redact('engine postgres, user admin, changeme')).toBe('engine postgres, user admin, changeme');
    redactor.addDetected('Hy6tRe3WqZ9p');
    redactor.addDetected('s3cret-value');
    expect(redactor.redact('Password=Hy6tRe3WqZ9p and s3cret-value')).toBe('Password=*** and ***');
  });

  it('redacts every string of a structure, keys included, and keeps numbers, booleans and dates', () => {
    const redactor = new Redactor();
    redactor.add('Tk9Lp3Qw7Zx');
    const at = new Date('2026-01-02T03:04:05.000Z');
    const value = {
      name: 'x-Tk9Lp3Qw7Zx',
      tags: { Tk9Lp3Qw7Zx: 'key' },
      list: [1, true, null, 'https://u:pw@h/'],
      at,
    };
    expect(redactor.redactDeep(value)).toEqual({
      name: 'x-***',
      tags: { '***': 'key' },
      list: [1, true, null, 'https://u:***@h/'],
      at: '2026-01-02T03:04:05.000Z',
    });
    expect(value.name).toBe('x-Tk9Lp3Qw7Zx');
  });
});

describe('Redactor.redactDeep on shared and repeated data', () => {
  it('redacts an object met many times as it redacts separate copies of it', () => {
    const redactor = new Redactor();
    redactor.add('Tk9Lp3Qw7Zx');
    const shared = [
      { framework: 'iso', control: 'Tk9Lp3Qw7Zx-1' },
      { framework: 'soc2', control: 'CC6.1' },
    ];
    const clean = [{ framework: 'pci', control: '1.3.1' }];
    const value = {
      findings: Array.from({ length: 5 }, (_, i) => ({ id: i, controls: shared, other: clean })),
      again: shared,
    };
    const copies = structuredClone(value); // the same data, nothing shared
    const out = redactor.redactDeep(value);
    expect(out).toEqual(redactor.redactDeep(copies));
    expect(JSON.stringify(out)).not.toContain('Tk9Lp3Qw7Zx');
    expect(out.findings[0]!.controls[0]!.control).toBe('***-1');
    expect(out.findings[3]!.other).toBe(clean); // nothing to redact: not copied
    expect(value.findings[0]!.controls[0]!.control).toBe('Tk9Lp3Qw7Zx-1');
  });

  it('redacts a key found clean before once it becomes a secret', () => {
    const redactor = new Redactor();
    redactor.add('unrelated-secret'); // keys are then remembered clean
    const value = { 'Hy6tRe3WqZ9p-key': 1, list: [{ 'Hy6tRe3WqZ9p-key': 2 }] };
    expect(redactor.redactDeep(value)).toBe(value);
    redactor.add('Hy6tRe3WqZ9p');
    expect(redactor.redactDeep(value)).toEqual({ '***-key': 1, list: [{ '***-key': 2 }] });
  });

  it('copies own members only, in their order, whatever the prototype (members are walked by for-in)', () => {
    const redactor = new Redactor();
    redactor.add('Tk9Lp3Qw7Zx');
    // Integer keys come first in an object's own order; the copy must keep the order Object.keys gives.
    const plain = { b: 'Tk9Lp3Qw7Zx', 2: 'two', a: 'x', 1: 'one' };
    const out = redactor.redactDeep(plain);
    expect(Object.keys(out)).toEqual(Object.keys(plain));
    expect(out).toEqual({ 1: 'one', 2: 'two', b: '***', a: 'x' });
    // An object whose prototype has enumerable members: those stay out of the walk and of the copy.
    const inherited = Object.assign(Object.create({ shown: 'Tk9Lp3Qw7Zx', other: 'y' }), { own: 'Tk9Lp3Qw7Zx' });
    const copy = redactor.redactDeep(inherited);
    expect(Object.keys(copy)).toEqual(['own']);
    expect(copy.own).toBe('***');
    const quiet = Object.create({ shown: 'Tk9Lp3Qw7Zx' });
    quiet.own = 'clean';
    expect(redactor.redactDeep(quiet)).toBe(quiet); // only an inherited member to redact: nothing changes
    const bare = Object.assign(Object.create(null), { z: 'https://u:pw@h/', y: 1 });
    expect(redactor.redactDeep(bare)).toEqual({ z: 'https://u:***@h/', y: 1 });
  });

  it('says whether every replacement stays within a line', () => {
    const redactor = new Redactor();
    expect(redactor.redactsWithinLines()).toBe(true);
    redactor.add('one-secret');
    expect(redactor.redactsWithinLines()).toBe(true);
    redactor.add('two\nlines');
    expect(redactor.redactsWithinLines()).toBe(false);
  });
});
