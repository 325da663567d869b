import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  controlsByRule,
  defaultFrameworkDir,
  type Framework,
  FrameworkError,
  loadFrameworks,
} from '../../src/frameworks/catalog.ts';
import { ISO27001_2022_IDS, PCI_DSS_4_0_1_IDS, SOC2_2017_IDS } from './known-control-ids.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(REPO, 'test/fixtures/frameworks');

// The compiled bundle's catalog (extracted from the rules' METADATA) is the list of rules.
function catalogRuleIds(): string[] {
  const catalog = JSON.parse(readFileSync(join(REPO, 'dist/policies/catalog.json'), 'utf8')) as { id: string }[];
  return catalog.map((rule) => rule.id);
}

const ID_PATTERNS: Record<string, RegExp> = {
  soc2: /^(CC[1-9]\.[0-9]+|A1\.[1-3]|C1\.[12]|PI1\.[1-5]|P[1-8]\.[0-9]+)$/,
  iso27001: /^(5\.(?:[1-9]|[1-2][0-9]|3[0-7])|6\.[1-8]|7\.(?:[1-9]|1[0-4])|8\.(?:[1-9]|[1-2][0-9]|3[0-4]))$/,
  'pci-dss': /^(1[0-2]|[1-9])\.[0-9]+\.[0-9]+(\.[0-9]+){0,2}$/,
};

const KNOWN_IDS: Record<string, ReadonlySet<string>> = {
  soc2: SOC2_2017_IDS,
  iso27001: ISO27001_2022_IDS,
  'pci-dss': PCI_DSS_4_0_1_IDS,
};

// Rules deliberately mapped to no control, each with the reason (reviewed like a mapping).
function loadUnmapped(): Map<string, string> {
  const data = parse(readFileSync(join(REPO, 'rules/unmapped.yaml'), 'utf8')) as {
    rules: { rule: string; reason: string }[];
  };
  return new Map(data.rules.map((entry) => [entry.rule, entry.reason]));
}

function byId(frameworks: Framework[], id: string): Framework {
  const framework = frameworks.find((f) => f.id === id);
  if (!framework) throw new Error(`framework ${id} not loaded`);
  return framework;
}

