// A FortiOS configuration as network.firewall rulebases: each VDOM's `firewall policy` (and the
// older `firewall policy6`) table (./policies.ts) with that VDOM's objects (./objects.ts). A
// configuration without `config vdom` is the single root VDOM. Policy tables assay does not read
// (local-in, proxy, NGFW security policies, NAT46/64) are gaps at their line, as is every line
// the block reader cannot place; the rest of the file is read. Administrative access to the device
// (`set allowaccess` on interfaces) is a management-access rulebase (./management.ts).
import { managementAccessRulebase } from '../../kit/management-access.ts';
import type { DeviceRulebase } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';
import { blocksNamed, type FortiBlock, type FortiNode, parseFortiBlocks } from './blocks.ts';
import { fortiosManagementAccess } from './management.ts';
import { FortiObjects } from './objects.ts';
import { readPolicyTable } from './policies.ts';

const READ = new Set(['firewall policy', 'firewall policy6']);
const NOT_READ = new Set([
  'firewall local-in-policy',
  'firewall local-in-policy6',
  'firewall proxy-policy',
  'firewall security-policy',
  'firewall policy46',
  'firewall policy64',
  'firewall interface-policy',
  'firewall DoS-policy',
]);

/** Each VDOM's blocks: `config vdom` / `edit NAME` entries (merged when listed twice), else root. */
function vdoms(root: FortiBlock): Map<string, FortiNode> {
  const vdomBlocks = blocksNamed(root, 'vdom');
  if (vdomBlocks.length === 0) return new Map([['root', root]]);
  const out = new Map<string, FortiNode>();
  for (const block of vdomBlocks)
    for (const entry of block.entries) {
      const existing = out.get(entry.name);
      if (existing) existing.blocks.push(...entry.blocks);
      else out.set(entry.name, { ...entry, blocks: [...entry.blocks] });
    }
  return out;
}

export function parseFortiosConfig(text: string, file: string): { rulebases: DeviceRulebase[]; gaps: Gap[] } {
  const { root, errors } = parseFortiBlocks(text);
  const gaps: Gap[] = errors.map((e) => ({
    reason: 'parse-error',
    file,
    line: e.line,
    message: `${e.message}; the statement is not read`,
    kinds: ['network.firewall'],
  }));
  const rulebases: DeviceRulebase[] = [];
  for (const [name, vdom] of vdoms(root)) {
    const objects = new FortiObjects(vdom);
    for (const block of vdom.blocks as FortiBlock[]) {
      if (READ.has(block.name)) {
        const read = readPolicyTable(block, objects, file, name);
        rulebases.push(read.rulebase);
        gaps.push(...read.gaps);
      } else if (NOT_READ.has(block.name) && block.entries.length)
        gaps.push({
          reason: 'other',
          file,
          line: block.line,
          message: `config ${block.name} (${block.entries.length} entries) is not read; its policies are not judged`,
          kinds: ['network.firewall'],
        });
    }
  }
  const management = managementAccessRulebase(
    fortiosManagementAccess(root),
    'fortios management access',
    'device administration (allowaccess)',
  );
  if (management) rulebases.push(management);
  return { rulebases, gaps };
}
