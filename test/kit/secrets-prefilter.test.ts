// The secret scan skips the assignment parsers on lines that cannot name a secret key, and whole
// texts that can hold no secret at all (src/kit/secrets.ts, mayAssignSecret and mayHoldSecret).
// These tests run the pre-filtered scan and the full one (withoutPrefilter) over every text of the
// fixtures and examples and over generated lines built to sit at the filter's edges, and require
// the same findings, the same clear values revealed and the same masked texts.

import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isSecretKey,
  maskSecretsInProse,
  maskSecretsInText,
  maskSecretValues,
  scanForSecrets,
  withoutPrefilter,
} from '../../src/kit/secrets.ts';

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesUnder(path, out);
    else out.push(path);
  }
  return out;
}

const TEXTS = [...filesUnder('test/fixtures'), ...filesUnder('examples')]
  .map((path) => ({ path, content: readFileSync(path) }))
  .filter(({ content }) => !content.includes(0))
  .map(({ path, content }) => ({ path, content: content.toString('utf8') }));

/** Everything the scan and the maskers give for a text: findings, revealed values, masked forms. */
function outputs(text: string) {
  const revealed: string[] = [];
  const found = scanForSecrets(text, (clear) => revealed.push(clear));
  return { found, revealed, masked: maskSecretsInText(text), prose: maskSecretsInProse(text) };
}

function compare(text: string) {
  const filtered = outputs(text);
  const full = withoutPrefilter(() => outputs(text));
  expect(filtered).toEqual(full);
  return full.found.length;
}

/** A small deterministic generator, so a failure names the same case on every run. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

const SECRETISH = [
  'password',
  'Password',
  'PASSWD',
  'pwd',
  'Pass',
  'passphrase',
  'secret',
  'Secrets',
  'token',
  'ApiKey',
  'api',
  'API',
  'access',
  'Access',
  'private',
  'account',
  'Auth',
  'master',
  'shared',
  'signing',
  'license',
  'client',
  'connection',
  'Connection',
  'key',
  'Key',
  'KEY',
  'string',
  'String',
  // U+212A KELVIN SIGN lower-cases to `k`, U+0130 to `i̇`: a key written with them is still read.
  '\u212aey',
  'AP\u0130',
  'ap\u0130',
];
const OTHER = ['db', 'aws', 'id', 'name', 'value', 'default', 'x', 'my', 'Service', 'length', 'enable', 'bucket'];
const SEPARATORS = ['', '', '_', '-', '.', '2', '12', '2_', '__', 'X'];
const VALUES = ['Qz7rT2mW9kLp4vXn', 'hunter2', 'changeme', '${var.x}', 'AKIAABCDEFGHIJKLMNOP', 'x'];

function generatedKey(pick: (n: number) => number): string {
  const parts = 1 + pick(3);
  let key = '';
  for (let i = 0; i < parts; i++) {
    const pool = pick(3) === 0 ? OTHER : SECRETISH;
    key += (i > 0 ? (SEPARATORS[pick(SEPARATORS.length)] as string) : '') + (pool[pick(pool.length)] as string);
  }
  return key;
}

/** One line or a few around a key, in the shapes the scanner reads. */
const SHAPES: ((key: string, value: string) => string)[] = [
  (k, v) => `  ${k} = "${v}"`,
  (k, v) => `${k}: ${v}`,
  (k, v) => `  - ${k}: '${v}'`,
  (k, v) => `{"${k}": "${v}", "other": "y"}`,
  (k, v) => `  policy = "{\\"${k}\\":\\"${v}\\"}"`,
  (k, v) => `export ${k}=${v}`,
  (k, v) => `Server=db;${k}=${v};Timeout=3`,
  (k, v) => `  env = { ${k} = "${v}", b = "c" }`,
  (k, v) => `  ${k} = var.on ? "${v}" : "other"`,
  (k, v) => `aws configure set ${k} ${v}`,
  (k, v) => `run --${k} ${v} now`,
  (k, v) => `- name: ${k}\n  value: ${v}`,
  (k, v) => `- name: ${k}\n  other: 1\n  value: "${v}"`,
  (k, v) => `- name: ${k}\n  a: 1\n  b: 2\n  value: "${v}"`,
  (k, v) => `${k}:\n  value: ${v}`,
  (k, v) => `{ "name": "${k}", "value": "${v}" }`,
  (k, v) => `  Key: ${k}\n  Value: ${v}`,
  (k, v) => `variable "${k}" {\n  type = string\n  default = "${v}"\n}`,
  (k, v) => `  variable "${k}" {\n    default = "${v}"\n  }`,
  (k, v) => `variable "${k}" {\n  type = string\n  sensitive = false\n  description = "x"\n\n  default = "${v}"\n}`,
  (k, v) => `"export ${k}=", "${v}"`,
  (k, v) => `- "export ${k}="\n- ${v}`,
  (k, v) => `- 'export ${k}=',\n- '${v}'`,
  (_, v) => `mysql -u root -p${v} db`,
  (_, v) => `mysqldump -h h\t-p'${v}' db`,
  (_, v) => `sshpass -p ${v} ssh host`,
  (_, v) => `echo "admin:${v}" | sudo chpasswd`,
  (_, v) => `curl -H "Authorization: Bearer ${v}${v}"`,
  (k, v) => `user_data = "${Buffer.from(`#!/bin/bash\nexport ${k}=${v}\n`).toString('base64')}"`,
  (k, v) => `  data = "${Buffer.from(`${k}: ${v}`).toString('base64')}"`,
];

