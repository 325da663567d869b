// `auditpol /get /category:* /r`: CSV with the header
// Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting.
// Fields are plain (no quotes in practice); a quoted field is still read.
export interface AuditSetting {
  subcategory: string;
  guid: string;
  /** "No Auditing", "Success", "Failure" or "Success and Failure". */
  setting: string;
}

const SETTINGS = new Set(['No Auditing', 'Success', 'Failure', 'Success and Failure']);

function fields(line: string): string[] {
  const out: string[] = [];
  const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (const match of line.matchAll(pattern)) {
    out.push(match[1]!.replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
    if (match[2] === '') break;
  }
  return out;
}

export function parseAuditpolCsv(text: string): {
  settings: AuditSetting[];
  problems: { line: number; message: string }[];
} {
  const settings: AuditSetting[] = [];
  const problems: { line: number; message: string }[] = [];
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  const header = fields(lines[headerIndex] ?? '');
  const column = (name: string) => header.indexOf(name);
  const [sub, guid, inclusion] = [column('Subcategory'), column('Subcategory GUID'), column('Inclusion Setting')];
  if (sub < 0 || inclusion < 0) {
    return {
      settings,
      problems: [{ line: headerIndex + 1, message: 'not an auditpol /r header (Subcategory, Inclusion Setting)' }],
    };
  }
  lines.forEach((line, index) => {
    if (index <= headerIndex || line.trim() === '') return;
    const row = fields(line);
    const setting = row[inclusion]?.trim() ?? '';
    if (row.length < header.length || !SETTINGS.has(setting)) {
      problems.push({ line: index + 1, message: `not an auditpol row: ${line.slice(0, 80)}` });
      return;
    }
    settings.push({ subcategory: row[sub]!.trim(), guid: guid < 0 ? '' : row[guid]!.trim(), setting });
  });
  return { settings, problems };
}
