// Reading the values a rule decides on out of a resource's props, arrays included.
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/model/resource.ts';
import { decidedValues } from '../../src/pipeline/decided-values.ts';

const firewall = {
  uid: 'fw',
  kind: 'network.firewall',
  provider: 'aws',
  nativeType: 'aws_security_group',
  name: 'web',
  location: {},
  sourceId: 's',
  props: {
    rules: [
      { direction: 'ingress', ports: [{ from: 22, to: 22 }], sources: ['0.0.0.0/0'] },
      { direction: 'egress', sources: [] },
      { direction: 'ingress' },
    ],
  },
  defaulted: ['rules.direction'],
} as unknown as Resource;

describe('decidedValues', () => {
  it('collects array elements with [] and leaves out what the source does not state', () => {
    expect(decidedValues(firewall, ['rules[].direction', 'rules[].sources', 'rules[].action', 'name'])).toEqual({
      uid: 'fw',
      values: {
        'rules[].direction': ['ingress', 'egress', 'ingress'],
        'rules[].sources': [['0.0.0.0/0'], []],
      },
      defaulted: ['rules[].direction'],
    });
  });

  it('does not step into a scalar or treat an object as an array', () => {
    expect(decidedValues(firewall, ['rules.direction', 'rules[].direction.x', 'rules[].ports[].from'])).toEqual({
      uid: 'fw',
      values: { 'rules[].ports[].from': [[22]] },
      defaulted: ['rules.direction'],
    });
  });
});
