// npm run bench (AWS part) — a replayed 50,000-item AWS account: the replay server of the tests
// answers Config with generated items (S3 buckets, security groups, EBS volumes), and a child
// process runs `assay collect aws` online through --endpoint-url and evaluates the snapshot, so
// its peak RSS is the collector's own. Target (2 cores): < 60 s and < 1 GB peak RSS.
import type { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ReplayRule, ReplayServer } from '../test/collectors/aws/replay-server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const COUNTS: Record<string, number> = {
  'AWS::S3::Bucket': 20_000,
  'AWS::EC2::SecurityGroup': 15_000,
  'AWS::EC2::Volume': 15_000,
};
const PAGE = 100;

function configuration(
  type: string,
  id: string,
  n: number,
): { configuration: unknown; supplementary: Record<string, string> } {
  if (type === 'AWS::S3::Bucket') {
    return {
      configuration: { name: id },
      supplementary: {
        BucketVersioningConfiguration: JSON.stringify({ status: n % 2 ? 'Enabled' : 'Off' }),
        BucketLoggingConfiguration: JSON.stringify({ destinationBucketName: n % 3 ? 'logs' : null }),
        BucketPolicy: JSON.stringify({ policyText: null }),
        PublicAccessBlockConfiguration: JSON.stringify({
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: true,
          restrictPublicBuckets: true,
        }),
        ServerSideEncryptionConfiguration: JSON.stringify({
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
        }),
      },
    };
  }
  if (type === 'AWS::EC2::SecurityGroup') {
    const port = n % 2 ? 22 : 443;
    return {
      configuration: {
        groupId: id,
        groupName: `sg-${n}`,
        ipPermissions: [
          {
            ipProtocol: 'tcp',
            fromPort: port,
            toPort: port,
            ipv4Ranges: [{ cidrIp: n % 5 ? '10.0.0.0/8' : '0.0.0.0/0' }],
          },
        ],
        ipPermissionsEgress: [{ ipProtocol: '-1', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }] }],
      },
      supplementary: {},
    };
  }
  return { configuration: { volumeId: id, size: 10, encrypted: n % 4 !== 0, attachments: [] }, supplementary: {} };
}

function item(type: string, id: string) {
  const n = Number(id.split('-').at(-1));
  const { configuration: c, supplementary } = configuration(type, id, n);
  const arn =
    type === 'AWS::S3::Bucket'
      ? `arn:aws:s3:::${id}`
      : `arn:aws:ec2:${REGION}:${ACCOUNT}:${type === 'AWS::EC2::Volume' ? 'volume' : 'security-group'}/${id}`;
  return {
    version: '1.3',
    accountId: ACCOUNT,
    configurationItemCaptureTime: 1_764_000_000,
    configurationItemStatus: 'OK',
    arn,
    resourceType: type,
    resourceId: id,
    resourceName: id,
    awsRegion: REGION,
    configuration: JSON.stringify(c),
    supplementaryConfiguration: supplementary,
  };
}

const idOf = (type: string, n: number) =>
  `${type === 'AWS::S3::Bucket' ? 'bench-bucket' : type === 'AWS::EC2::Volume' ? 'vol' : 'sg'}-${n}`;

