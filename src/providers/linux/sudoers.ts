// Sudoers rules that grant every command (`ALL`), with or without a password. Aliases are not
// expanded; `@include`/`#include` lines are returned so the caller can record them as not followed.
import type { ParsedLines } from './sshd.ts';

export interface SudoGrant {
  /** The user, %group or alias the rule is for. */
  principal: string;
  noPassword: boolean;
  file: string;
  line: number;
}

export interface Sudoers {
  grants: SudoGrant[];
  includes: { file: string; line: number; target: string }[];
}

export function parseSudoers(text: string, file: string): ParsedLines<Sudoers> {
  const grants: SudoGrant[] = [];
  const includes: Sudoers['includes'] = [];
  const problems: ParsedLines<unknown>['problems'] = [];
  // Continuation lines (trailing backslash) are joined; the rule keeps its first line number.
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const start = index;
    let line = lines[index]!;
    while (line.endsWith('\\') && index + 1 < lines.length) line = line.slice(0, -1) + lines[++index];
    const include = /^\s*[@#]include(?:dir)?\s+(\S+)/.exec(line);
    if (include) {
      includes.push({ file, line: start + 1, target: include[1]! });
      continue;
    }
    const rule = line.replace(/#.*$/, '').trim();
    if (rule === '' || /^(Defaults|User_Alias|Runas_Alias|Host_Alias|Cmnd_Alias)\b/.test(rule)) continue;
    const match = /^(\S+)\s+(.+)$/.exec(rule);
    if (!match || !match[2]!.includes('=')) {
      problems.push({ line: start + 1, message: `not a sudoers rule: ${rule.slice(0, 80)}` });
      continue;
    }
    // Each host spec: HOSTS = (RUNAS) TAGS: COMMANDS, several separated by ':' between specs.
    for (const spec of match[2]!.split(/\s*:\s*(?=[^=(]*=)/)) {
      const commands = spec.slice(spec.indexOf('=') + 1).replace(/^\s*\([^)]*\)\s*/, '');
      const tags: string[] =
        commands.match(
          /\b(NOPASSWD|PASSWD|NOEXEC|EXEC|SETENV|NOSETENV|LOG_INPUT|NOLOG_INPUT|LOG_OUTPUT|NOLOG_OUTPUT):/g,
        ) ?? [];
      const list = commands
        .replace(/\b[A-Z_]+:\s*/g, '')
        .split(',')
        .map((c) => c.trim());
      if (list.includes('ALL')) {
        grants.push({ principal: match[1]!, noPassword: tags.includes('NOPASSWD:'), file, line: start + 1 });
      }
    }
  }
  return { value: { grants, includes }, problems };
}
