// PAN-OS configurations in the set format (`set cli config-output-format set` then `show`, or
// Panorama's), read into the same tree the XML format has, so ./rulebase.ts reads both alike.
//
// Scopes: `set vsys NAME ...` is that vsys, `set shared ...` the shared objects, `set device-group
// NAME ...` a Panorama device group; any other path is vsys1 (a single-vsys firewall writes
// `set rulebase ...`, `set address ...` without a vsys). Read: security rules (rulebase,
// pre-rulebase, post-rulebase), address and address-group, service and service-group. Other
// rulebases (nat, application-override, decryption, pbf) are not security policy; deviceconfig,
// network, template and the like configure other things. A set member list (`[ a b ]`) adds to
// what earlier lines set, as the PAN-OS CLI does. A line that is not a `set` line or does not
// tokenize is a gap at its line; the rest of the file is read.
import { type ConfigWord, lexConfig, listItems } from '../../kit/config-words.ts';
import type { Gap } from '../../model/resource.ts';
import { type Node, type PanosRulebase, readPanosConfig } from './rulebase.ts';

// Rule fields that hold lists (<member> in XML); every other field holds one value.
const MEMBER_FIELDS = new Set([
  'from',
  'to',
  'source',
  'destination',
  'source-user',
  'application',
  'service',
  'category',
  'source-hip',
  'destination-hip',
  'tag',
  'source-imei',
  'source-imsi',
  'source-nw-slice',
]);

const NOT_SECURITY = new Set(['deviceconfig', 'network', 'mgt-config', 'template', 'template-stack', 'log-settings']);

const obj = (parent: Node, key: string): Node => {
  const existing = parent[key];
  if (typeof existing === 'object' && existing !== null && !Array.isArray(existing)) return existing as Node;
  const created: Node = {};
  parent[key] = created;
  return created;
};

class Tree {
  readonly root: Node = {};
  readonly lines = new WeakMap<Node, number>();
  private readonly device: Node = {};

  constructor() {
    obj(this.root, 'devices').entry = [this.device];
    this.device['@_name'] = 'localhost.localdomain';
  }

  /** The entry named `name` in `parent[key]`, created (remembering its line) when new. */
  entry(parent: Node, key: string, name: string, line: number): Node {
    const list = obj(parent, key);
    if (!Array.isArray(list.entry)) list.entry = [];
    const entries = list.entry as Node[];
    let found = entries.find((e) => e['@_name'] === name);
    if (!found) {
      found = { '@_name': name };
      entries.push(found);
      this.lines.set(found, line);
    }
    return found;
  }

  members(parent: Node, key: string, values: string[]) {
    const list = obj(parent, key);
    if (!Array.isArray(list.member)) list.member = [];
    const members = list.member as string[];
    for (const v of values) if (!members.includes(v)) members.push(v);
  }

  scope(
    words: string[],
    line: number,
  ): { scope: Node; rest: string[]; groupOrVsys: 'vsys' | 'device-group' | 'shared' } {
    if (words[0] === 'shared') return { scope: obj(this.root, 'shared'), rest: words.slice(1), groupOrVsys: 'shared' };
    if (words[0] === 'vsys' && words[1])
      return { scope: this.entry(this.device, 'vsys', words[1], line), rest: words.slice(2), groupOrVsys: 'vsys' };
    if (words[0] === 'device-group' && words[1])
      return {
        scope: this.entry(this.device, 'device-group', words[1], line),
        rest: words.slice(2),
        groupOrVsys: 'device-group',
      };
    return { scope: this.entry(this.device, 'vsys', 'vsys1', line), rest: words, groupOrVsys: 'vsys' };
  }
}

/** Sets `value` at the nested path under `node` (`profile-setting group G`). */
function setPath(node: Node, path: string[], value: string) {
  const last = path.at(-1)!;
  let at = node;
  for (const key of path.slice(0, -1)) at = obj(at, key);
  at[last] = value;
}

