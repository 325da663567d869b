// The Junos, PAN-OS set and FortiOS readers on damaged input: each fixture cut short at many
// points and with punctuation the formats give meaning to (`{ } ; [ ] "` and line breaks)
// inserted at seeded random places. Whatever the damage, a reader returns (never throws), and
// every gap and rule it reports names a line that exists in the input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceRulebase } from '../../src/model/kinds.ts';
import type { Gap } from '../../src/model/resource.ts';
import { parseFortiosConfig } from '../../src/providers/fortinet/config.ts';
import { parseJunosConfig } from '../../src/providers/juniper/config.ts';
import { parsePanosSet } from '../../src/providers/paloalto/set-format.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');
type Reader = (text: string, file: string) => { rulebases: DeviceRulebase[]; gaps: Gap[] };

const cases: [string, Reader][] = [
  ['firewall/junos-srx.conf', parseJunosConfig],
  ['firewall/junos-set.conf', parseJunosConfig],
  ['third-party/firewall/srx-testbed-junos-srx-1.cfg', parseJunosConfig],
  ['firewall/panos-set.conf', parsePanosSet],
  ['third-party/firewall/testconfig-rulebase.cfg', parsePanosSet],
  ['firewall/fortios-vdoms.conf', parseFortiosConfig],
  ['third-party/firewall/testconfig-fortios-firewall_policy.conf', parseFortiosConfig],
];

/** A small seeded generator, so a failing variant can be reproduced. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function variants(text: string): string[] {
  const out: string[] = [];
  for (let cut = 0; cut < text.length; cut += Math.max(1, Math.floor(text.length / 60))) out.push(text.slice(0, cut));
  const next = random(14);
  for (let i = 0; i < 60; i++) {
    let t = text;
    for (let k = 0; k < 3; k++) {
      const at = Math.floor(next() * t.length);
      const insert = ['{', '}', ';', '[', ']', '"', '\n', 'inactive: ', 'edit ', 'end\n'][Math.floor(next() * 10)]!;
      t = t.slice(0, at) + insert + t.slice(at);
    }
    out.push(t);
  }
  return out;
}

describe('firewall readers on damaged input', () => {
  it.each(cases)('%s: returns, and every line it names exists', (name, reader) => {
    const text = readFileSync(path.join(fixtures, name), 'utf8');
    for (const variant of variants(text)) {
      const last = variant.split('\n').length;
      const result = reader(variant, name);
      const lines = [
        ...result.gaps.map((g) => g.line ?? 1),
        ...result.rulebases.flatMap((r) => [r.line, ...r.rules.map((x) => x.line ?? 1)]),
      ];
      const outside = lines.filter((l) => !Number.isInteger(l) || l < 1 || l > last);
      expect(outside, `variant of ${variant.length} characters`).toEqual([]);
    }
  });
});
