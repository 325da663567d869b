// A Junos configuration (set or brace form) as network.firewall rulebases: SRX security policies
// (./security-policies.ts) and stateless firewall filters (./firewall-filters.ts), for the main
// system and each logical system or tenant. Configuration groups are applied where
// `apply-groups` names them (a group's statements mirror the hierarchy, so those under the
// applying level are inherited); a group with wildcards (`<*>`) or `apply-groups-except` is a gap.
// The services the device itself runs are a management-access rulebase (./management.ts). NAT,
// screens and routing are not read. A line the reader cannot
// parse is a gap at its line; the rest of the file is read.
import { managementAccessRulebase } from '../../kit/management-access.ts';
import type { DeviceRulebase } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';
import { readFirewallFilters } from './firewall-filters.ts';
import { junosManagementAccess } from './management.ts';
import { JunosObjects } from './objects.ts';
import { readSecurityPolicies } from './security-policies.ts';
import { type JunosStatement, parseJunos } from './statements.ts';

const gapAt = (file: string, line: number, reason: Gap['reason'], message: string): Gap => ({
  reason,
  file,
  line,
  message,
  kinds: ['network.firewall'],
});

/** Inherits the statements of each applied group under the level that applies it. */
function applyGroups(statements: JunosStatement[], file: string, gaps: Gap[]): JunosStatement[] {
  const groups = new Map<string, JunosStatement[]>();
  const own: JunosStatement[] = [];
  for (const s of statements) {
    if (s.words[0] === 'groups' && s.words[1]) {
      const body = groups.get(s.words[1]) ?? [];
      const inactiveAt = s.inactiveAt === undefined ? undefined : Math.max(1, s.inactiveAt - 2);
      body.push({
        words: s.words.slice(2),
        line: s.line,
        wordLines: s.wordLines.slice(2),
        ...(inactiveAt !== undefined ? { inactiveAt } : {}),
      });
      groups.set(s.words[1], body);
    } else own.push(s);
  }
  const inherited: JunosStatement[] = [];
  for (const s of own) {
    const at = s.words.findIndex((w) => w === 'apply-groups' || w === 'apply-groups-except');
    if (at < 0 || s.inactiveAt !== undefined) continue;
    const name = s.words[at + 1] ?? '';
    if (s.words[at] === 'apply-groups-except') {
      gaps.push(gapAt(file, s.line, 'other', `apply-groups-except ${name} is not modelled; groups may apply below it`));
      continue;
    }
    const body = groups.get(name);
    if (!body) {
      gaps.push(
        gapAt(file, s.line, 'unresolved-reference', `apply-groups names group "${name}", which is not defined`),
      );
      continue;
    }
    const prefix = s.words.slice(0, at);
    const wildcard = body.find((b) => b.words.some((w) => w.startsWith('<')));
    if (wildcard) {
      gaps.push(
        gapAt(
          file,
          wildcard.line,
          'other',
          `group "${name}" uses wildcards (<...>), which are not expanded; its statements are not applied`,
        ),
      );
      continue;
    }
    for (const b of body) if (prefix.every((w, i) => b.words[i] === w)) inherited.push(b);
  }
  return [...own.filter((s) => !s.words.includes('apply-groups')), ...inherited];
}

/** The main system ("") and each logical system or tenant, with paths relative to it. */
function systems(statements: JunosStatement[]): Map<string, JunosStatement[]> {
  const out = new Map<string, JunosStatement[]>([['', []]]);
  for (const s of statements) {
    const [top, name] = s.words;
    if ((top === 'logical-systems' || top === 'tenants') && name) {
      const key = `${top}/${name}/`;
      const inactiveAt = s.inactiveAt === undefined ? undefined : Math.max(1, s.inactiveAt - 2);
      out.set(key, [
        ...(out.get(key) ?? []),
        {
          words: s.words.slice(2),
          line: s.line,
          wordLines: s.wordLines.slice(2),
          ...(inactiveAt !== undefined ? { inactiveAt } : {}),
        },
      ]);
    } else out.get('')!.push(s);
  }
  return out;
}

export function parseJunosConfig(text: string, file: string): { rulebases: DeviceRulebase[]; gaps: Gap[] } {
  const parsed = parseJunos(text);
  const gaps: Gap[] = parsed.errors.map((e) =>
    gapAt(file, e.line, 'parse-error', `${e.message}; the statement is not read`),
  );
  const rulebases: DeviceRulebase[] = [];
  for (const [prefix, statements] of systems(applyGroups(parsed.statements, file, gaps))) {
    const objects = new JunosObjects(statements);
    for (const read of [readSecurityPolicies, readFirewallFilters]) {
      const result = read(statements, objects, file, prefix);
      rulebases.push(...result.rulebases);
      gaps.push(...result.gaps);
    }
    const management =
      prefix === ''
        ? managementAccessRulebase(
            junosManagementAccess(statements),
            'junos management access',
            'device management (system services)',
          )
        : undefined;
    if (management) rulebases.push(management);
  }
  return { rulebases, gaps };
}
