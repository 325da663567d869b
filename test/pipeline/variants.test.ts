// Variants (one per combination of a conditional's known branches) are evaluated with the real
// resources and folded back: a variant's failure is the resource's, saying when; variants never
// appear in scope on their own.
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/model/resource.ts';
import { expandVariants, foldVariants } from '../../src/pipeline/variants.ts';

const firewall: Resource = {
  uid: 'terraform:main.tf:aws_security_group.web',
  kind: 'network.firewall',
  provider: 'aws',
  nativeType: 'aws_security_group',
  name: 'web',
  location: { file: 'main.tf', line: 1 },
  props: { rules: [] },
  unknown: ['rules[].sources'],
  variants: [
    { when: 'var.public is true', props: { rules: [{ sources: ['0.0.0.0/0'] }] } },
    { when: 'var.public is false', props: { rules: [{ sources: ['10.0.0.0/8'] }] } },
  ],
  sourceId: 'iac',
};

describe('variants', () => {
  it('adds one stand-in per variant, without the variants and unknowns of its resource', () => {
    const { resources, variantOf } = expandVariants([firewall]);
    expect(resources.map((r) => r.uid)).toEqual([
      firewall.uid,
      `${firewall.uid}#variant-1`,
      `${firewall.uid}#variant-2`,
    ]);
    expect(resources[1]?.props).toEqual({ rules: [{ sources: ['0.0.0.0/0'] }] });
    expect(resources[1]?.variants).toBeUndefined();
    expect(resources[1]?.unknown).toBeUndefined();
    expect(variantOf.get(`${firewall.uid}#variant-2`)).toEqual({ uid: firewall.uid, when: 'var.public is false' });
  });

  it("moves a variant's failure to its resource with when, and drops one the resource already has", () => {
    const { variantOf } = expandVariants([firewall]);
    const [folded] = foldVariants(
      [
        {
          ruleId: 'network.open',
          inScope: [firewall.uid, `${firewall.uid}#variant-1`, `${firewall.uid}#variant-2`],
          passed: [`${firewall.uid}#variant-2`],
          failed: [
            { uid: firewall.uid, message: 'has no description' },
            { uid: `${firewall.uid}#variant-1`, message: 'allows 0.0.0.0/0' },
            { uid: `${firewall.uid}#variant-1`, message: 'has no description' },
          ],
        },
      ],
      variantOf,
    );
    expect(folded).toEqual({
      ruleId: 'network.open',
      inScope: [firewall.uid],
      passed: [],
      failed: [
        { uid: firewall.uid, message: 'has no description' },
        { uid: firewall.uid, message: 'when var.public is true: allows 0.0.0.0/0' },
      ],
    });
  });
});