describe('shipped framework mappings', () => {
  const frameworks = loadFrameworks([defaultFrameworkDir()]);

  it('loads the three frameworks from rules/frameworks', () => {
    expect(defaultFrameworkDir()).toBe(join(REPO, 'rules/frameworks'));
    expect(frameworks.map((f) => [f.id, f.version, relative(REPO, f.file)])).toEqual([
      ['iso27001', '2022', 'rules/frameworks/iso27001-2022.yaml'],
      ['pci-dss', '4.0.1', 'rules/frameworks/pci-dss-4.0.1.yaml'],
      ['soc2', '2017', 'rules/frameworks/soc2-2017.yaml'],
    ]);
    expect(loadFrameworks().map((f) => f.id)).toEqual(['iso27001', 'pci-dss', 'soc2']);
  });

  it.each(['soc2', 'iso27001', 'pci-dss'])(
    '%s: control ids are unique, well-formed and exist in the standard',
    (id) => {
      const framework = byId(frameworks, id);
      const ids = framework.controls.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const controlId of ids) {
        expect(controlId, `${id} ${controlId}`).toMatch(ID_PATTERNS[id] as RegExp);
        expect(KNOWN_IDS[id]?.has(controlId), `${id} ${controlId} is not a control of this version`).toBe(true);
      }
    },
  );

  it('maps only rules that exist in the policy bundle', () => {
    const known = new Set(catalogRuleIds());
    expect(known.size).toBeGreaterThan(0);
    expect(known.size).toBe(catalogRuleIds().length);
    const unknown = [...controlsByRule(frameworks).keys()].filter((rule) => !known.has(rule));
    expect(unknown).toEqual([]);
  });

  it('maps every rule of the bundle to a control, or lists it with a reason in rules/unmapped.yaml', () => {
    const mapped = controlsByRule(frameworks);
    const reviewed = loadUnmapped();
    const unmapped = catalogRuleIds().filter((rule) => (mapped.get(rule) ?? []).length === 0);
    expect(unmapped.sort()).toEqual([...reviewed.keys()].sort());
    for (const [rule, reason] of reviewed) expect(reason.trim(), rule).not.toBe('');
  });

  it.each([
    ['soc2', 61],
    ['iso27001', 93],
    ['pci-dss', PCI_DSS_4_0_1_IDS.size],
  ])('%s: the catalog is complete (%i controls, exactly the ids of the standard)', (id, count) => {
    const framework = byId(frameworks, id);
    expect(framework.controls).toHaveLength(count);
    expect(new Set(framework.controls.map((c) => c.id))).toEqual(KNOWN_IDS[id]);
  });

  it('gives every control a title and section, and rules exactly when it is not manual', () => {
    for (const framework of frameworks) {
      for (const control of framework.controls) {
        const where = `${framework.id} ${control.id}`;
        expect(control.title.trim(), where).not.toBe('');
        expect(control.section.trim(), where).not.toBe('');
        expect(control.rules.length === 0, `${where} is ${control.automation}`).toBe(control.automation === 'manual');
        for (const { rule, reason } of control.rules) {
          expect(rule.trim()).not.toBe('');
          expect(reason.trim(), `${where} ${rule}`).not.toBe('');
          expect(reason).not.toContain('\n');
        }
      }
    }
  });

  it('keeps SOC 2 counts per category as the 2017 criteria define them', () => {
    const soc2 = byId(frameworks, 'soc2').controls.map((c) => c.id);
    const count = (prefix: RegExp) => soc2.filter((id) => prefix.test(id)).length;
    expect([count(/^CC/), count(/^A1/), count(/^C1/), count(/^PI1/), count(/^P[1-8]\./)]).toEqual([33, 3, 2, 5, 18]);
  });

  it('keeps the PCI DSS password and logging requirements on the rules that check them', () => {
    const refs = controlsByRule(frameworks);
    const pci = (rule: string) => (refs.get(rule) ?? []).filter((r) => r.framework === 'pci-dss').map((r) => r.control);
    expect(pci('identity.password_min_length')).toEqual(['8.3.6']);
    expect(pci('identity.password_history')).toEqual(['8.3.7']);
    expect(pci('identity.password_max_age')).toEqual(['8.3.9']);
    expect(pci('identity.account_lockout')).toEqual(['8.3.4']);
    expect(pci('identity.inactive_accounts')).toEqual(['8.2.6']);
    expect(pci('identity.password_never_expires')).toEqual(['8.3.9']);
    expect(pci('identity.password_not_required')).toEqual(['8.3.1']);
    expect(pci('identity.reversible_password_encryption')).toEqual(['8.3.2']);
    expect(pci('identity.kerberoastable_accounts')).toEqual(['7.2.5', '8.6.3']);
    expect(pci('identity.krbtgt_password_age')).toEqual(['8.6.3']);
    expect(pci('logging.retention_one_year')).toEqual(['10.5.1']);
    expect(pci('secrets.no_hardcoded_secrets')).toEqual(['8.3.2', '8.6.2']);
    // Transparent storage encryption cannot by itself meet 3.5.1 (see 3.5.1.2): deliberately unmapped.
    expect(pci('compute.disk_encryption')).toEqual([]);
  });

  // Issue 13, "No overstated pass": the corrections an auditor asked for, each pinned.
  describe('mapping corrections', () => {
    const control = (framework: string, id: string) => {
      const found = byId(frameworks, framework).controls.find((c) => c.id === id);
      if (!found) throw new Error(`${framework} ${id}`);
      return found;
    };
    const mapping = (framework: string, id: string, rule: string) =>
      control(framework, id).rules.find((r) => r.rule === rule);
    const typeOf = (framework: string, id: string, rule: string) =>
      mapping(framework, id, rule) ? (mapping(framework, id, rule)?.type ?? 'evidence') : 'unmapped';

    it('asks PCI 10.2.1.x that the trail records every region, not only that it is on', () => {
      for (const id of ['10.2.1', '10.2.1.2', '10.2.1.4', '10.2.1.5', '10.2.1.6', '10.2.1.7']) {
        expect(typeOf('pci-dss', id, 'logging.trail_enabled'), id).toBe('evidence');
        expect(typeOf('pci-dss', id, 'logging.trail_multi_region'), id).toBe('evidence');
      }
    });

    it('says in PCI 10.5.1 which retention it does not check', () => {
      expect(control('pci-dss', '10.5.1').notChecked).toMatch(/trails whose bucket was not read/);
      expect(mapping('pci-dss', '10.5.1', 'logging.retention_one_year')?.reason).toMatch(
        /lifecycle rules of the bucket/,
      );
    });

    it('marks PCI 8.3.7 partial: one account policy cannot show it for every system', () => {
      expect(control('pci-dss', '8.3.7').automation).toBe('partial');
    });

    it('lets container resource limits at most support capacity controls', () => {
      expect(typeOf('iso27001', '8.6', 'k8s.resource_limits')).toBe('supporting');
      expect(typeOf('soc2', 'A1.1', 'k8s.resource_limits')).toBe('supporting');
    });

    it('maps SOC 2 CC7.1 to the configuration rules ISO 8.9 uses', () => {
      const iso89 = control('iso27001', '8.9').rules.map((r) => r.rule);
      const cc71 = control('soc2', 'CC7.1').rules.map((r) => r.rule);
      expect(control('soc2', 'CC7.1').automation).toBe('partial');
      for (const rule of iso89) expect(cc71, rule).toContain(rule);
      for (const rule of control('pci-dss', '2.2.1').rules.map((r) => r.rule)) expect(cc71, rule).toContain(rule);
    });

    it('puts root access keys under PCI 8.2.2 (shared accounts)', () => {
      expect(typeOf('pci-dss', '8.2.2', 'identity.root_no_access_keys')).toBe('evidence');
    });

    it('checks the letters-and-digits half of PCI 8.3.6', () => {
      expect(typeOf('pci-dss', '8.3.6', 'identity.password_letters_and_digits')).toBe('evidence');
      expect(mapping('pci-dss', '8.3.6', 'identity.password_min_length')?.reason).not.toMatch(/not checked/);
    });

    it('maps the audit-trail bucket rule to PCI 10.3.2 and 10.3.3', () => {
      expect(typeOf('pci-dss', '10.3.2', 'logging.trail_bucket_protected')).toBe('evidence');
      expect(typeOf('pci-dss', '10.3.3', 'logging.trail_bucket_protected')).toBe('evidence');
      expect(typeOf('iso27001', '8.15', 'logging.trail_bucket_protected')).toBe('evidence');
    });

    it('lets rules that can only disprove a requirement support it, never prove it', () => {
      expect(typeOf('pci-dss', '1.2.5', 'network.unrestricted_ingress')).toBe('supporting');
      expect(typeOf('pci-dss', '1.2.5', 'network.firewall_any_any_permit')).toBe('supporting');
      // The same rule still evidences the controls whose ask it checks in full.
      expect(typeOf('pci-dss', '1.3.1', 'network.unrestricted_ingress')).toBe('evidence');
    });

    it('says why in the reason of every supporting mapping', () => {
      for (const framework of frameworks) {
        for (const c of framework.controls) {
          for (const r of c.rules.filter((m) => m.type === 'supporting')) {
            expect(r.reason, `${framework.id} ${c.id} ${r.rule}`).toMatch(/Supporting only; /);
          }
        }
      }
    });
  });
});

