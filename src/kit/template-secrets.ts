// Parameters a template itself declares secret: a CloudFormation parameter with `NoEcho: true`
// and an ARM parameter of type securestring or secureObject. Their default is committed with the
// template, so it is a hardcoded secret however the parameter is named. The caller (the secret
// scanner) decides which defaults are literals and masks them.
import { parseLocated } from './located.ts';

export interface ParameterDefault {
  detector: 'noecho-parameter-default' | 'secure-parameter-default';
  /** The parameter's name. */
  parameter: string;
  /** Line of the default's key. */
  line?: number;
  /** The default's clear string values (one per string of a secureObject). */
  values: string[];
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every string and number under `value`: the parts of a default that can be a secret. */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (isObject(value)) return Object.values(value).flatMap(leaves);
  return [];
}

/** The defaults of secret parameters in a CloudFormation or ARM template; none for other text. */
export function templateParameterDefaults(content: string): ParameterDefault[] {
  // Parsing is only worth it when the text can declare such a parameter.
  if (!/NoEcho|secure(?:string|object)/i.test(content)) return [];
  const parsed = parseLocated(content);
  if (!parsed.ok || !isObject(parsed.value)) return [];
  const doc = parsed.value;
  const found: ParameterDefault[] = [];
  const read = (section: unknown, key: string, detector: ParameterDefault['detector'], secret: (p: Obj) => boolean) => {
    if (!isObject(section)) return;
    for (const [parameter, declared] of Object.entries(section)) {
      if (!isObject(declared) || !secret(declared) || declared[key] === undefined) continue;
      const line = parsed.positions.get(declared)?.keys[key];
      found.push({ detector, parameter, ...(line ? { line } : {}), values: leaves(declared[key]) });
    }
  };
  read(doc.Parameters, 'Default', 'noecho-parameter-default', (p) => String(p.NoEcho).toLowerCase() === 'true');
  read(doc.parameters, 'defaultValue', 'secure-parameter-default', (p) =>
    ['securestring', 'secureobject'].includes(String(p.type).toLowerCase()),
  );
  return found;
}
