// Hard-coded secret detection and masking, shared by every IaC collector.
//
// Decisions (measured against the KICS "Passwords And Secrets" samples, see the tests):
// - A value counts as a secret when a value detector matches it anywhere (AWS key ids, private
//   keys, GitHub/Slack/Stripe/Google tokens, Azure AccountKey=, JWTs, credentials in URLs), or
//   when it is a literal assigned to a secret-ish key (isSecretKey).
// - References are not secrets: ${...}, {{...}}, $VAR, $(cmd), var./local./data./module.,
//   ARM "[parameters('x')]", CloudFormation !Ref/!Sub and {"Ref": ...} objects, jsonpath {.x}.
// - Weak but real literals ("root", "hunter2", "postgres") ARE reported: a committed default
//   password is still a committed password. Empty values, pure masks ("****", "xxxx",
//   "<password>"), booleans/null, the type name "string", GitHub-permission words
//   (read/write/none) and placeholders ("changeme", INSERT_SLACK_TOKEN, "your-key-here") are not.
// - Scripts (user data, custom data, inline code) are read line by line: `KEY=value` (also inside a
//   quoted string, where `\n` joins the lines), `aws configure set`, `--password` flags, `mysql -p`,
//   `Authorization:` headers; base64 literals that decode to text are scanned as that text.
// - HCL conditionals: the quoted literals of both branches are read, never the condition.
// - `"key": "value"` pairs are read anywhere in a line (minified JSON, JSON inside a string), and
//   `Key=value` pairs also after `;`, `?` and `&` (connection strings, JDBC URLs).
// - Template parameters that hold secrets by declaration (CloudFormation NoEcho, ARM
//   securestring/secureObject) are secrets when they have a literal default (template-secrets.ts).
// - The clear value of every hit is handed to the caller's `reveal` (the run's redactor, in memory),
//   never stored: the results carry only the masked form.
import { Buffer } from 'node:buffer';
import type { DetectedSecret } from '../model/kinds.ts';
import { templateParameterDefaults } from './template-secrets.ts';

/** Keeps the first 4 characters of long values only, so neither the value nor its length leaks. */
export function maskSecret(value: string): string {
  return `${value.length >= 16 ? value.slice(0, 4) : ''}****`;
}

/** A value maskSecret made: masking again keeps it as it is. */
function isMasked(value: string): boolean {
  return /^[^*]{0,4}\*{4}$/.test(value);
}

// ---------------------------------------------------------------- key names

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((w) => w.replace(/\d+$/, ''))
    .filter(Boolean);
}

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'apikey',
  'accesskey',
  'secretkey',
  'privatekey',
  'connectionstring',
  'accountkey',
]);
const SECRET_PAIRS = new Set([
  'api key',
  'access key',
  'private key',
  'connection string',
  'account key',
  'auth key',
  'master key',
  'shared key',
  'signing key',
  'client secret',
  'license key',
]);
/** A key ending in one of these names something about a secret, not the secret itself. */
const REFERENCE_SUFFIXES = new Set([
  'id',
  'ids',
  'arn',
  'arns',
  'name',
  'names',
  'type',
  'length',
  'policy',
  'policies',
  'prevention',
  'age',
  'version',
  'enabled',
  'enable',
  'rotation',
  'expiry',
  'expire',
  'expires',
  'expiration',
  'file',
  'path',
  'url',
  'uri',
  'endpoint',
  'ref',
  'reference',
  'count',
  'characters',
  'template',
  'required',
  'mode',
  'format',
  'source',
  'provider',
  'location',
  'size',
  'bits',
  'namespace',
  'expression',
  'schedule',
  'interval',
  'period',
  'ttl',
  'spec',
  'usage',
  'algorithm',
  'alias',
  'state',
  'status',
  'store',
  'vault',
  'manager',
  'label',
  'description',
  'title',
  'summary',
  'stdin',
]);
/** A key starting with one of these is a setting about secrets (require_numbers, max_password_age). */
const SETTING_PREFIXES = new Set([
  'require',
  'requires',
  'max',
  'min',
  'maximum',
  'minimum',
  'allow',
  'allows',
  'enable',
  'disable',
  'generate',
  'exclude',
  'ignore',
  'manage',
  'use',
  'is',
  'has',
  'update',
  'reset',
  'rotate',
  'auto',
  'automount',
  'no',
  'skip',
]);
/** CloudFormation's ServiceToken is a Lambda/SNS ARN; EC2's clientToken is an idempotency token. */
const NOT_SECRET_KEYS = new Set(['servicetoken', 'clienttoken']);

const secretKeyMemo = new Map<string, boolean>();

/** Whether an attribute/key name holds a secret value (not merely refers to one). */
export function isSecretKey(key: string): boolean {
  // Most keys, and the names of resources read as `name` (one per resource), hold none of the
  // words every secret key holds: one regex test instead of keyWords and a memo entry each.
  if (prefilter && !mayNameSecretKey(key)) return false;
  let known = secretKeyMemo.get(key);
  if (known === undefined) {
    known = judgeKey(key);
    // Key names repeat across files; the cap keeps a hostile file from growing the memo forever.
    if (secretKeyMemo.size < 10_000) secretKeyMemo.set(key, known);
  }
  return known;
}

