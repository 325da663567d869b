// Words of line-oriented device configurations (Junos and PAN-OS `set` lines, Junos brace
// format, FortiOS `config`/`edit`/`set` blocks): whitespace-separated, double-quoted strings
// (which may span lines, as FortiOS certificates do) with backslash escapes, `#` comment lines,
// and the punctuation a format gives meaning to (`[ ]` lists, `{ } ;` blocks) as words of their own.

export interface ConfigWord {
  text: string;
  /** 1-based line where the word starts. */
  line: number;
  /** Written in quotes: never punctuation, even when its text is `{` or `[`. */
  quoted: boolean;
}

export interface ConfigLexResult {
  /** Statements: the words between line ends (and, with `;` as punctuation, semicolons). */
  lines: ConfigWord[][];
  errors: { line: number; message: string }[];
}

export interface ConfigLexOptions {
  /** Characters that are words of their own: "[]" for set formats, "[]{};" for the brace format. */
  punctuation: string;
  /** Junos brace format: block annotations (slash-star comments) and `#` comments after words are skipped too. */
  blockComments?: boolean;
}

/** Splits `text` into lines of words; an unterminated quote or comment is an error at its line. */
export function lexConfig(text: string, options: ConfigLexOptions): ConfigLexResult {
  const lines: ConfigWord[][] = [];
  const errors: { line: number; message: string }[] = [];
  let current: ConfigWord[] = [];
  let line = 1;
  let i = 0;
  const endLine = () => {
    if (current.length) lines.push(current);
    current = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      endLine();
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#' && (current.length === 0 || options.blockComments)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (options.blockComments && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) {
        errors.push({ line, message: 'comment opened with /* is never closed' });
        break;
      }
      for (const ch of text.slice(i, end)) if (ch === '\n') line++;
      i = end + 2;
    } else if (c === '"') {
      const start = line;
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        if (text[i] === '\n') line++;
        value += text[i];
        i++;
      }
      if (i >= text.length) {
        errors.push({ line: start, message: 'quoted string is never closed' });
        break;
      }
      i++;
      current.push({ text: value, line: start, quoted: true });
    } else if (options.punctuation.includes(c)) {
      current.push({ text: c, line, quoted: false });
      i++;
      if (c === ';') endLine();
    } else {
      let value = '';
      while (i < text.length && !/[\s"]/.test(text[i]!) && !options.punctuation.includes(text[i]!)) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      current.push({ text: value, line, quoted: false });
    }
  }
  endLine();
  return { lines, errors };
}

/** Expands `[ a b ]` lists in a set line: the words before, the list's items, and what follows. */
export function listItems(words: ConfigWord[]): { items: string[]; error?: string } {
  const items: string[] = [];
  let open = false;
  for (const w of words) {
    if (!w.quoted && w.text === '[') {
      if (open) return { items, error: 'nested "[" in a list' };
      open = true;
    } else if (!w.quoted && w.text === ']') {
      if (!open) return { items, error: '"]" without "["' };
      open = false;
    } else items.push(w.text);
  }
  return open ? { items, error: 'list opened with "[" is never closed' } : { items };
}
