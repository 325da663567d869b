// Which reader a configuration goes to, told from content alone: each format's own opening, the
// set formats of PAN-OS and Junos apart (both write `set` lines), and formats still not read.
import { describe, expect, it } from 'vitest';
import { detectVendor } from '../../../src/collectors/firewall/detect.ts';

describe('detectVendor', () => {
  it.each([
    ['set security policies from-zone a to-zone b policy p then permit\n', 'junos'],
    ['set firewall family inet filter F term t then accept\n', 'junos'],
    ['deactivate security policies\nset system host-name x\n', 'junos'],
    ['## Last commit: 2026\nversion 21.4R3;\nsystem {\n    host-name a;\n}\n', 'junos'],
    ['security {\n  policies {\n  }\n}\n', 'junos'],
    ['set deviceconfig system hostname fw\nset rulebase security rules a action allow\n', 'panos-set'],
    ['set device-group DG1 pre-rulebase security rules a action allow\n', 'panos-set'],
    ['set vsys vsys1 rulebase security rules a action allow\nset zone z network layer3 e1\n', 'panos-set'],
    ['#config-version=FGT60F\nconfig system global\n    set hostname "f"\nend\n', 'fortios'],
    ['config firewall policy\n    edit 1\n    next\nend\n', 'fortios'],
  ])('%j is %s', (text, vendor) => {
    expect(detectVendor(text).vendor).toBe(vendor);
  });

  it('PAN-OS in the brace format is recognized but not read', () => {
    expect(detectVendor('deviceconfig {\n  system {\n  }\n}\n')).toEqual({
      known: true,
      reason: 'PAN-OS brace format configuration: not supported yet, no rules were read',
    });
  });

  it('anything else is not a firewall configuration', () => {
    expect(detectVendor('set x 1\nconfig\n')).toMatchObject({ known: false });
  });
});
