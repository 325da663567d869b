import { describe, expect, it } from 'vitest';
import { elbPolicyMinTls } from '../../../src/providers/aws/elb.ts';

describe('elbPolicyMinTls', () => {
  it('reads the lowest TLS version from the policy name', () => {
    expect(elbPolicyMinTls('ELBSecurityPolicy-2016-08')).toBe('1.0');
    expect(elbPolicyMinTls('ELBSecurityPolicy-TLS-1-0-2015-04')).toBe('1.0');
    expect(elbPolicyMinTls('ELBSecurityPolicy-TLS-1-1-2017-01')).toBe('1.1');
    expect(elbPolicyMinTls('ELBSecurityPolicy-FS-1-2-Res-2020-10')).toBe('1.2');
    expect(elbPolicyMinTls('ELBSecurityPolicy-TLS13-1-2-2021-06')).toBe('1.2');
    expect(elbPolicyMinTls('ELBSecurityPolicy-TLS13-1-3-2021-06')).toBe('1.3');
  });

  it('knows nothing of a custom policy', () => {
    expect(elbPolicyMinTls('my-custom-policy')).toBeUndefined();
  });
});