const rules: ReplayRule[] = [
  {
    action: 'sts:GetCallerIdentity',
    replies: [
      {
        body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/bench</Arn><UserId>AIDABENCH</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>b</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      },
    ],
  },
  {
    action: 'iam:GetAccountPasswordPolicy',
    replies: [
      {
        body: '<GetAccountPasswordPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountPasswordPolicyResult><PasswordPolicy><MinimumPasswordLength>14</MinimumPasswordLength><ExpirePasswords>false</ExpirePasswords></PasswordPolicy></GetAccountPasswordPolicyResult><ResponseMetadata><RequestId>b</RequestId></ResponseMetadata></GetAccountPasswordPolicyResponse>',
      },
    ],
  },
  {
    action: 'iam:GenerateCredentialReport',
    replies: [
      {
        body: '<GenerateCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GenerateCredentialReportResult><State>COMPLETE</State></GenerateCredentialReportResult><ResponseMetadata><RequestId>b</RequestId></ResponseMetadata></GenerateCredentialReportResponse>',
      },
    ],
  },
  {
    action: 'iam:GetCredentialReport',
    replies: [
      {
        body: `<GetCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetCredentialReportResult><Content>${Buffer.from('user,arn,password_enabled,mfa_active,access_key_1_active,access_key_2_active\n').toString('base64')}</Content></GetCredentialReportResult><ResponseMetadata><RequestId>b</RequestId></ResponseMetadata></GetCredentialReportResponse>`,
      },
    ],
  },
  {
    action: 'config:DescribeConfigurationRecorders',
    replies: [{ body: { ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }] } }],
  },
  {
    action: 'config:DescribeConfigurationRecorderStatus',
    replies: [{ body: { ConfigurationRecordersStatus: [{ name: 'default', recording: true }] } }],
  },
  {
    action: 'ec2:GetEbsEncryptionByDefault',
    replies: [
      {
        body: '<GetEbsEncryptionByDefaultResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>b</requestId><ebsEncryptionByDefault>true</ebsEncryptionByDefault></GetEbsEncryptionByDefaultResponse>',
      },
    ],
  },
  {
    action: 'config:ListDiscoveredResources',
    replies: [],
    generate: (request) => {
      const type = String(request.resourceType);
      const count = COUNTS[type] ?? 0;
      const start = Number(request.nextToken ?? 0);
      const end = Math.min(start + PAGE, count);
      const resourceIdentifiers = [];
      for (let n = start; n < end; n++) resourceIdentifiers.push({ resourceType: type, resourceId: idOf(type, n) });
      return { resourceIdentifiers, nextToken: end < count ? String(end) : undefined };
    },
  },
  {
    action: 'config:BatchGetResourceConfig',
    replies: [],
    generate: (request) => ({
      baseConfigurationItems: (request.resourceKeys as { resourceType: string; resourceId: string }[]).map((key) =>
        item(key.resourceType, key.resourceId),
      ),
      unprocessedResourceKeys: [],
    }),
  },
];

const server = await new ReplayServer(rules).start();
const started = process.hrtime.bigint();
const child = await new Promise<ReturnType<typeof spawnSync>>((resolve) => {
  // Asynchronous so the server in this process keeps answering.
  import('node:child_process').then(({ spawn }) => {
    const run = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'scripts/bench-aws-child.ts'), server.url],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'AKIABENCH',
          AWS_SECRET_ACCESS_KEY: 'bench',
          AWS_CONFIG_FILE: '/nonexistent',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
        },
      },
    );
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (d) => (stdout += d));
    run.stderr.on('data', (d) => (stderr += d));
    run.on('close', (status) => resolve({ status, stdout, stderr } as ReturnType<typeof spawnSync>));
  });
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await server.stop();
if (child.status !== 0) throw new Error(`AWS bench failed (${child.status}): ${child.stderr}`);
const m = JSON.parse(String(child.stdout).trim().split('\n').at(-1)!) as {
  collectSeconds: number;
  evaluateSeconds: number;
  maxRss: number;
  items: number;
  resources: number;
  findings: number;
  gaps: number;
};
const total = Object.values(COUNTS).reduce((a, b) => a + b, 0);
console.log(
  `AWS replayed account: ${m.items} of ${total} items, ${m.resources} resources, ${m.gaps} gaps, ${m.findings} findings; ` +
    `collect ${m.collectSeconds.toFixed(1)} s (${Math.round(m.items / m.collectSeconds)} items/s), evaluate ${m.evaluateSeconds.toFixed(1)} s, ` +
    `total ${seconds.toFixed(1)} s (target < 60 s), peak RSS ${(m.maxRss / 1024 / 1024).toFixed(0)} MB (target < 1024 MB)`,
);
