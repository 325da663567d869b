// The AWS benchmark's measured process: collect online through the replay server, then evaluate.
import { awsCollector } from '../src/collectors/aws/collector.ts';
import { runCollector } from '../src/collectors/run.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../src/model/snapshot.ts';
import { evaluateSnapshots } from '../src/pipeline/evaluate.ts';

const endpoint = process.argv[2]!;
const t0 = performance.now();
const collected = await runCollector(awsCollector, { regions: ['us-east-1'], 'endpoint-url': endpoint });
if (collected.failure) throw new Error(collected.failure);
const snapshot = makeSnapshot('bench', [collected.source], collected.resources);
const t1 = performance.now();
const results = await evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 'aws-bench' }]);
const t2 = performance.now();
console.log(
  JSON.stringify({
    collectSeconds: (t1 - t0) / 1000,
    evaluateSeconds: (t2 - t1) / 1000,
    maxRss: process.resourceUsage().maxRSS * 1024,
    items: collected.source.itemCount,
    resources: results.summary.resources,
    findings: results.summary.findings,
    gaps: collected.source.gaps.length,
  }),
);
