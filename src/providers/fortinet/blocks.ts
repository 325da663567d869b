// FortiOS configuration text (`show full-configuration`, a backup .conf) as its tree of blocks:
// `config PATH` opens a block, `edit NAME` an entry in it, `set KEY VALUES` / `append` / `unset`
// (and `select`/`unselect`) change a setting, `next` closes the entry and `end` the block.
// Values may be quoted (and span lines); `#` lines are comments (a backup's header too).
import { lexConfig } from '../../kit/config-words.ts';

export interface FortiSetting {
  values: string[];
  line: number;
}

export interface FortiNode {
  /** Block path ("firewall policy") or entry name ("1", "port1"). */
  name: string;
  line: number;
  settings: Map<string, FortiSetting>;
  /** Blocks under this node, in order (the same path may appear more than once). */
  blocks: FortiBlock[];
}

export interface FortiBlock extends FortiNode {
  entries: FortiNode[];
}

const node = (name: string, line: number): FortiBlock => ({
  name,
  line,
  settings: new Map(),
  blocks: [],
  entries: [],
});

export function parseFortiBlocks(text: string): { root: FortiBlock; errors: { line: number; message: string }[] } {
  const lexed = lexConfig(text, { punctuation: '' });
  const errors = [...lexed.errors];
  const root = node('', 1);
  const stack: { node: FortiBlock; kind: 'block' | 'entry' }[] = [{ node: root, kind: 'block' }];
  for (const words of lexed.lines) {
    const [first, ...rest] = words;
    const line = first!.line;
    const top = stack.at(-1)!;
    const values = rest.map((w) => w.text);
    switch (first!.quoted ? '' : first!.text) {
      case 'config': {
        const block = node(values.join(' '), line);
        top.node.blocks.push(block);
        stack.push({ node: block, kind: 'block' });
        break;
      }
      case 'edit': {
        if (top.kind !== 'block' || stack.length === 1 || values.length !== 1) {
          errors.push({ line, message: '"edit" outside a config block or without one name' });
          break;
        }
        // Editing an entry again (a later `edit` of the same name) changes the same entry.
        let entry = top.node.entries.find((e) => e.name === values[0]) as FortiBlock | undefined;
        if (!entry) {
          entry = node(values[0]!, line);
          top.node.entries.push(entry);
        }
        stack.push({ node: entry, kind: 'entry' });
        break;
      }
      case 'next':
        if (top.kind !== 'entry') errors.push({ line, message: '"next" without "edit"' });
        else stack.pop();
        break;
      case 'end':
        if (top.kind === 'entry') {
          errors.push({ line, message: '"end" closes an entry that "next" did not close' });
          stack.pop();
        }
        if (stack.length === 1) errors.push({ line, message: '"end" without "config"' });
        else stack.pop();
        break;
      case 'set':
      case 'select':
      case 'append': {
        const [key, ...v] = values;
        if (!key) {
          errors.push({ line, message: `"${first!.text}" without a setting name` });
          break;
        }
        const previous = top.node.settings.get(key);
        const adds = first!.text === 'append';
        top.node.settings.set(key, { values: adds && previous ? [...previous.values, ...v] : v, line });
        break;
      }
      case 'unset':
        if (values[0]) top.node.settings.delete(values[0]);
        break;
      case 'unselect': {
        const [key, ...v] = values;
        const previous = key ? top.node.settings.get(key) : undefined;
        if (previous) previous.values = previous.values.filter((p) => !v.includes(p));
        break;
      }
      default:
        errors.push({ line, message: `"${first!.text}" is not a FortiOS configuration statement` });
    }
  }
  for (const open of stack.slice(1))
    errors.push({
      line: open.node.line,
      message: `"${open.kind === 'block' ? 'config' : 'edit'} ${open.node.name}" is never closed`,
    });
  return { root, errors };
}

/** Blocks under `parent` with this path, in order. */
export const blocksNamed = (parent: FortiNode, path: string) => parent.blocks.filter((b) => b.name === path);

/** A setting's values, or `fallback` when the configuration leaves it at its default. */
export const setting = (n: FortiNode, key: string, fallback: string[] = []) => n.settings.get(key)?.values ?? fallback;
