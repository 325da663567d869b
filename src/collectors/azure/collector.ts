// The `azure` collector's definition: Azure resources -> normalized resources through the Azure
// provider's mappers (src/providers/azure/), the same ones that read ARM templates. Online it
// reads Resource Graph, Resource Manager and Azure Policy through the Azure SDK (./online.ts);
// offline it reads saved `az` output (`--from`, ./offline.ts).
// The work is in ./collect-azure.ts, loaded when Azure is collected.
import type { Collector } from '../contract.ts';
import { ALL_KINDS, PUBLIC_ARM } from './declared.ts';
import type { PolicyEvidence } from './policy.ts';

export type AzureOptions = {
  subscription?: string[];
  'management-group'?: string;
  from?: string;
  'arm-endpoint'?: string;
  'ca-file'?: string;
  concurrency?: number;
};

export const SOURCE_ID = 'azure';

export const azureCollector: Collector<AzureOptions> = {
  id: 'azure',
  description:
    'snapshot Azure subscriptions through Resource Graph and Azure Policy (online, Reader role), or offline --from saved az output (see docs/azure.md)',
  kinds: ALL_KINDS,
  options: {
    type: 'object',
    properties: {
      subscription: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description:
          'online: subscription ids to read, repeated or comma-separated (default: every one the credential sees)',
        'x-value-name': 'id',
      },
      'management-group': {
        type: 'string',
        minLength: 1,
        description: 'online: read every subscription under this management group',
        'x-value-name': 'id',
      },
      from: {
        type: 'string',
        minLength: 1,
        description:
          'read saved az graph query / az resource list|show / Resource Manager list output (a file or folder of .json)',
        'x-value-name': 'file|dir',
      },
      'arm-endpoint': {
        type: 'string',
        minLength: 1,
        description: `online: the Resource Manager endpoint (sovereign clouds, Azure Stack; default ${PUBLIC_ARM})`,
        'x-value-name': 'url',
      },
      'ca-file': {
        type: 'string',
        minLength: 1,
        description: 'online: also trust this CA certificate (PEM) for Resource Manager and the token endpoint',
        'x-value-name': 'file',
      },
      concurrency: {
        type: 'integer',
        minimum: 1,
        maximum: 32,
        default: 4,
        description: 'online: subscriptions read at the same time',
      },
    },
    additionalProperties: false,
  },
  async collect(options, context) {
    const work = await import('./collect-azure.ts');
    return options.from === undefined ? work.collectLive(options, context) : work.collectFiles(options.from, context);
  },
  target: (options) => options.from ?? targetOf(options),
};

function targetOf(options: AzureOptions): string {
  if (options['management-group']) return `Azure management group ${options['management-group']}`;
  const subs = subscriptionsOf(options);
  return subs.length > 0 ? `Azure subscriptions ${subs.join(', ')}` : 'Azure (every subscription the credential sees)';
}

export function subscriptionsOf(options: AzureOptions): string[] {
  return (options.subscription ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export type { PolicyEvidence };
