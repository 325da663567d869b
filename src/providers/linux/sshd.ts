// `sshd -T` prints the effective server configuration, one lower-case keyword and its value per
// line. It is the only reliable source: defaults, Include files and Match blocks are resolved.
import type { HostSshProps } from '../../model/kinds.ts';

export interface ParsedLines<T> {
  value: T;
  /** Lines that could not be read, with their 1-based number. */
  problems: { line: number; message: string }[];
}

/** Keyword -> values (a keyword sshd -T repeats, such as hostkey, keeps every value). */
export function parseSshdT(text: string): ParsedLines<Map<string, string[]>> {
  const settings = new Map<string, string[]>();
  const problems: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const match = /^([a-z0-9]+)\s+(.*)$/.exec(line);
    if (!match) {
      problems.push({ line: index + 1, message: `not "keyword value": ${line.slice(0, 80)}` });
      return;
    }
    const [, key, value] = match as unknown as [string, string, string];
    settings.set(key, [...(settings.get(key) ?? []), value]);
  });
  return { value: settings, problems };
}

const list = (value: string | undefined) => (value === undefined ? undefined : value.split(',').filter(Boolean));
const yesNo = (value: string | undefined) => (value === 'yes' ? true : value === 'no' ? false : undefined);
const integer = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);

/** The props the rules read; a keyword sshd did not print stays absent. */
export function sshPropsOf(settings: Map<string, string[]>): HostSshProps {
  const one = (key: string) => settings.get(key)?.[0];
  const props: HostSshProps = {
    permitRootLogin: one('permitrootlogin'),
    passwordAuthentication: yesNo(one('passwordauthentication')),
    kbdInteractiveAuthentication: yesNo(one('kbdinteractiveauthentication') ?? one('challengeresponseauthentication')),
    permitEmptyPasswords: yesNo(one('permitemptypasswords')),
    maxAuthTries: integer(one('maxauthtries')),
    ciphers: list(one('ciphers')),
    macs: list(one('macs')),
    kexAlgorithms: list(one('kexalgorithms')),
    x11Forwarding: yesNo(one('x11forwarding')),
    loginGraceTimeSeconds: integer(one('logingracetime')),
    clientAliveIntervalSeconds: integer(one('clientaliveinterval')),
    clientAliveCountMax: integer(one('clientalivecountmax')),
  };
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as HostSshProps;
}
