// Results of the real pipeline on the bundled examples, with one waiver of each outcome, for the
// renderer tests: realistic data, not hand-written, and stable (fixed clock).
import { fileURLToPath } from 'node:url';
import { collectIac } from '../../src/collectors/iac/index.ts';
import type { Results, Waiver } from '../../src/model/results.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../src/model/snapshot.ts';
import { evaluateSnapshots } from '../../src/pipeline/evaluate.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE_NOW = new Date('2026-06-01T12:00:00Z');

const origin = (line: number) => ({ kind: 'file' as const, file: '.assay/waivers.yaml', line });

export const SAMPLE_WAIVERS: Waiver[] = [
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

let cached: Promise<Results> | undefined;

/** `assay scan examples/` with the sample waivers, all frameworks, at SAMPLE_NOW. */
export function sampleResults(): Promise<Results> {
  cached ??= (async () => {
    const { source, resources } = await collectIac([`${REPO}examples`], { root: REPO });
    const snapshot = makeSnapshot('0.0.0-test', [source], resources);
    return evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: '(scan)' }], {
      waivers: { waivers: SAMPLE_WAIVERS },
      now: SAMPLE_NOW,
    });
  })();
  return cached;
}

/** A run that found nothing to look at: no snapshots, rules, findings or frameworks. */
export function emptyResults(): Results {
  return {
    schema: 'assay.results/v1',
    tool: { name: 'assay', version: '0.0.0', bundleSha256: 'a'.repeat(64) },
    generatedAt: '2026-06-01T12:00:00.000Z',
    snapshots: [],
    summary: {
      resources: 0,
      rules: 0,
      findings: 0,
      open: 0,
      waived: 0,
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      gaps: 0,
    },
    rules: [],
    findings: [],
    gaps: [],
    frameworks: [],
    populations: [],
    evidence: [],
    resources: [],
    waivers: [],
  };
}
