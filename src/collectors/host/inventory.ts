// The inventory file (`--inventory hosts.yaml`): the hosts to collect over SSH, validated by a
// JSON Schema. Relative key paths are resolved against the inventory's folder.
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { readValidatedYaml } from '../../util/validated-yaml.ts';
import { CollectorError } from '../contract.ts';
import type { SshTarget } from './ssh-runner.ts';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['hosts'],
  properties: {
    hosts: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['host'],
        properties: {
          name: { type: 'string', minLength: 1, description: 'the name in the snapshot (default: host)' },
          host: { type: 'string', minLength: 1 },
          port: { type: 'integer', minimum: 1, maximum: 65535 },
          user: { type: 'string', minLength: 1 },
          key: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

type Inventory = { hosts: { name?: string; host: string; port?: number; user?: string; key?: string }[] };

// Compiled on first use: compiling a schema costs startup time every command would pay.
let validateInventory: ValidateFunction<Inventory> | undefined;
const inventoryValidator = (): ValidateFunction<Inventory> =>
  (validateInventory ??= new Ajv2020({ allErrors: false, strict: false }).compile<Inventory>(SCHEMA));

export function parseInventory(file: string, defaults: { user?: string; keyFile?: string }): SshTarget[] {
  const data = readValidatedYaml(
    file,
    inventoryValidator(),
    'the inventory',
    (message) => new CollectorError('parse-error', message),
  ).data as Inventory;
  const folder = path.dirname(file);
  return data.hosts.map((entry, index) => {
    const user = entry.user ?? defaults.user;
    if (!user)
      throw new CollectorError(
        'parse-error',
        `inventory ${file}: hosts[${index}] (${entry.host}) has no user and --ssh gave none`,
      );
    return {
      name: entry.name ?? entry.host,
      host: entry.host,
      port: entry.port ?? 22,
      user,
      keyFile: entry.key ? path.resolve(folder, entry.key) : defaults.keyFile,
    };
  });
}

/** `user@host[:port]` or `user@[v6addr]:port`. */
export function parseSshTarget(text: string, keyFile: string | undefined): SshTarget {
  const match = /^([^@\s]+)@(\[[^\]]+\]|[^:\s[\]]+)(?::(\d{1,5}))?$/.exec(text);
  const port = match?.[3] === undefined ? 22 : Number(match[3]);
  if (!match || port < 1 || port > 65535) throw new CollectorError('other', `--ssh ${text}: expected user@host[:port]`);
  const host = match[2]!.replace(/^\[(.*)\]$/, '$1');
  return { name: port === 22 ? host : `${host}:${port}`, host, port, user: match[1]!, keyFile };
}
