// npm run bench — speed and memory of the workloads we promise:
//   1. a synthetic Terraform repo (1,000 files, 10,000 resources, plus a file resource each)
//      collected and evaluated end to end;
//   2. a 100,000-resource snapshot evaluated by `assay evaluate`;
//   3. a 300,000-resource snapshot through `assay evaluate --output-dir` (every file format);
//   4. a 20,000-file Terraform tree (~200 MB) through `assay scan --output-dir`.
// Each runs in its own process so its peak RSS is its own. Targets (2 cores): 1. < 5 s;
// 2. < 10 s and < 1.5 GB RSS; 3. and 4. complete, every output written, < 2 GB RSS.
// `npm run bench -- --small` runs only 1. and 2.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Resource } from '../src/model/resource.ts';
import { makeSnapshot, serializeSnapshot } from '../src/model/snapshot.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(repoRoot, '.bench');

function terraformFile(i: number, padding = 0): string {
  const blocks: string[] = [];
  for (let j = 0; j < 2; j++) {
    const n = `${i}_${j}`;
    blocks.push(`resource "aws_s3_bucket" "b${n}" {
  bucket = "bench-${n}"
  tags = { team = "t${i % 7}" }
}

resource "aws_s3_bucket_versioning" "b${n}" {
  bucket = aws_s3_bucket.b${n}.id
  versioning_configuration {
    status = "${j ? 'Enabled' : 'Suspended'}"
  }
}`);
  }
  blocks.push(`resource "aws_security_group" "sg${i}" {
  name = "sg-${i}"
  ingress {
    from_port   = ${i % 2 ? 22 : 443}
    to_port     = ${i % 2 ? 22 : 443}
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "db${i}" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  storage_encrypted       = ${i % 3 === 0}
  backup_retention_period = ${i % 10}
}

resource "aws_kms_key" "k${i}" {
  enable_key_rotation = ${i % 2 === 0}
}

resource "aws_iam_policy" "p${i}" {
  name   = "p${i}"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}

resource "aws_cloudwatch_log_group" "lg${i}" {
  name              = "/bench/${i}"
  retention_in_days = ${i % 2 ? 30 : 400}
}

resource "aws_vpc" "vpc${i}" {
  cidr_block = "10.${i % 250}.0.0/16"
}

resource "aws_cloudtrail" "t${i}" {
  name                       = "trail-${i}"
  s3_bucket_name             = "bench-${i}_0"
  is_multi_region_trail      = ${i % 2 === 0}
  enable_log_file_validation = true
}

resource "aws_ebs_volume" "v${i}" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = ${i % 4 !== 0}
}`);
  // Comment lines bring a file to the size of a real one without adding resources.
  for (let k = 0; k < padding; k++) blocks.push(`# ${'padding line of a larger Terraform file '.repeat(2)}${k}`);
  return `${blocks.join('\n\n')}\n`;
}

function syntheticResources(count: number): Resource[] {
  const resources: Resource[] = [];
  for (let i = 0; i < count; i++) {
    const location = { file: `mod${i % 500}/main.tf`, line: (i % 200) + 1 };
    const base = { provider: 'aws' as const, location, sourceId: 'bench', name: `r${i}` };
    switch (i % 5) {
      case 0:
        resources.push({
          ...base,
          uid: `b${i}`,
          kind: 'storage.bucket',
          nativeType: 'aws_s3_bucket',
          props: { versioning: { enabled: i % 2 === 0 }, encryption: { enabled: true } },
        });
        break;
      case 1:
        resources.push({
          ...base,
          uid: `sg${i}`,
          kind: 'network.firewall',
          nativeType: 'aws_security_group',
          props: {
            rules: [
              {
                direction: 'ingress',
                action: 'allow',
                protocol: 'tcp',
                ports: [{ from: 22, to: 22 }],
                sources: [i % 3 ? '10.0.0.0/8' : '0.0.0.0/0'],
                line: location.line + 2,
              },
            ],
          },
        });
        break;
      case 2:
        resources.push({
          ...base,
          uid: `db${i}`,
          kind: 'database.instance',
          nativeType: 'aws_db_instance',
          props: { publiclyAccessible: i % 7 === 0, encryption: { enabled: i % 2 === 0 }, backupRetentionDays: i % 14 },
        });
        break;
      case 3:
        resources.push({
          ...base,
          uid: `k${i}`,
          kind: 'crypto.key',
          nativeType: 'aws_kms_key',
          props: { rotationEnabled: i % 2 === 0, keySpec: 'SYMMETRIC_DEFAULT' },
        });
        break;
      default:
        resources.push({
          ...base,
          uid: `d${i}`,
          kind: 'compute.disk',
          nativeType: 'aws_ebs_volume',
          props: { encryption: { enabled: i % 3 !== 0 } },
        });
    }
  }
  return resources;
}

