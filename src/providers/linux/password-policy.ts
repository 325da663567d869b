// The host's password policy from /etc/login.defs (ageing), pwquality.conf (length, character
// classes), faillock.conf (lockout) and the PAM stacks that decide whether those modules run at
// all (their arguments override the .conf files). Fields match the AD and AWS ones so the
// identity.password_* rules read a host's policy unchanged.
import type { IdentityPasswordPolicyProps } from '../../model/kinds.ts';
import type { ParsedLines } from './sshd.ts';

type Problems = ParsedLines<unknown>['problems'];

/** `KEY value` (login.defs) or `key = value` (pwquality.conf, faillock.conf); `#` starts a comment. */
export function parseKeyValueConf(text: string, separator: 'space' | 'equals'): ParsedLines<Map<string, string>> {
  const values = new Map<string, string>();
  const problems: Problems = [];
  const pattern = separator === 'space' ? /^(\S+)\s+(.+)$/ : /^([A-Za-z_]+)\s*(?:=\s*(.*))?$/;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const match = pattern.exec(line);
    if (!match) {
      problems.push({ line: index + 1, message: `cannot read: ${line.slice(0, 80)}` });
      return;
    }
    // A bare flag in faillock.conf (`even_deny_root`) is present without a value.
    values.set(match[1]!, (match[2] ?? '').trim());
  });
  return { value: values, problems };
}

export interface PamModule {
  type: string;
  module: string;
  args: Map<string, string>;
}

/** The `password` and `auth` lines of a PAM file: type, control, module path, arguments. */
export function parsePamStack(text: string): ParsedLines<PamModule[]> {
  const modules: PamModule[] = [];
  const problems: Problems = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '' || line.startsWith('@include')) return;
    // The control field may be a bracketed list with spaces: [success=1 default=ignore].
    const match = /^-?(\w+)\s+(\[[^\]]*\]|\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!match) {
      problems.push({ line: index + 1, message: `not a PAM rule: ${line.slice(0, 80)}` });
      return;
    }
    const args = new Map<string, string>();
    for (const arg of match[4]!.split(/\s+/).filter(Boolean)) {
      const [key, ...rest] = arg.split('=');
      args.set(key!, rest.join('='));
    }
    modules.push({ type: match[1]!, module: match[3]!.replace(/^.*\//, '').replace(/\.so$/, ''), args });
  });
  return { value: modules, problems };
}

export interface PasswordPolicyInputs {
  loginDefs?: Map<string, string>;
  pwquality?: Map<string, string>;
  faillock?: Map<string, string>;
  /** Every password and auth rule of the PAM files read; absent when none could be read. */
  pam?: PamModule[];
}

const int = (value: string | undefined) => (value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined);

export interface DerivedPolicy {
  props: IdentityPasswordPolicyProps;
  /** Props filled from a module's documented default (no setting was written). */
  defaulted: string[];
}

/**
 * What the inputs that could be read say. A value depending on an input that was not read stays
 * absent; a module that is configured but runs in no PAM stack does not count.
 */
export function passwordPolicyOf(inputs: PasswordPolicyInputs): DerivedPolicy {
  const props: IdentityPasswordPolicyProps = { scope: 'host' };
  const defaulted: string[] = [];
  const defs = inputs.loginDefs;
  if (defs) {
    const max = int(defs.get('PASS_MAX_DAYS'));
    // 99999 is shadow's "never expires".
    if (max !== undefined) props.maxAgeDays = max >= 99999 || max < 0 ? 0 : max;
    const min = int(defs.get('PASS_MIN_DAYS'));
    if (min !== undefined && min >= 0) props.minAgeDays = min;
  }
  const pam = inputs.pam;
  if (!pam) return { props, defaulted };
  const find = (type: string, name: string) => pam.find((m) => m.type === type && m.module === name);

  const quality = find('password', 'pam_pwquality') ?? find('password', 'pam_cracklib');
  if (quality) {
    const setting = (key: string) => quality.args.get(key) ?? inputs.pwquality?.get(key);
    const minlen = int(setting('minlen'));
    if (minlen !== undefined) props.minLength = minlen;
    else if (inputs.pwquality) {
      props.minLength = 8; // pwquality's documented default minlen
      defaulted.push('minLength');
    }
    // A negative credit means "at least that many characters of the class".
    const requires = (key: string) => {
      const credit = int(setting(key));
      return credit === undefined ? undefined : credit < 0;
    };
    const classes = {
      requireUppercase: 'ucredit',
      requireLowercase: 'lcredit',
      requireNumbers: 'dcredit',
      requireSymbols: 'ocredit',
    } as const;
    for (const [prop, key] of Object.entries(classes)) {
      const value = requires(key);
      if (value !== undefined) props[prop as keyof typeof classes] = value;
    }
    const minclass = int(setting('minclass'));
    const required = Object.keys(classes).filter((k) => props[k as keyof typeof classes] === true).length;
    if (minclass !== undefined || inputs.pwquality) props.complexity = Math.max(minclass ?? 0, required) >= 3;
  } else {
    const unix = find('password', 'pam_unix');
    const minlen = int(unix?.args.get('minlen'));
    if (minlen !== undefined) props.minLength = minlen;
  }

  const history = find('password', 'pam_pwhistory') ?? find('password', 'pam_unix');
  const remember = int(history?.args.get('remember'));
  props.historySize = remember ?? 0;

  const faillock = find('auth', 'pam_faillock');
  if (faillock) {
    const setting = (key: string) => faillock.args.get(key) ?? inputs.faillock?.get(key);
    const fill = (
      prop: 'lockoutThreshold' | 'lockoutDurationMinutes' | 'lockoutObservationMinutes',
      value: number | undefined,
      fallback: number,
    ) => {
      if (value !== undefined) props[prop] = value;
      else {
        props[prop] = fallback;
        defaulted.push(prop);
      }
    };
    // faillock's documented defaults: deny=3, unlock_time=600 s, fail_interval=900 s.
    fill('lockoutThreshold', int(setting('deny')), 3);
    const unlock = setting('unlock_time');
    fill('lockoutDurationMinutes', unlock === 'never' ? 0 : divide(int(unlock)), 10);
    fill('lockoutObservationMinutes', divide(int(setting('fail_interval'))), 15);
  } else if (!find('auth', 'pam_tally2')) {
    // The auth stacks were read and no lockout module runs in them: accounts are never locked.
    props.lockoutThreshold = 0;
  }
  return { props, defaulted };
}

const divide = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.ceil(seconds / 60));
