import { describe, expect, it } from 'vitest';
import { publicNetworkAccess, tlsVersion } from '../../../src/providers/azure/settings.ts';

describe('tlsVersion', () => {
  it.each([
    ['TLS1_2', '1.2'],
    ['TLSv1.3', '1.3'],
    ['1.0', '1.0'],
    ['tls1_1', '1.1'],
    ['Disabled', '1.0'],
  ])('%s -> %s', (text, version) => {
    expect(tlsVersion(text)).toBe(version);
  });

  it('knows nothing of other values', () => {
    expect(tlsVersion('None')).toBeUndefined();
    expect(tlsVersion(1.2)).toBeUndefined();
  });
});

describe('publicNetworkAccess', () => {
  it('Enabled and Disabled in any case; anything else is not known', () => {
    expect(publicNetworkAccess('Enabled')).toBe(true);
    expect(publicNetworkAccess('disabled')).toBe(false);
    expect(publicNetworkAccess('SecuredByPerimeter')).toBeUndefined();
    expect(publicNetworkAccess(undefined)).toBeUndefined();
  });
});
