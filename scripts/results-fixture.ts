// Writes test/fixtures/results/examples.results.json: the results of the bundled examples, with one
// waiver of each outcome, at a fixed clock and run id. The renderer tests read this file instead of
// running the pipeline, so a policy change does not move them; test/reports/fixture.test.ts notices
// when the pipeline's output no longer has the fixture's shape. Re-run after changing the contract:
//   node --import tsx scripts/results-fixture.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCollector } from '../src/collectors/registry.ts';
import { runCollector } from '../src/collectors/run.ts';
import type { Results, Waiver } from '../src/model/results.ts';
import { evaluateSnapshots } from '../src/pipeline/evaluate.ts';
import { readProvenance } from '../src/pipeline/provenance.ts';
import { snapshotOf } from '../src/pipeline/snapshots.ts';
import { renderJson } from '../src/reports/json.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
export const FIXTURE = path.join(REPO, 'test/fixtures/results/examples.results.json');
export const FIXTURE_NOW = new Date('2026-06-01T12:00:00Z');
const RUN_ID = '00000000-0000-4000-8000-000000000001';

const origin = (line: number) => ({ kind: 'file' as const, file: '.assay/waivers.yaml', line });

/** Applied (W1), expired (W2) and stale (W3). */
export const FIXTURE_WAIVERS: Waiver[] = [
  {
    id: 'W1',
    rule: 'k8s.no_host_namespaces',
    selector: { uid: 'kubernetes:examples/kubernetes/web.yaml:DaemonSet/kube-system/*' },
    reason: 'The node agent reads host metrics; it needs the host PID namespace.',
    ticket: 'SEC-101',
    approver: 'security@example.com',
    expires: '2026-12-31',
    origin: origin(3),
  },
  {
    id: 'W2',
    rule: 'crypto.key_rotation',
    selector: { file: 'examples/terraform/**' },
    reason: 'Legacy key kept for decrypting old archives.',
    ticket: 'SEC-88',
    approver: 'security@example.com',
    expires: '2026-01-31',
    origin: origin(11),
  },
  {
    id: 'W3',
    rule: 'storage.encryption_at_rest',
    selector: { uid: 'terraform:examples/terraform/aws/main.tf:aws_s3_bucket.removed_long_ago' },
    reason: 'Bucket scheduled for deletion.',
    approver: 'security@example.com',
    expires: '2026-12-31',
    origin: origin(19),
  },
];

/** A fixed provenance, as a GitHub Actions run would record it (the machine's own would change the fixture). */
export const FIXTURE_PROVENANCE = readProvenance({
  git: false,
  env: {
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'example/infrastructure',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF_NAME: 'main',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'compliance-bot',
  },
  host: 'ci-runner-1',
});

/** `assay scan examples/` with the fixture's waivers, every framework, at the fixed clock. */
export async function examplesResults(): Promise<Results> {
  const now = () => FIXTURE_NOW;
  const collected = await runCollector(findCollector('iac')!, { paths: ['examples'] }, { root: REPO, now });
  const snapshot = snapshotOf([collected], { toolVersion: '0.0.0-test' });
  return evaluateSnapshots([snapshot], {
    waivers: { waivers: FIXTURE_WAIVERS },
    run: { id: RUN_ID, startedAt: FIXTURE_NOW, provenance: FIXTURE_PROVENANCE },
    now: FIXTURE_NOW,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Paths in the results (framework files) are relative to the working directory.
  process.chdir(REPO);
  writeFileSync(FIXTURE, renderJson(await examplesResults()));
  console.log(`wrote ${path.relative(REPO, FIXTURE)}`);
}