function readLine(tree: Tree, words: ConfigWord[], line: number): string | undefined {
  if (words.length === 0) return '"set" without a path';
  const head: string[] = [];
  let listStart = words.length;
  for (let i = 0; i < words.length; i++) {
    if (!words[i]!.quoted && words[i]!.text === '[') {
      listStart = i;
      break;
    }
    head.push(words[i]!.text);
  }
  const list = listItems(words.slice(listStart));
  if (list.error) return list.error;
  const path = head;
  const listed = list.items;
  if (NOT_SECURITY.has(path[0] ?? '')) return undefined;
  const { scope, rest } = tree.scope(path, line);
  const [section, ...tail] = rest;
  const values = (from: number) => [...tail.slice(from), ...listed];
  const rulebase = section === 'rulebase' || section === 'pre-rulebase' || section === 'post-rulebase';
  if (rulebase && (tail[0] === 'security' || tail[0] === 'default-security-rules')) {
    if (tail[1] !== 'rules' || !tail[2]) return undefined;
    const security = obj(obj(scope, section), tail[0]);
    const rule = tree.entry(security, 'rules', tail[2], line);
    const rules = security.rules as Node;
    if (!tree.lines.has(rules)) tree.lines.set(rules, line);
    const [field, ...more] = tail.slice(3);
    if (!field) return undefined;
    if (MEMBER_FIELDS.has(field)) tree.members(rule, field, values(4));
    else if (more.length + listed.length === 0) return `rule field "${field}" has no value`;
    else setPath(rule, [field, ...more.slice(0, -1)], listed[0] ?? more.at(-1)!);
    return undefined;
  }
  const name = tail[0];
  if (!name) return undefined;
  if (section === 'address') {
    const [kind, value] = [tail[1], tail[2] ?? listed[0]];
    if (kind && value !== undefined) tree.entry(scope, 'address', name, line)[kind] = value;
  } else if (section === 'address-group') {
    const group = tree.entry(scope, 'address-group', name, line);
    if (tail[1] === 'static') tree.members(group, 'static', values(2));
    else if (tail[1] === 'dynamic') setPath(group, ['dynamic', tail[2] ?? 'filter'], tail[3] ?? listed[0] ?? '');
  } else if (section === 'service') {
    const service = tree.entry(scope, 'service', name, line);
    if (tail[1] === 'protocol' && tail[2] && tail[3])
      setPath(service, ['protocol', tail[2], ...tail.slice(3, -1)], tail.at(-1) ?? listed[0] ?? '');
  } else if (section === 'service-group') {
    const group = tree.entry(scope, 'service-group', name, line);
    if (tail[1] === 'members') tree.members(group, 'members', values(2));
  }
  return undefined;
}

export function parsePanosSet(text: string, file: string): { rulebases: PanosRulebase[]; gaps: Gap[] } {
  const lexed = lexConfig(text, { punctuation: '[]' });
  const gaps: Gap[] = lexed.errors.map((e) => ({
    reason: 'parse-error',
    file,
    line: e.line,
    message: `${e.message}; the rest of the file is not read`,
    kinds: ['network.firewall'],
  }));
  const tree = new Tree();
  for (const words of lexed.lines) {
    const [verb, ...rest] = words;
    const problem =
      verb!.text !== 'set' || verb!.quoted
        ? `"${verb!.text}" is not a set statement`
        : readLine(tree, rest, verb!.line);
    if (problem)
      gaps.push({
        reason: 'parse-error',
        file,
        line: verb!.line,
        message: `${problem}; the line is not read`,
        kinds: ['network.firewall'],
      });
  }
  const read = readPanosConfig(tree.root, file, {
    rulebaseLine: (security) => tree.lines.get(security.rules as Node),
    ruleLine: (_security, entry) => tree.lines.get(entry),
  });
  return { rulebases: read.rulebases, gaps: [...gaps, ...read.gaps] };
}