function judgeKey(key: string): boolean {
  const words = keyWords(key);
  if (words.length === 0 || NOT_SECRET_KEYS.has(words.join(''))) return false;
  if (SETTING_PREFIXES.has(words[0] as string)) return false;
  if (REFERENCE_SUFFIXES.has(words[words.length - 1] as string)) return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return words.slice(1).some((w, i) => SECRET_PAIRS.has(`${words[i]} ${w}`));
}

// ---------------------------------------------------------------- values

/** Values that point at a secret elsewhere (or are templated) rather than being one. */
export function isReference(value: string): boolean {
  const v = value.trim();
  return (
    // A leading backslash escapes the `$` of a template that fills it in later (`"\${GH_TOKEN}"`).
    /^\\?(\$\{|\$\(|\$[A-Za-z_])|^(\{\{|\{\.|!|\*|&)/.test(v) ||
    /^\[.*\]$/.test(v) ||
    /^(var|local|data|module)\.[A-Za-z_]/.test(v) ||
    /\{\{resolve:/.test(v)
  );
}

// 'string' is a type name: schemas and API examples write `"password": "string"` as a placeholder.
const NOT_SECRET_VALUES = new Set([
  'true',
  'false',
  'null',
  'none',
  'nil',
  '~',
  'yes',
  'no',
  'read',
  'write',
  'string',
  'undefined',
  // GitHub Actions: `secrets: inherit` passes the caller's secrets on to a reusable workflow.
  'inherit',
]);

/**
 * Values whose shape says they are not a secret, whatever the key: a schedule (`rate(15 days)`,
 * `cron(...)`), a duration or plain small number, an ARN or a URL without credentials (they point
 * at a secret), a file path, and placeholders left for the user to fill (`INSERT_SLACK_TOKEN`,
 * `your-api-key-here`, `REPLACE_ME`): an upper-case identifier with underscores names a value.
 */
const NOT_SECRET_SHAPES: RegExp[] = [
  /^(?:rate|cron|at)\(.*\)$/i,
  /^\d{1,5}(?:\.\d+)?\s*(?:ms|s|m|h|d|w|y|secs?|seconds?|mins?|minutes?|hours?|days?|weeks?|months?|years?)?$/i,
  /^arn:aws[a-z-]*:/,
  /^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i,
  /^(?:\/|\.\.?\/|~\/)[\w./-]*$/,
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/,
  /^(?:insert|your|replace|enter|put|paste|provide|add|set|todo|fixme|placeholder|dummy|fake|redacted)(?:[\s_-]|$)/i,
  /[\s_-](?:here|goes[\s_-]here)$/i,
  // "change me" says the value is yet to be chosen: a placeholder, not a credential in use.
  /^change[\s_-]?(?:me|it|this)(?:[\s_-]?please)?!?$/i,
];

/**
 * An unquoted `Key=value` whose value is code, not a literal: a call argument or an expression
 * (`NextToken=response['NextToken']`, `token=get_token()`, `secret=self.secret`).
 */
function isCodeExpression(value: string): boolean {
  return /^[A-Za-z_$][\w$]*(?:[([\])]|,$)/.test(value) || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+[),]?$/.test(value);
}

function isLiteralSecret(value: string, key: string, bare = false): boolean {
  const v = value.trim();
  if (v === '' || isReference(v) || NOT_SECRET_VALUES.has(v.toLowerCase())) return false;
  if (/^[*xX•.]+$/.test(v) || /^<[^>]*>$/.test(v) || isMasked(v)) return false;
  if (NOT_SECRET_SHAPES.some((shape) => shape.test(v)) || (bare && isCodeExpression(v))) return false;
  // "secret_data = "secret-data"": the value only repeats its key name.
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return norm(v) !== norm(key);
}

interface ValueDetector {
  detector: string;
  pattern: RegExp;
  /** Capture group holding the secret part (default: the whole match). */
  group?: number;
}

const VALUE_DETECTORS: ValueDetector[] = [
  { detector: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|ASCA)[A-Z0-9]{16}\b/g },
  { detector: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
  { detector: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  {
    detector: 'slack-webhook',
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+/g,
  },
  { detector: 'msteams-webhook', pattern: /https:\/\/[A-Za-z0-9_.-]+\.webhook\.office\.com\/webhookb2\/[^\s"']+/g },
  { detector: 'azure-storage-key', pattern: /AccountKey=([A-Za-z0-9+/]{20,}={0,2})/g, group: 1 },
  { detector: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { detector: 'stripe-key', pattern: /\b[rs]k_live_[A-Za-z0-9]{16,}/g },
  { detector: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { detector: 'google-oauth-token', pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g },
  { detector: 'sendgrid-key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/g },
  // user:password@host; the password part is the secret, references like ${x} are skipped below.
  { detector: 'url-credentials', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:([^\s/@'"]+)@/g, group: 1 },
  // `curl -H "Authorization: Bearer ..."` in a script; `$TOKEN` and `<token>` are not values.
  {
    detector: 'authorization-header',
    pattern: /\bAuthorization:\s*(?:Bearer|Basic|Token)\s+([A-Za-z0-9._~+/-]{16,}={0,2})/gi,
    group: 1,
  },
];

/**
 * Every value detector needs one of these in the line: one test skips the twelve patterns on the
 * lines (nearly all) that hold none of them.
 */
const VALUE_HINT =
  /AKIA|ASIA|ABIA|ACCA|ASCA|gh[pousr]_|github_pat_|xox[abposr]-|hooks\.slack|webhook\.office|AccountKey=|eyJ|k_live_|AIza|ya29\.|SG\.|:\/\/|[Aa]uthorization|AUTHORIZATION/;

const PRIVATE_KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d+:/;
const PRIVATE_KEY_BLOCK =
  /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)|PuTTY-User-Key-File-\d+:[\s\S]*?(?:Private-MAC: *[0-9a-f]+|$)/g;

// ---------------------------------------------------------------- per-line hits

interface Hit {
  detector: string;
  attribute?: string;
  /** Span of the secret value inside the line. */
  start: number;
  end: number;
  /** The clear secret when it is not the span's text (a secret inside a base64 literal). */
  clear?: string;
}

function valueHits(line: string): Hit[] {
  if (!VALUE_HINT.test(line)) return [];
  const hits: Hit[] = [];
  for (const { detector, pattern, group } of VALUE_DETECTORS) {
    for (const m of line.matchAll(pattern)) {
      const part = group ? (m[group] as string) : m[0];
      if (isReference(part)) continue;
      const start = (m.index ?? 0) + m[0].indexOf(part);
      hits.push({ detector, start, end: start + part.length });
    }
  }
  return hits;
}

interface Assignment {
  key: string;
  value: string;
  start: number;
  end: number;
  /** Written without quotes after `Key=`: in code that is an expression, not a literal. */
  bare?: boolean;
}

/** `KEY=` closing one string of a list, its value the next string (a CloudFormation Fn::Join). */
const JOINED_SAME_LINE = /([A-Za-z_][\w.-]*)=(["']),\s*(["'])((?:(?!\3).)*)\3/g;
const JOINED_ENDS_LINE = /([A-Za-z_][\w.-]*)=["'],?\s*$/;
const LIST_SCALAR = /^(\s*-\s+)(["']?)(.*?)\2\s*$/;

/**
 * A script assembled with Fn::Join writes `"export DB_PASSWORD=", "value"`: the value is the next
 * piece, on the same line (flow list) or on the next item line (block list).
 */
function joinedValue(lines: string[], index: number): Assignment | undefined {
  const line = lines[index] as string;
  if (line.includes('=",') || line.includes("=',")) {
    for (const m of line.matchAll(JOINED_SAME_LINE)) {
      const value = m[4] as string;
      const start = (m.index ?? 0) + m[0].length - value.length - 1;
      return { key: m[1] as string, value, start, end: start + value.length };
    }
  }
  const before = index > 0 ? (lines[index - 1] as string) : '';
  const prev = before.includes('=') ? JOINED_ENDS_LINE.exec(before) : null;
  const item = prev ? LIST_SCALAR.exec(line) : null;
  if (!prev || !item) return undefined;
  const start = (item[1] as string).length + (item[2] as string).length;
  const value = item[3] as string;
  return { key: prev[1] as string, value, start, end: start + value.length, ...(item[2] ? {} : { bare: true }) };
}

/** A value in a script or a config line: `\"escaped\"`, "double", 'single', or bare up to a separator or escape. */
// A quoted value ends the argument: `'x', parameters('y')` in an ARM expression is no value `x', ...`.
const ARG = String.raw`\\"(?:[^"\\]|\\[^"])*\\"|"[^"]*"(?!\w)|'[^']*'(?!\w)|(?:[^\s"';&|\\]|\\(?![nrt"'\\]))+`;
const KEY_EQUALS = new RegExp(String.raw`(?:^|[\s"';?&(,]|\\[nrt])([A-Za-z_][A-Za-z0-9_.-]*)=(?!=)(${ARG})`, 'g');

/** The value an ARG match holds, without its quotes, placed in the line (the match ends at matchEnd). */
function argument(raw: string, matchEnd: number): Omit<Assignment, 'key'> {
  const quote = raw.startsWith('\\"') ? 2 : raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
  const value = quote ? raw.slice(quote, -quote) : raw;
  const start = matchEnd - raw.length + quote;
  return { value, start, end: start + value.length, ...(quote ? {} : { bare: true }) };
}

/**
 * Secrets handed to a command in a script (user data, custom data, inline code), named by the
 * command instead of a `key=`: the setting of `aws configure set`, a `--password`-style flag, the
 * password glued to a MySQL client's `-p`, sshpass's `-p`, and `echo user:password | chpasswd`.
 */
const COMMAND_ARGUMENTS: { hint: string; pattern: RegExp; key?: string }[] = [
  {
    hint: 'configure',
    pattern: new RegExp(String.raw`\baws\s+configure\s+set\s+(?:--profile\s+\S+\s+)?([\w.]+)\s+(${ARG})`, 'g'),
  },
  { hint: '--', pattern: new RegExp(String.raw`(?:^|[\s"'(]|\\n)--([A-Za-z][\w-]*)(?:=|\s+)(?!-)(${ARG})`, 'g') },
  {
    // `-p` alone prompts for the password; only one glued to it is written down.
    hint: ' -p',
    pattern: new RegExp(
      String.raw`\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb)\b[^|;&]*?\s-p(?=[^\s-])(${ARG})`,
      'g',
    ),
    key: 'password',
  },
  { hint: 'sshpass', pattern: new RegExp(String.raw`\bsshpass\s+-p\s*(${ARG})`, 'g'), key: 'password' },
  {
    hint: 'chpasswd',
    pattern: /\becho\s+["']?[\w.-]+:([^\s"':|]+)(?=["']?\s*\|\s*(?:sudo\s+)?chpasswd\b)/g,
    key: 'password',
  },
];

function commandArguments(line: string): Assignment[] {
  const found: Assignment[] = [];
  for (const { hint, pattern, key } of COMMAND_ARGUMENTS) {
    if (!line.includes(hint)) continue;
    for (const m of line.matchAll(pattern)) {
      const raw = (key ? m[1] : m[2]) as string;
      found.push({ key: key ?? (m[1] as string), ...argument(raw, (m.index ?? 0) + m[0].length) });
    }
  }
  return found;
}

/** The value of `key: value` (YAML, JSON) or `key = "value"` (HCL), or `KEY=value` (shell, env lists). */
function parseAssignments(line: string): Assignment[] {
  const found: Assignment[] = [];
  const colon = line.includes(':')
    ? (/^(\s*(?:-\s+)?)(["']?)([A-Za-z0-9_.@-]+)\2\s*:\s+(?=\S)/.exec(line) ??
      /^(\s*(?:-\s+)?)(["']?)([A-Za-z0-9_.@-]+)\2\s*:(?=["'])/.exec(line))
    : null;
  if (colon) {
    const keyQuoted = colon[2] !== '';
    const v = readValue(line, colon[0].length, !keyQuoted, 'yaml');
    if (v) found.push({ key: colon[3] as string, ...v });
  }
  if (!line.includes('=')) {
    found.push(...commandArguments(line), ...jsonPairs(line));
    return found;
  }
  const equals = /^(\s*)(["']?)([A-Za-z0-9_.-]+)\2\s*=\s*(?=["'])/.exec(line);
  if (equals) {
    const v = readValue(line, equals[0].length, false, 'hcl');
    if (v) found.push({ key: equals[3] as string, ...v });
  }
  const conditional = /^(\s*)([A-Za-z0-9_.-]+)\s*=\s*(?=[^\s"'=])/.exec(line);
  if (conditional) {
    for (const v of conditionalLiterals(line, conditional[0].length))
      found.push({ key: conditional[2] as string, ...v });
  }
  // `;`, `?` and `&` separate the pairs of connection strings (`...;Password=x;`) and URL queries.
  // Keys may be dotted or dashed (Java .properties, Spring settings: `spring.datasource.password=`),
  // and keyword arguments in code (`connect(password="x")`) count.
  // Inside a quoted HCL or JSON string a script's lines are joined by `\n` and its quotes escaped
  // (`"#!/bin/bash\nexport DB_PASSWORD=\"x\"\n"`), so `\n` separates too and `\"x\"` is quoted.
  for (const m of line.matchAll(KEY_EQUALS)) {
    const key = m[1] as string;
    found.push({ key, ...argument(m[2] as string, (m.index ?? 0) + m[0].length) });
  }
  found.push(...commandArguments(line), ...jsonPairs(line), ...hclObjectPairs(line));
  return found;
}

/** `{ key = "value", ... }` written on one line (an HCL object, as in `jsonencode({ password = "x" })`). */
function hclObjectPairs(line: string): Assignment[] {
  if (!/[{,]\s*[A-Za-z_][\w-]*\s*=/.test(line)) return [];
  const found: Assignment[] = [];
  for (const m of line.matchAll(/[{,]\s*([A-Za-z_][\w-]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) {
    const value = m[2] as string;
    if (value.includes('${')) continue;
    const start = (m.index ?? 0) + m[0].length - value.length - 1;
    found.push({ key: m[1] as string, value, start, end: start + value.length });
  }
  return found;
}

/**
 * `"key": "value"` anywhere in the line: minified JSON, and JSON written inside a string
 * (`"{\"password\":\"x\"}"` in HCL, a one-line annotation or tag value).
 */
function jsonPairs(line: string): Assignment[] {
  if (!line.includes('":')) return [];
  const found: Assignment[] = [];
  for (const m of line.matchAll(/(\\?)"([A-Za-z0-9_.@-]+)\1"\s*:\s*\1"((?:[^"\\]|\\.)*?)\1"/g)) {
    const value = m[3] as string;
    const start = (m.index ?? 0) + m[0].length - value.length - 1 - (m[1] as string).length;
    found.push({ key: m[2] as string, value, start, end: start + value.length });
  }
  return found;
}

function readValue(
  line: string,
  from: number,
  allowBare: boolean,
  syntax: 'yaml' | 'hcl',
): { value: string; start: number; end: number } | undefined {
  const q = line[from];
  if (q === '"' || q === "'") {
    let i = from + 1;
    while (i < line.length && line[i] !== q) i += line[i] === '\\' && q === '"' ? 2 : 1;
    if (i >= line.length) return undefined;
    const value = line.slice(from + 1, i);
    if (syntax === 'hcl' && value.includes('${')) return undefined;
    return { value, start: from + 1, end: i };
  }
  if (!allowBare) return undefined;
  // A bare YAML scalar: up to a trailing comment; block scalars and flow collections are skipped.
  const text = line
    .slice(from)
    .replace(/\s+#.*$/, '')
    .trimEnd();
  if (/^[|>{[]/.test(text)) return undefined;
  return { value: text, start: from, end: from + text.length };
}

/** Top-level `?` and `:` of an HCL expression, skipping quoted strings and brackets. */
function conditionalOperators(line: string, from: number): { question: number; colon: number } | undefined {
  let depth = 0;
  let question = -1;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '#' || (c === '/' && line[i + 1] === '/')) break;
    else if (depth === 0 && c === '?' && question < 0) question = i;
    else if (depth === 0 && c === ':' && question >= 0) return { question, colon: i };
  }
  return undefined;
}

/**
 * The quoted literals chosen by an HCL conditional (`password = var.x ? var.y : "literal"`):
 * the literal is what gets deployed when the condition goes that way. The condition's own
 * operands (`var.x != ""`) are compared, never deployed, so they are not read.
 */
function conditionalLiterals(line: string, from: number): { value: string; start: number; end: number }[] {
  const ops = conditionalOperators(line, from);
  if (!ops) return [];
  const branches = [
    [ops.question + 1, ops.colon],
    [ops.colon + 1, line.length],
  ] as const;
  const literals: { value: string; start: number; end: number }[] = [];
  for (const [begin, end] of branches) {
    const text = line.slice(begin, end).replace(/\s*(#|\/\/).*$/, '');
    const m = /^(\s*)"((?:[^"\\]|\\.)*)"\s*$/.exec(text);
    if (!m || (m[2] as string).includes('${')) continue;
    const start = begin + (m[1] as string).length + 1;
    literals.push({ value: m[2] as string, start, end: start + (m[2] as string).length });
  }
  return literals;
}

function attributeHit(a: Assignment, attribute = a.key): Hit | undefined {
  if (!isLiteralSecret(a.value, attribute, a.bare)) return undefined;
  const words = keyWords(attribute);
  let detector = 'secret-attribute';
  if (words.some((w) => ['password', 'passwd', 'pwd', 'pass', 'passphrase'].includes(w)))
    detector = 'password-attribute';
  if (words.includes('aws') && /^[A-Za-z0-9/+]{40}$/.test(a.value)) detector = 'aws-secret-access-key';
  return { detector, attribute, start: a.start, end: a.end };
}

/**
 * `name: DB_PASSWORD` followed by `value: ...` (Kubernetes env, ECS environment; `Key:`/`Value:` in
 * CloudFormation tags), or `db-password:` then `value: ...`.
 */
function pairedName(lines: string[], index: number, byParent: boolean): string | undefined {
  for (let back = index - 1; back >= Math.max(0, index - 2); back--) {
    const prev = lines[back] as string;
    const named = /^\s*(?:-\s+)?["']?(?:name|key)["']?\s*[:=]\s*["']?([A-Za-z0-9_.-]+)["']?\s*,?\s*$/i.exec(prev);
    if (named) return named[1];
    const parent = byParent && /^\s*(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*:\s*\{?\s*$/.exec(prev);
    if (parent) return parent[1];
  }
  return undefined;
}

/** The `name`/`key` written just before `a` on the same line (a one-line `{name, value}` object). */
function nameBefore(assignments: Assignment[], a: Assignment): string | undefined {
  const before = assignments.filter((b) => b.end < a.start && /^(name|key)$/i.test(b.key));
  return before.sort((x, y) => y.end - x.end)[0]?.value;
}

/**
 * A necessary condition for a key to be a secret key: every key isSecretKey accepts, lowercased,
 * holds one of these. Proof: isSecretKey needs a word of keyWords(key) in SECRET_WORDS or two
 * adjacent words forming one of SECRET_PAIRS. keyWords lowercases the key, splits it at every
 * character outside [a-z0-9] (the spaces it inserts at case changes only split further) and strips
 * a word's trailing digits; so a word is a run of the lowercased key, and each of SECRET_WORDS holds
 * `pass`, `pwd`, `secret` or `token`, or is one of the pairs written without a separator (apikey,
 * accesskey, privatekey, accountkey, connectionstring). Two adjacent words `a b` stand in the
 * lowercased key as `a`, the digits stripped from it, characters outside [a-z0-9] (none at a case
 * change), then `b`: the `\d*[^a-z0-9]*` below. `client secret` holds `secret`.
 * The `i` flag matches what toLowerCase gives except for two characters that lower-case to ASCII
 * letters (U+0130 İ to `i̇`, U+212A Kelvin sign to `k`): a line holding one is lowercased first.
 */
const SECRET_KEY_HINT =
  /pass|pwd|secret|token|(?:api|access|private|account|auth|master|shared|signing|license)\d*[^a-z0-9]*key|connection\d*[^a-z0-9]*string/i;

function mayNameSecretKey(line: string): boolean {
  if (SECRET_KEY_HINT.test(line)) return true;
  // indexOf of a character outside Latin-1 answers at once for a one-byte string; a regex class scans it.
  return (line.includes('\u0130') || line.includes('\u212a')) && SECRET_KEY_HINT.test(line.toLowerCase());
}

/** Off only in tests, to compare the pre-filtered scan with the full one (withoutPrefilter). */
let prefilter = true;

/** Runs `fn` with every line's assignments read, as before the pre-filter (for tests). */
export function withoutPrefilter<T>(fn: () => T): T {
  prefilter = false;
  try {
    return fn();
  } finally {
    prefilter = true;
  }
}

/**
 * Whether mayNameSecretKey holds for the last three lines read, as bits (1: this line, 2: the one
 * before, 4: the one before that): shift in each line with nextKeyHints.
 */
function nextKeyHints(hints: number, line: string): number {
  return ((hints << 1) & 6) | (mayNameSecretKey(line) ? 1 : 0);
}

/**
 * Whether an assignment of a line can be reported (`hints` from nextKeyHints up to this line). Its
 * key must be a secret key (every key read is written in the line, or in the line before for
 * joinedValue), or it is `value` named by a secret key written on this line or up to two lines
 * before (nameBefore, pairedName), or `default` in a variable with a secret name, or the fixed
 * `password` of a command: sshpass and chpasswd hold `pass`, the MySQL clients need ` -p`
 * (commandArguments tests that hint first).
 */
function mayAssignSecret(line: string, hints: number, variable: string | undefined): boolean {
  if (!prefilter || hints !== 0) return true;
  if (variable !== undefined && isSecretKey(variable)) return true;
  return line.includes(' -p');
}

function lineHits(lines: string[], index: number, variable: string | undefined, assigns: boolean, depth = 0): Hit[] {
  const line = lines[index] as string;
  // A detector match and a secret assignment elsewhere on the line are both reported.
  const hits = valueHits(line);
  if (assigns) assignmentHits(lines, index, variable, hits);
  for (const hit of base64Hits(line, depth))
    if (!hits.some((h) => hit.start < h.end && h.start < hit.end)) hits.push(hit);
  return hits;
}

/** Adds to `hits` the secrets assigned in line `index` that no hit covers yet. */
function assignmentHits(lines: string[], index: number, variable: string | undefined, hits: Hit[]): void {
  const line = lines[index] as string;
  const assignments = parseAssignments(line);
  const joined = joinedValue(lines, index);
  if (joined) assignments.push(joined);
  for (const a of assignments) {
    // Two readings of the same text (`password="x"` is both HCL and KEY=value) are one secret.
    if (hits.some((h) => a.start < h.end && h.start < a.end)) continue;
    let hit: Hit | undefined;
    if (isSecretKey(a.key)) hit = attributeHit(a);
    else if (a.key.toLowerCase() === 'value') {
      // CloudFormation's `Value:` under an output's name is no secret's value; under `Key:` it is.
      // `{ "name": "DB_PASSWORD", "value": "x" }` on one line names it just before.
      const name = nameBefore(assignments, a) ?? pairedName(lines, index, a.key === 'value');
      if (name && isSecretKey(name)) hit = attributeHit(a, name);
    } else if (a.key === 'default' && variable && isSecretKey(variable)) {
      hit = attributeHit(a, variable);
      if (hit) hit.detector = 'secret-variable-default';
    }
    if (hit) hits.push(hit);
  }
}

/** A run of base64 this long can carry a script or a key (user_data_base64, customData, Secret data). */
const MIN_BASE64 = 24;
/** Decoded base64 inside decoded base64 is read too (cloud-init's `encoding: b64` files), no deeper. */
const MAX_BASE64_DEPTH = 2;

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/** Is `c` part of a longer word (`_`, `-`, `=`)? Then the run is inside a name or a path, not a literal. */
function isWordChar(c: number): boolean {
  return isBase64Char(c) || c === 95 || c === 45 || c === 61;
}

/**
 * Whether the text holds MIN_BASE64 base64 characters in a row, as every run base64Runs returns
 * does. It looks at the last character of the first window that could be such a run: outside the
 * alphabet, no window holding it is a run, so the next window to try ends MIN_BASE64 further on;
 * inside, it reads back to the window's start, and the first character outside the alphabet found
 * moves the next window past it. Most characters of a text are never read.
 */
function hasBase64Run(text: string): boolean {
  let end = MIN_BASE64 - 1;
  while (end < text.length) {
    if (!isBase64Char(text.charCodeAt(end))) {
      end += MIN_BASE64;
      continue;
    }
    const start = end - MIN_BASE64 + 1;
    let i = end - 1;
    while (i >= start && isBase64Char(text.charCodeAt(i))) i--;
    if (i < start) return true;
    end = i + MIN_BASE64;
  }
  return false;
}

/**
 * The maximal runs of base64 characters (with up to two `=` of padding) of at least MIN_BASE64,
 * in one linear pass: a regex restarts at every character of every shorter run.
 */
function base64Runs(line: string): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  let i = 0;
  while (i < line.length) {
    if (!isBase64Char(line.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < line.length && isBase64Char(line.charCodeAt(i))) i++;
    let end = i;
    while (end < line.length && end - i < 2 && line.charCodeAt(end) === 61) end++;
    const before = start > 0 ? line.charCodeAt(start - 1) : 32;
    const after = end < line.length ? line.charCodeAt(end) : 32;
    if (i - start >= MIN_BASE64 && !isWordChar(before) && !isWordChar(after)) runs.push({ start, end });
    i = Math.max(end, i);
  }
  return runs;
}

/** The text a base64 literal encodes, when it is printable text (a script, a config), else undefined. */
function decodeBase64Text(run: string): string | undefined {
  if (run.length % 4 !== 0) return undefined;
  const text = Buffer.from(run, 'base64').toString('utf8');
  return /^[\t\n\r\x20-\x7e\u00a0-\ufffc]+$/.test(text) ? text : undefined;
}

/**
 * Secrets inside base64 literals (`user_data_base64`, `filebase64` output committed as text, ARM
 * `customData`, a Kubernetes Secret's `data`): the decoded text is scanned like any other, and each
 * secret found is reported on the literal's line. The span is the whole literal, which carries the
 * secret and is masked as a whole; `clear` is the decoded secret itself.
 */
function base64Hits(line: string, depth: number): Hit[] {
  if (depth >= MAX_BASE64_DEPTH || !hasBase64Run(line)) return [];
  const hits: Hit[] = [];
  for (const { start, end } of base64Runs(line)) {
    const text = decodeBase64Text(line.slice(start, end));
    if (text === undefined) continue;
    const span = { start, end };
    for (const inner of scanText(text, depth + 1)) {
      const attribute = `${inner.attribute ?? inner.detector}, base64-encoded`;
      hits.push({ detector: inner.detector, attribute, ...span, clear: inner.clear });
    }
  }
  return hits;
}

// ---------------------------------------------------------------- public scans

/**
 * Format-agnostic scan of one file's text; every result carries its 1-based line and a masked
 * value. `reveal` receives each clear value found (for the run's redactor, in memory only).
 */
interface TextHit {
  /** 0-based line index. */
  index: number;
  detector: string;
  attribute?: string;
  /** The clear secret. */
  clear: string;
  /** The text written in the line when it is not the clear secret itself (a base64 literal). */
  written?: string;
}

/** Every secret of a text, line by line (private key blocks as one, at their first line). */
function scanText(content: string, depth: number): TextHit[] {
  if (!mayHoldSecret(content)) return [];
  const lines = content.split(/\r?\n/);
  const found: TextHit[] = [];
  let variable: string | undefined;
  let inPrivateKey = false;
  let hints = 0;
  lines.forEach((line, index) => {
    hints = nextKeyHints(hints, line);
    if (line.startsWith('variable') || /^\s+variable\s/.test(line)) {
      const varStart = /^\s*variable\s+"([^"]+)"/.exec(line);
      if (varStart) variable = varStart[1];
    } else if (line.startsWith('}')) variable = undefined;
    if (inPrivateKey) {
      if (/-----END |Private-MAC:/.test(line)) inPrivateKey = false;
      return;
    }
    const begin = PRIVATE_KEY_BEGIN.exec(line);
    if (begin) {
      found.push({ index, detector: 'private-key', clear: line.slice(begin.index) });
      inPrivateKey = !/-----END |Private-MAC:/.test(line.slice(begin.index + begin[0].length));
      return;
    }
    for (const hit of lineHits(lines, index, variable, mayAssignSecret(line, hints, variable), depth)) {
      const written = line.slice(hit.start, hit.end);
      found.push({
        index,
        detector: hit.detector,
        ...(hit.attribute ? { attribute: hit.attribute } : {}),
        clear: hit.clear ?? written,
        ...(hit.clear !== undefined ? { written } : {}),
      });
    }
  });
  return found;
}

/**
 * Format-agnostic scan of one file's text; every result carries its 1-based line and a masked
 * value. `reveal` receives each clear value found (for the run's redactor, in memory only).
 */
export function scanForSecrets(content: string, reveal?: (clear: string) => void): DetectedSecret[] {
  const found: DetectedSecret[] = [];
  const report = (secret: DetectedSecret, clear: string) => {
    found.push(secret);
    reveal?.(clear);
    // A value written with escapes (`a\"b` in JSON or HCL) is used unescaped.
    if (reveal && clear.includes('\\')) {
      try {
        reveal(JSON.parse(`"${clear}"`) as string);
      } catch {
        // Not a JSON escape sequence: the written form is revealed already.
      }
    }
  };
  for (const hit of scanText(content, 0)) {
    const secret: DetectedSecret = { detector: hit.detector, line: hit.index + 1, masked: maskSecret(hit.clear) };
    if (hit.attribute) secret.attribute = hit.attribute;
    report(secret, hit.clear);
    // The base64 literal carries the secret as much as the secret itself does.
    if (hit.written !== undefined) reveal?.(hit.written);
  }
  for (const declared of templateParameterDefaults(content)) {
    const literals = declared.values.filter((v) => isLiteralSecret(v, declared.parameter));
    if (literals.length === 0) continue;
    // The line scan may have found it already (a parameter named DbPassword): one finding per line.
    const line = declared.line;
    if (line !== undefined) {
      const at = found.findIndex((s) => s.line === line);
      if (at >= 0) found.splice(at, 1);
    }
    const secret: DetectedSecret = {
      detector: declared.detector,
      attribute: declared.parameter,
      ...(line !== undefined ? { line } : {}),
      masked: maskSecret(literals.join(',')),
    };
    found.push(secret);
    for (const clear of literals) reveal?.(clear);
  }
  return found.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** `line` with each hit's span masked (right to left, so earlier spans keep their place). */
function maskHits(line: string, hits: Hit[]): string {
  if (hits.length === 0) return line;
  // Two secrets of one base64 literal share its span: overlapping spans are masked as one.
  const spans: { start: number; end: number }[] = [];
  for (const h of [...hits].sort((a, b) => a.start - b.start)) {
    const last = spans.at(-1);
    if (last && h.start < last.end) last.end = Math.max(last.end, h.end);
    else spans.push({ start: h.start, end: h.end });
  }
  let out = line;
  for (const h of spans.reverse())
    out = out.slice(0, h.start) + maskSecret(out.slice(h.start, h.end)) + out.slice(h.end);
  return out;
}

/** Whether PRIVATE_KEY_BEGIN or PRIVATE_KEY_BLOCK can match in the text: both need one of these. */
function mayHoldPrivateKey(text: string): boolean {
  return text.includes('PRIVATE KEY') || text.includes('PuTTY-User-Key-File-');
}

/** No line break and nothing PRIVATE_KEY_BLOCK can match: the text is its only line, as it is. */
function isOneLineWithoutKey(text: string): boolean {
  return !text.includes('\n') && !mayHoldPrivateKey(text);
}

/**
 * Whether scanText or maskSecretsInText can find anything in the text. A line that is not a
 * private key's needs VALUE_HINT (valueHits), mayAssignSecret (assignments) or a base64 run
 * (base64Hits). None of these regexes is anchored and none of their matches in a line can cross a
 * line end, so a line matching one makes the whole text match it (a base64 run stops at a line
 * end too); ` -p` is a plain substring; and
 * a variable with a secret name holds a SECRET_KEY_HINT match (mayNameSecretKey), written in the
 * text. Most files and nearly all resource strings fail every test: they are returned at once.
 */
function mayHoldSecret(text: string): boolean {
  return (
    !prefilter ||
    mayHoldPrivateKey(text) ||
    VALUE_HINT.test(text) ||
    text.includes(' -p') ||
    mayNameSecretKey(text) ||
    hasBase64Run(text)
  );
}

/** Masks every detected secret inside free text (user data scripts, connection strings, heredocs). */
export function maskSecretsInText(text: string): string {
  if (!mayHoldSecret(text)) return text;
  // One line with no private key (nearly every string of a resource): no split, replace or join.
  if (isOneLineWithoutKey(text))
    return maskHits(text, lineHits([text], 0, undefined, mayAssignSecret(text, nextKeyHints(0, text), undefined)));
  const lines = text.replace(PRIVATE_KEY_BLOCK, (block) => maskSecret(block)).split('\n');
  let hints = 0;
  return lines
    .map((line, index) => {
      hints = nextKeyHints(hints, line);
      return maskHits(line, lineHits(lines, index, undefined, mayAssignSecret(line, hints, undefined)));
    })
    .join('\n');
}

/**
 * Masks what the value detectors recognise in prose (a gap message, a name): tokens, keys, URL
 * credentials, private keys. Unlike maskSecretsInText it reads no `key: value` syntax, which
 * prose is full of (`aws_iam_access_key.x: user ... is not defined`).
 */
export function maskSecretsInProse(text: string): string {
  // Without these, no line has a detector match and there is no private key block to mask.
  if (prefilter && !mayHoldPrivateKey(text) && !VALUE_HINT.test(text)) return text;
  if (isOneLineWithoutKey(text)) return maskHits(text, valueHits(text));
  const lines = text.replace(PRIVATE_KEY_BLOCK, (block) => maskSecret(block)).split('\n');
  return lines.map((line) => maskHits(line, valueHits(line))).join('\n');
}

function maskUnder(value: unknown, secretKey: string | undefined): unknown {
  if (typeof value === 'string') {
    if (secretKey !== undefined && isLiteralSecret(value, secretKey)) return maskSecret(value);
    return maskSecretsInText(value);
  }
  if (Array.isArray(value)) return value.map((v) => maskUnder(v, secretKey));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  // A Kubernetes Secret holds nothing but secrets in data/stringData.
  const isK8sSecret = obj.kind === 'Secret' && typeof obj.apiVersion === 'string';
  // {name: DB_PASSWORD, value: ...} pairs (Kubernetes env, ECS environment, CloudFormation Key/Value tags).
  const named = firstString(obj.name, obj.Name, obj.key, obj.Key);
  const pairedSecret = named !== undefined && isSecretKey(named) ? named : undefined;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (isK8sSecret && (k === 'data' || k === 'stringData') && v && typeof v === 'object') {
      out[k] = Object.fromEntries(
        Object.entries(v).map(([dk, dv]) => [dk, typeof dv === 'string' ? maskSecret(dv) : dv]),
      );
    } else if (pairedSecret !== undefined && k.toLowerCase() === 'value') out[k] = maskUnder(v, pairedSecret);
    else out[k] = maskUnder(v, isSecretKey(k) ? k : undefined);
  }
  return out;
}

/** The first of the values that is a string (no array built per object masked). */
function firstString(a: unknown, b: unknown, c: unknown, d: unknown): string | undefined {
  if (typeof a === 'string') return a;
  if (typeof b === 'string') return b;
  if (typeof c === 'string') return c;
  return typeof d === 'string' ? d : undefined;
}

/** Deep copy with secret values masked: literals under secret keys and anything a value detector matches. */
export function maskSecretValues<T>(value: T): T {
  return maskUnder(value, undefined) as T;
}
