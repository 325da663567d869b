// `secedit /export /cfg FILE` INF: [System Access] (password and lockout policy), [Event Audit],
// [Privilege Rights] (user rights as SIDs), [Registry Values]. Every line that is neither a
// section, a `Key = value` pair nor a comment is a problem with its line number.
import type { IdentityPasswordPolicyProps } from '../../model/kinds.ts';

export interface InfValue {
  value: string;
  line: number;
}

export interface SeceditInf {
  sections: Map<string, Map<string, InfValue>>;
  problems: { line: number; message: string }[];
}

export function parseSeceditInf(text: string): SeceditInf {
  const sections = new Map<string, Map<string, InfValue>>();
  const problems: SeceditInf['problems'] = [];
  let current: Map<string, InfValue> | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith(';')) return;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!, current);
      return;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!pair || !current) {
      problems.push({
        line: index + 1,
        message: current ? `not "Key = value": ${line.slice(0, 80)}` : 'a value before any [section]',
      });
      return;
    }
    current.set(pair[1]!, { value: pair[2]!.replace(/^"(.*)"$/, '$1'), line: index + 1 });
  });
  return { sections, problems };
}

/** The [System Access] password and lockout settings as the fields AD's policy uses. */
export function passwordPolicyFromInf(inf: SeceditInf): {
  props: IdentityPasswordPolicyProps;
  problems: SeceditInf['problems'];
} {
  const access = inf.sections.get('System Access') ?? new Map<string, InfValue>();
  const problems: SeceditInf['problems'] = [];
  const number = (key: string): number | undefined => {
    const entry = access.get(key);
    if (!entry) return undefined;
    if (!/^-?\d+$/.test(entry.value)) {
      problems.push({ line: entry.line, message: `${key} is not a number: ${entry.value}` });
      return undefined;
    }
    return Number(entry.value);
  };
  const props: IdentityPasswordPolicyProps = { scope: 'host' };
  const set = <K extends keyof IdentityPasswordPolicyProps>(
    prop: K,
    value: IdentityPasswordPolicyProps[K] | undefined,
  ) => {
    if (value !== undefined) props[prop] = value;
  };
  set('minLength', number('MinimumPasswordLength'));
  set('historySize', number('PasswordHistorySize'));
  // -1 (or 0) means passwords never expire; the model says 0.
  const maxAge = number('MaximumPasswordAge');
  set('maxAgeDays', maxAge === undefined ? undefined : Math.max(0, maxAge));
  set('minAgeDays', number('MinimumPasswordAge'));
  const complexity = number('PasswordComplexity');
  set('complexity', complexity === undefined ? undefined : complexity === 1);
  set('lockoutThreshold', number('LockoutBadCount'));
  // -1: locked until an administrator unlocks it; the model says 0. Absent when lockout is off.
  const duration = number('LockoutDuration');
  set('lockoutDurationMinutes', duration === undefined ? undefined : Math.max(0, duration));
  set('lockoutObservationMinutes', number('ResetLockoutCount'));
  return { props, problems };
}

/** [Privilege Rights]: right -> SIDs or names (a leading `*` marks a SID). */
export function privilegeRights(inf: SeceditInf): Record<string, string[]> {
  const rights: Record<string, string[]> = {};
  for (const [right, entry] of inf.sections.get('Privilege Rights') ?? []) {
    rights[right] = entry.value
      .split(',')
      .map((p) => p.trim().replace(/^\*/, ''))
      .filter(Boolean);
  }
  return rights;
}
