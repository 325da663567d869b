// The `aws` collector's definition: AWS Config configuration items -> resources through the AWS
// provider's adapters (src/providers/aws/config-items/), the same knowledge Terraform and
// CloudFormation use. This version reads Config deliveries from disk (`--from`); the online
// options are declared so the CLI and configs have their final shape, and refused until built.
import { ADAPTERS } from '../../providers/aws/config-items/index.ts';
import { type Collector, CollectorError } from '../contract.ts';
import { collectOffline } from './offline.ts';

export type AwsOptions = {
  from?: string;
  regions?: string[];
  aggregator?: string;
  'role-arn'?: string[];
  'endpoint-url'?: string;
};

const SOURCE_ID = 'aws';

export const awsCollector: Collector<AwsOptions> = {
  id: 'aws',
  description: 'snapshot AWS resources from AWS Config (offline: --from Config snapshot files; see docs/aws.md)',
  kinds: [...new Set(Object.values(ADAPTERS).flatMap((adapter) => adapter.kinds))],
  options: {
    type: 'object',
    properties: {
      from: {
        type: 'string',
        minLength: 1,
        description:
          'read Config snapshot/history files or saved batch-get/select output (a file or folder, .json or .json.gz)',
        'x-value-name': 'file|dir',
      },
      regions: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'online: regions to read (default: all enabled) [not built yet]',
      },
      aggregator: { type: 'string', minLength: 1, description: 'online: a Config aggregator to read [not built yet]' },
      'role-arn': {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'online: roles to assume, one per account [not built yet]',
        'x-value-name': 'arn',
      },
      'endpoint-url': {
        type: 'string',
        minLength: 1,
        description: 'online: the endpoint of every AWS client (emulators, VPC endpoints) [not built yet]',
        'x-value-name': 'url',
      },
    },
    additionalProperties: false,
  },
  async collect(options, context) {
    if (options.from === undefined) {
      throw new CollectorError(
        'unsupported',
        'online collection from AWS is not built yet: give --from with Config snapshot files (docs/aws.md)',
      );
    }
    const startedAt = context.now().toISOString();
    context.progress(`reading ${options.from}`);
    const collected = await collectOffline(options.from, context.root, SOURCE_ID, context.progress);
    const unmapped = Object.entries(collected.unmapped).map(([type, n]) => `${type} (${n})`);
    context.progress(`${collected.resources.length} resources, ${collected.gaps.length} gaps`);
    return {
      source: {
        id: SOURCE_ID,
        collector: 'aws',
        target: `${options.from} (accounts ${collected.accounts.join(', ') || 'none'}; regions ${collected.regions.join(', ') || 'none'})`,
        startedAt,
        finishedAt: context.now().toISOString(),
        status: collected.gaps.length > 0 ? 'partial' : 'ok',
        itemCount: collected.items,
        method:
          `AWS Config configuration items read from ${collected.files} files (snapshot, history or saved API output); ` +
          'the latest item of each resource is mapped' +
          (unmapped.length > 0 ? `; types read but not mapped: ${unmapped.join(', ')}` : ''),
        queries: [`files under ${options.from} matching *.json, *.json.gz`],
      },
      resources: collected.resources,
      gaps: collected.gaps,
    };
  },
  target: (options) => options.from ?? 'AWS (online)',
};
