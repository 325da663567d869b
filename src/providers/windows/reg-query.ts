// `reg query "KEY" /v NAME` output: the key's full name on a line of its own, then one line per
// value, four spaces before the name and between the fields:
//
//   HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp
//       UserAuthentication    REG_DWORD    0x1
//
// A failed query prints "ERROR: <reason>" instead (exit code 1): a key or value that does not
// exist ("unable to find the specified registry key or value") or one that may not be read
// ("Access is denied.").
export interface RegValue {
  key: string;
  name: string;
  type: string;
  /** REG_DWORD and REG_QWORD as numbers; every other type as printed. */
  data: string | number;
  line: number;
}

export interface RegQuery {
  values: RegValue[];
  /** The text after "ERROR:", when reg reported one. */
  error?: string;
  problems: { line: number; message: string }[];
}

const VALUE = /^ {4}(\S(?:.*?\S)?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

export function parseRegQuery(text: string): RegQuery {
  const values: RegValue[] = [];
  const problems: RegQuery['problems'] = [];
  let key: string | undefined;
  let error: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const failure = /^ERROR:\s*(.*)$/.exec(raw.trim());
    if (failure) {
      error = failure[1]!;
      return;
    }
    if (/^HKEY_[A-Z_]+(\\|$)/.test(raw)) {
      key = raw.trim();
      return;
    }
    const match = VALUE.exec(raw);
    if (!match) {
      problems.push({ line, message: `not a "    NAME    REG_TYPE    DATA" line: ${raw.trim().slice(0, 80)}` });
      return;
    }
    if (!key) {
      problems.push({ line, message: 'a value before any HKEY_ key line' });
      return;
    }
    const [, name, type, printed = ''] = match as unknown as [string, string, string, string?];
    let data: string | number = printed.trim();
    if (type === 'REG_DWORD' || type === 'REG_QWORD') {
      if (!/^0x[0-9a-f]+$/i.test(data)) {
        problems.push({ line, message: `${name}: ${type} data is not a hexadecimal number: ${data.slice(0, 40)}` });
        return;
      }
      data = Number.parseInt(data, 16);
    }
    values.push({ key, name, type, data, line });
  });
  return { values, ...(error !== undefined ? { error } : {}), problems };
}

/** reg's answer when the key or value does not exist (English Windows; other languages differ). */
export function isNotFound(error: string): boolean {
  return /unable to find the specified registry key or value/i.test(error);
}

export function isAccessDenied(error: string): boolean {
  return /access is denied/i.test(error);
}
