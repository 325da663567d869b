// The `aws` collector's definition: AWS Config configuration items -> resources through the AWS
// provider's adapters (src/providers/aws/config-items/), the same knowledge Terraform and
// CloudFormation use. Offline it reads Config deliveries from disk (`--from`, ./offline.ts);
// online it reads Config and IAM through the AWS SDK (./online.ts).
import type { Kind } from '../../model/kinds.ts';
import type { CollectContext, Collector, CollectorResult } from '../contract.ts';

export type AwsOptions = {
  from?: string;
  regions?: string[];
  aggregator?: string;
  'role-arn'?: string[];
  'endpoint-url'?: string;
};

const SOURCE_ID = 'aws';

/**
 * The kinds the Config item adapters (src/providers/aws/config-items/) produce, written out so that
 * defining the collector does not load them; test/collectors/aws/collector-kinds.test.ts keeps the two equal.
 */
export const AWS_KINDS: readonly Kind[] = [
  'storage.bucket',
  'network.firewall',
  'compute.disk',
  'network.vpc',
  'network.flow_log',
  'database.instance',
  'identity.user',
  'iam.policy',
  'identity.group',
  'logging.trail',
  'logging.log_group',
  'crypto.key',
  'loadbalancer.listener',
  'k8s.cluster',
  'storage.snapshot',
];

export const awsCollector: Collector<AwsOptions> = {
  id: 'aws',
  description:
    'snapshot AWS resources from AWS Config (online, or offline --from Config snapshot files; see docs/aws.md)',
  kinds: [...AWS_KINDS],
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
        description:
          'online: regions to read, comma-separated or repeated, or `all` (default: every region enabled for the account)',
      },
      aggregator: {
        type: 'string',
        minLength: 1,
        description: 'online: read every account through this Config aggregator (in AWS_REGION, else the first region)',
        'x-value-name': 'name',
      },
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
    // The adapters load only when AWS is collected.
    const { collectOffline } = await import('./offline.ts');
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
  const envRegion = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  // `--regions a,b` and `--regions a --regions b` alike; `all` (or nothing) is every enabled region.
  const given = options.regions
    ?.flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const regions = given === undefined || given.includes('all') ? undefined : given;
  const startedAt = context.now().toISOString();
  // The AWS SDK takes about half a second to load: only an online collection pays for it.
  const { collectOnline } = await import('./online.ts');
  const online = await collectOnline(
    {
      regions,
      aggregator: options.aggregator,
      roleArns: options['role-arn'] ?? [],
      endpoint: options['endpoint-url'],
      homeRegion: envRegion ?? regions?.[0] ?? 'us-east-1',
    },
    context,
    SOURCE_ID,
  );
  const through = options.aggregator ? ` through Config aggregator ${options.aggregator}` : '';
  return {
    source: {
      id: SOURCE_ID,
      collector: 'aws',
      target: `AWS accounts ${online.accounts.join(', ')}${through}; regions ${online.regions.join(', ') || 'none'}`,
      startedAt,
      finishedAt: context.now().toISOString(),
      status: online.gaps.length > 0 ? 'partial' : 'ok',
      itemCount: online.items,
      method:
        `AWS Config configuration items of the recorded resource types we evaluate${through}, per region ` +
        `(${regions ? 'the regions asked for' : 'every region enabled for the account'}; recorders: ${online.recorders.join('; ') || 'none read'}), ` +
        'EBS encryption by default per region, and from IAM the account password policy and credential report' +
        (options['endpoint-url'] ? `, through ${options['endpoint-url']}` : ''),
      queries: online.queries,
    },
    resources: online.resources,
    gaps: online.gaps,
  };
}