interface Measured {
  seconds: number;
  parseSeconds: number;
  evaluateSeconds: number;
  maxRss: number;
  resources: number;
  findings: number;
}

interface MeasuredCli {
  seconds: number;
  exitCode: number;
  maxRss: number;
  outputs: string[];
  missing: string[];
}

/** The whole CLI in a child process, as a user runs it; then every output file is looked for. */
function timedCli(label: string, args: string[], outputDir: string, expected: string[]): MeasuredCli {
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'scripts/bench-child.ts'), 'cli', ...args, '--output-dir', outputDir],
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (!last.startsWith('{')) throw new Error(`${label} failed (${run.status}): ${run.stderr.slice(-4000)}`);
  const measured = JSON.parse(last) as { exitCode: number; maxRss: number };
  if (measured.exitCode === 2) console.error(`${label}: exit 2\n${run.stderr.slice(-4000)}`);
  const present = (file: string) => existsSync(path.join(outputDir, file));
  return {
    seconds,
    ...measured,
    outputs: expected.filter(present),
    missing: expected.filter((file) => !present(file)),
  };
}

function timed(label: string, args: string[]): Measured {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/bench-child.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${label} failed (${run.status}): ${run.stderr}`);
  const measured = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Omit<Measured, 'seconds'>;
  return { seconds, ...measured };
}

rmSync(work, { recursive: true, force: true });
mkdirSync(path.join(work, 'tf'), { recursive: true });
for (let i = 0; i < 1000; i++) {
  const dir = path.join(work, 'tf', `mod${Math.floor(i / 10)}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `file${i}.tf`), terraformFile(i));
}
const snapshot = makeSnapshot(
  'bench',
  [
    {
      id: 'bench',
      collector: 'bench',
      target: 'synthetic',
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      status: 'ok',
      gaps: [],
    },
  ],
  syntheticResources(100_000),
);
writeFileSync(path.join(work, 'snapshot-100k.json'), serializeSnapshot(snapshot));

const scan = timed('scan', ['scan', path.join(work, 'tf')]);
const big = timed('evaluate', ['evaluate', path.join(work, 'snapshot-100k.json')]);
const small = process.argv.includes('--small');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
console.log(
  'workload                              parse    evaluate   total (process)   peak RSS   resources  findings',
);
console.log(
  `terraform repo, 1,000 files          ${scan.parseSeconds.toFixed(2)} s   ${scan.evaluateSeconds.toFixed(2)} s     ${scan.seconds.toFixed(2)} s            ${mb(scan.maxRss)}    ${scan.resources}      ${scan.findings}`,
);
console.log(
  `snapshot, 100,000 resources          ${big.parseSeconds.toFixed(2)} s   ${big.evaluateSeconds.toFixed(2)} s     ${big.seconds.toFixed(2)} s            ${mb(big.maxRss)}    ${big.resources}     ${big.findings}`,
);
console.log(
  `targets: repo < 5 s end to end; snapshot < 10 s and < 1.5 GB  (cores: ${(await import('node:os')).availableParallelism()})`,
);
if (!small) {
  const EVERY_FILE = [
    'results.json',
    'results.sarif',
    'report.html',
    'report.md',
    'findings.csv',
    'junit.xml',
    'oscal-assessment-results.json',
    'manifest.json',
  ];
  writeFileSync(
    path.join(work, 'snapshot-300k.json'),
    serializeSnapshot(makeSnapshot('bench', snapshot.sources, syntheticResources(300_000))),
  );
  const huge = timedCli(
    'evaluate 300k',
    ['evaluate', path.join(work, 'snapshot-300k.json')],
    path.join(work, 'out-300k'),
    [...EVERY_FILE, 'snapshots/snapshot-300k.json'],
  );
  for (let i = 0; i < 20_000; i++) {
    const dir = path.join(work, 'tf20k', `mod${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `file${i}.tf`), terraformFile(i, 95));
  }
  const tree = timedCli(
    'scan 20k files',
    ['scan', path.join(work, 'tf20k'), '--root', path.join(work, 'tf20k')],
    path.join(work, 'out-20k'),
    [...EVERY_FILE, 'snapshots/scan.json'],
  );
  const line = (label: string, m: MeasuredCli) =>
    `${label}  ${m.seconds.toFixed(1)} s   peak RSS ${mb(m.maxRss)}   exit ${m.exitCode}   outputs ${m.outputs.length}/${m.outputs.length + m.missing.length}${m.missing.length ? ` (missing: ${m.missing.join(', ')})` : ''}`;
  console.log('');
  console.log(line('snapshot, 300,000 resources, --output-dir      ', huge));
  console.log(line('terraform tree, 20,000 files, --output-dir     ', tree));
  console.log('targets: both complete (exit 0 or 1) with every output, < 2 GB peak RSS');
}
