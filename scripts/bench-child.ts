// One benchmark workload in its own process; prints one JSON line of measurements.
import { collectIac } from '../src/collectors/iac/index.ts';
import type { Snapshot } from '../src/model/resource.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../src/model/snapshot.ts';
import { evaluateSnapshots } from '../src/pipeline/evaluate.ts';
import { readSnapshotFiles } from '../src/pipeline/snapshots.ts';

const [mode, target] = process.argv.slice(2) as [string, string];
if (mode === 'cli') {
  // The real command line, as a user runs it; its console output is not measured.
  const { main } = await import('../src/cli/main.ts');
  const exitCode = await main(process.argv.slice(3), {
    stdout: () => {},
    stderr: (s) => process.stderr.write(s),
    isTty: false,
  });
  console.log(JSON.stringify({ exitCode, maxRss: process.resourceUsage().maxRSS * 1024 }));
  process.exit(0);
}
const t0 = performance.now();
let snapshotEntry: { snapshot: Snapshot; sha256: string; file: string };
if (mode === 'scan') {
  const { source, resources } = await collectIac([target]);
  const snapshot = makeSnapshot('bench', [source], resources);
  snapshotEntry = { snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: target };
} else {
  snapshotEntry = readSnapshotFiles([target])[0]!;
}
const t1 = performance.now();
const results = await evaluateSnapshots([snapshotEntry]);
const t2 = performance.now();
console.log(
  JSON.stringify({
    parseSeconds: (t1 - t0) / 1000,
    evaluateSeconds: (t2 - t1) / 1000,
    maxRss: process.resourceUsage().maxRSS * 1024,
    resources: results.summary.resources,
    findings: results.summary.findings,
  }),
);