describe('controlsByRule', () => {
  it('lists every framework control a rule evidences, in file order', () => {
    const frameworks: Framework[] = [
      {
        id: 'a',
        name: 'A',
        version: '1',
        file: 'a.yaml',
        controls: [
          { id: 'A-1', title: 't', section: 's', automation: 'partial', rules: [{ rule: 'x.one', reason: 'r' }] },
          {
            id: 'A-2',
            title: 't',
            section: 's',
            automation: 'automated',
            rules: [
              { rule: 'x.one', reason: 'r' },
              { rule: 'x.two', reason: 'r' },
            ],
          },
        ],
      },
      {
        id: 'b',
        name: 'B',
        version: '1',
        file: 'b.yaml',
        controls: [{ id: 'B-1', title: 't', section: 's', automation: 'manual', rules: [] }],
      },
    ];
    const refs = controlsByRule(frameworks);
    expect(refs.get('x.one')).toEqual([
      { framework: 'a', control: 'A-1' },
      { framework: 'a', control: 'A-2' },
    ]);
    expect(refs.get('x.two')).toEqual([{ framework: 'a', control: 'A-2' }]);
    expect(refs.size).toBe(2);
  });
});

describe('malformed framework files', () => {
  // Messages name the file as seen from the working directory, as editors and CI annotations expect.
  const at = (dir: string, file: string) => relative(process.cwd(), join(FIXTURES, dir, file));

  function errorOf(dir: string): FrameworkError {
    try {
      loadFrameworks([join(FIXTURES, dir)]);
    } catch (error) {
      expect(error).toBeInstanceOf(FrameworkError);
      return error as FrameworkError;
    }
    throw new Error(`${dir} loaded without error`);
  }

  it('reports a YAML syntax error with its line', () => {
    const error = errorOf('bad-yaml');
    expect(error.message).toBe(`${at('bad-yaml', 'broken.yaml')}:6: invalid YAML: Missing closing "quote`);
    expect(error.line).toBe(6);
  });

  it('reports a duplicate YAML key with its line', () => {
    expect(errorOf('duplicate-key').message).toBe(
      `${at('duplicate-key', 'soc2.yaml')}:9: invalid YAML: Map keys must be unique`,
    );
  });

  it('reports an unknown automation value at the line of the key', () => {
    const error = errorOf('bad-automation');
    expect(error.message).toBe(
      `${at('bad-automation', 'pci.yaml')}:15: /controls/1/automation must be one of automated, partial, manual (schema #/properties/automation/enum)`,
    );
    expect(error.line).toBe(15);
    expect(error.file).toBe(join(FIXTURES, 'bad-automation', 'pci.yaml'));
  });

  it('reports a mapping without a reason at the line of that mapping', () => {
    expect(errorOf('missing-reason').message).toBe(
      `${at('missing-reason', 'soc2.yaml')}:12: /controls/0/rules/1 must have required property 'reason' (schema #/$defs/ruleMapping/required)`,
    );
  });

  it('rejects a manual control that names rules, at the rules key', () => {
    expect(errorOf('manual-with-rules').message).toBe(
      `${at('manual-with-rules', 'soc2.yaml')}:9: /controls/0/rules must NOT have more than 0 items (schema #/allOf/0/then/properties/rules/maxItems)`,
    );
  });

  it('rejects a partial control with no rule, at the rules key', () => {
    expect(errorOf('partial-without-rules').message).toBe(
      `${at('partial-without-rules', 'soc2.yaml')}:9: /controls/0/rules must NOT have fewer than 1 items (schema #/allOf/0/else/properties/rules/minItems)`,
    );
  });

  it('reports a property the schema does not know at its own line', () => {
    expect(errorOf('unknown-property').message).toBe(
      `${at('unknown-property', 'pci.yaml')}:12: /controls/0/rules/0/severity is not an allowed property (schema #/$defs/ruleMapping/additionalProperties)`,
    );
  });

  it('rejects a control id that is not of the framework version', () => {
    const error = errorOf('bad-control-id');
    expect(error.message.startsWith(`${at('bad-control-id', 'iso.yaml')}:10: /controls/1/id must match pattern `)).toBe(
      true,
    );
    expect(error.message.endsWith('(schema #/$defs/iso27001ControlId/pattern)')).toBe(true);
  });

  it('reports a duplicate control id at its second occurrence', () => {
    expect(errorOf('duplicate-control').message).toBe(
      `${at('duplicate-control', 'iso.yaml')}:15: duplicate control id '8.24' in framework 'iso27001'`,
    );
  });

  it('reports a framework id defined by two files', () => {
    expect(errorOf('duplicate-framework').message).toBe(
      `${at('duplicate-framework', 'b.yml')}:3: framework id 'internal' is already defined in ${at('duplicate-framework', 'a.yaml')}`,
    );
  });

  it('rejects a mapping type other than evidence or supporting, at its line', () => {
    expect(errorOf('bad-mapping-type').message).toBe(
      `${at('bad-mapping-type', 'internal.yaml')}:12: /controls/0/rules/0/type must be one of evidence, supporting (schema #/$defs/ruleMapping/properties/type/enum)`,
    );
  });

  it('reads supporting mappings and what a control does not check', () => {
    const [framework] = loadFrameworks([join(FIXTURES, 'supporting')]);
    expect(framework?.controls[0]).toMatchObject({
      rules: [{ rule: 'network.unrestricted_ingress', type: 'supporting' }],
      notChecked: 'that the approved reasons are documented.',
    });
  });

  it('reports a folder that does not exist', () => {
    expect(errorOf('no-such-folder').message).toMatch(/no-such-folder: cannot read framework folder \(ENOENT/);
  });

  it('accepts controls no rule evidences yet, and frameworks beyond the three shipped ones', () => {
    const [framework] = loadFrameworks([join(FIXTURES, 'empty-rules')]);
    expect(framework).toMatchObject({ id: 'internal', name: 'Internal baseline', version: '1' });
    expect(framework?.publisher).toBeUndefined();
    expect(framework?.controls).toEqual([
      {
        id: 'IB-1',
        title: 'Security awareness training happens yearly',
        section: 'People',
        automation: 'manual',
        rules: [],
      },
    ]);
  });
});