describe('the pre-filtered secret scan against the full one', () => {
  it('gives the same findings, revealed values and masked texts for every fixture and example', () => {
    expect(TEXTS.length).toBeGreaterThan(500);
    let found = 0;
    for (const { path, content } of TEXTS) {
      try {
        found += compare(content);
      } catch (error) {
        throw new Error(`${path}: ${(error as Error).message}`);
      }
    }
    // The corpus holds secrets of every kind: the comparison is not between two empty lists.
    expect(found).toBeGreaterThan(150);
  });

  it('gives the same for each line of the fixtures read alone, as resource strings are', () => {
    const lines = new Set(TEXTS.flatMap(({ content }) => content.split('\n')));
    let changed = 0;
    for (const line of lines) {
      const filtered = maskSecretsInText(line);
      const full = withoutPrefilter(() => maskSecretsInText(line));
      if (filtered !== full) expect({ line, filtered }).toEqual({ line, filtered: full });
      if (full !== line) changed++;
    }
    expect(changed).toBeGreaterThan(100);
  });

  it('gives the same for generated keys in every shape, at the edges of the filter', () => {
    const pick = random(20261206);
    let secretKeys = 0;
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      const key = generatedKey(pick);
      expect(isSecretKey(key), key).toBe(withoutPrefilter(() => isSecretKey(key)));
      if (isSecretKey(key)) secretKeys++;
      const shape = SHAPES[i % SHAPES.length] as (key: string, value: string) => string;
      const text = shape(key, VALUES[pick(VALUES.length)] as string);
      // Alone, after unrelated lines, and after a line that names a secret two or three lines up.
      for (const framed of [text, `a = 1\n${text}`, `name: DB_PASSWORD\nx: 1\n${text}`, `name: token\n\n\n${text}`]) {
        try {
          found += compare(framed);
        } catch (error) {
          throw new Error(`${JSON.stringify(framed)}: ${(error as Error).message}`);
        }
      }
    }
    expect(secretKeys).toBeGreaterThan(500);
    expect(found).toBeGreaterThan(2000);
  });

  it('gives the same for secret keys whose words are split by digits, separators or case', () => {
    const keys = [
      'api2_key',
      'API2Key',
      'access12-key',
      'license_key',
      'connection2.string',
      'Private__Key',
      'signing2Key',
      'AUTH-KEY',
      'masterKey',
      'SharedKey3',
      'client.secret',
      'db_pwd2',
      'x2Token',
    ];
    let found = 0;
    for (const key of keys) {
      expect(isSecretKey(key)).toBe(true);
      expect(withoutPrefilter(() => isSecretKey(key))).toBe(true);
      for (const shape of SHAPES) found += compare(shape(key, 'Qz7rT2mW9kLp4vXn'));
    }
    expect(found).toBeGreaterThan(keys.length * 10);
  });

  it('gives the same for keys written with characters that lower-case to ASCII letters', () => {
    let found = 0;
    for (const key of ['api\u212aey', 'AP\u0130_KEY', 'my\u212aey2', 'db_\u212aey']) {
      expect(isSecretKey(key), key).toBe(withoutPrefilter(() => isSecretKey(key)));
      found += compare(`variable "${key}" {\n  type = string\n  description = "x"\n  default = "Qz7rT2mW9kLp4vXn"\n}`);
      found += compare(`{ "name": "${key}", "value": "Qz7rT2mW9kLp4vXn" }`);
      found += compare(`[{ name = "${key}", value = "Qz7rT2mW9kLp4vXn" }]`);
    }
    expect(found).toBeGreaterThanOrEqual(6);
  });

  it('gives the same for base64 runs of the minimum length at every offset', () => {
    // 24 characters of base64 for 18 of text that holds a secret assignment.
    const run = Buffer.from('password=Qz7rT2mW9').toString('base64');
    expect(run).toHaveLength(24);
    const filler = 'ab c_d-ef.gh"ij=kl mn/op+qr st uv wx yz 01 23';
    let found = 0;
    for (let at = 0; at <= 40; at++)
      for (const [before, after] of [
        [' ', ''],
        [' ', ' '],
        ['"', '"'],
        ['\n', '\n'],
      ])
        for (const text of [`${filler.slice(0, at)}${before}${run}${after}`, `${run}${after}${filler.slice(0, at)}`])
          found += compare(text);
    // A run one character short decodes to nothing.
    found += compare(` ${run.slice(1)} `);
    expect(found).toBeGreaterThan(200);
  });

  it('masks the same values in objects (resource properties, tags, environments)', () => {
    const pick = random(7);
    const objects: unknown[] = [];
    for (let i = 0; i < 2000; i++) {
      const key = generatedKey(pick);
      const value = VALUES[pick(VALUES.length)] as string;
      const shape = SHAPES[pick(SHAPES.length)] as (key: string, value: string) => string;
      objects.push({
        [key]: value,
        env: [{ name: key, value }],
        tags: { Name: `${key}-${i}`, note: shape(key, value) },
        nested: { list: [shape(key, value), value], [`${key}_id`]: value },
      });
    }
    for (const { path, content } of TEXTS)
      if (path.endsWith('.json'))
        try {
          objects.push(JSON.parse(content));
        } catch {
          // Not every fixture named .json is JSON (some are truncated on purpose).
        }
    const filtered = JSON.stringify(objects.map((o) => maskSecretValues(o)));
    const full = withoutPrefilter(() => JSON.stringify(objects.map((o) => maskSecretValues(o))));
    expect(filtered).toBe(full);
    expect(full).not.toBe(JSON.stringify(objects));
  });
});
