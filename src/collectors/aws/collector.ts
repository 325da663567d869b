// The `aws` collector's definition: AWS Config configuration items -> resources through the AWS
// provider's adapters (src/providers/aws/config-items/), the same knowledge Terraform and
// CloudFormation use. Offline it reads Config deliveries from disk (`--from`, ./offline.ts);
// online it reads Config and IAM through the AWS SDK (./online.ts).
import { ADAPTERS } from '../../providers/aws/config-items/index.ts';
import { type CollectContext, type Collector, CollectorError, type CollectorResult } from '../contract.ts';
import { collectOffline } from './offline.ts';
import { collectOnline } from './online.ts';

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
  description:
    'snapshot AWS resources from AWS Config (online, or offline --from Config snapshot files; see docs/aws.md)',
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
        description: 'online: regions to read, comma-separated or repeated (default: AWS_REGION)',
      },
      aggregator: { type: 'string', minLength: 1, description: 'online: a Config aggregator to read [not built yet]' },
      'role-arn': {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'online: roles to assume, one per account',
        'x-value-name': 'arn',
      },
      'endpoint-url': {
        type: 'string',
        minLength: 1,
        description: 'online: the endpoint of every AWS client (emulators, VPC endpoints)',
        'x-value-name': 'url',
      },
    },
    additionalProperties: false,
  },
  async collect(options, context) {
    if (options.from === undefined) return collectLive(options, context);
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

async function collectLive(options: AwsOptions, context: CollectContext): Promise<CollectorResult> {
  if (options.aggregator !== undefined) {
    throw new CollectorError('unsupported', '--aggregator is not built yet: collect each account with --role-arn');
  }
  const envRegion = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  // `--regions a,b` and `--regions a --regions b` alike.
  const given = options.regions?.flatMap((r) => r.split(',')).filter((r) => r.trim() !== '');
  const regions = given ?? (envRegion ? [envRegion] : []);
  if (regions.length === 0) {
    throw new CollectorError('other', 'no region to read: give --regions r1,r2 (or set AWS_REGION)');
  }
  const startedAt = context.now().toISOString();
  const online = await collectOnline(
    { regions, roleArns: options['role-arn'] ?? [], endpoint: options['endpoint-url'] },
    context,
    SOURCE_ID,
  );
  return {
    source: {
      id: SOURCE_ID,
      collector: 'aws',
      target: `AWS accounts ${online.accounts.join(', ')}; regions ${regions.join(', ')}`,
      startedAt,
      finishedAt: context.now().toISOString(),
      status: online.gaps.length > 0 ? 'partial' : 'ok',
      itemCount: online.items,
      method:
        'AWS Config configuration items of the recorded resource types we evaluate, per region ' +
        `(recorders: ${online.recorders.join('; ')}), and the IAM account password policy` +
        (options['endpoint-url'] ? `, through ${options['endpoint-url']}` : ''),
      queries: online.queries,
    },
    resources: online.resources,
    gaps: online.gaps,
  };
}
