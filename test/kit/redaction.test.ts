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
