// Reading the values a rule decides on out of a resource's props, arrays included.
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/model/resource.ts';
import { decidedValues, unknownDecided } from '../../src/pipeline/decided-values.ts';

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

describe('decidedValues: the order of its members', () => {
  // The definition before its members were added one by one (spreads of optional members).
  function reference(resource: Resource, paths: string[]) {
    const { values } = decidedValues(resource, paths);
    const plain = (p: string) => p.replace(/\[\]/g, '');
    const defaulted = resource.defaulted ? paths.filter((p) => resource.defaulted?.includes(plain(p))) : [];
    const unknown = unknownDecided(resource, paths);
    return {
      uid: resource.uid,
      values,
      ...(defaulted.length > 0 ? { defaulted } : {}),
      ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
    };
  }

  it('writes the same JSON as the definition with and without defaulted and unknown paths', () => {
    const unknownToo = { ...firewall, unknown: ['rules[].sources'], unknownReasons: {} } as unknown as Resource;
    const plain = { ...firewall, defaulted: undefined } as unknown as Resource;
    const paths = ['rules[].direction', 'rules[].sources', 'name'];
    const seen = new Set<string>();
    for (const resource of [firewall, unknownToo, plain]) {
      for (const p of [paths, ['name'], ['rules[].sources']]) {
        const json = JSON.stringify(decidedValues(resource, p));
        expect(json).toBe(JSON.stringify(reference(resource, p)));
        seen.add(Object.keys(JSON.parse(json)).join(','));
      }
    }
    // every shape was met: with defaulted, with unknown, with both, with neither
    expect([...seen].sort()).toEqual([
      'uid,values',
      'uid,values,defaulted',
      'uid,values,defaulted,unknown',
      'uid,values,unknown',
    ]);
  });
});
