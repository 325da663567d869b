// One audit over several collectors at once: IaC, AWS Config files (offline) and firewall
// configurations from the test fixtures, with a malformed firewall file that becomes a gap while
// the rest is audited.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/index.ts';
import { AuditFolder, repoRoot } from './audit-harness.ts';

let folder: AuditFolder;

beforeAll(() => {
  folder = new AuditFolder(['terraform']);
  cpSync(path.join(repoRoot, 'test/fixtures/aws/config'), folder.path('aws'), { recursive: true });
  for (const file of ['ruleset.nft.json', 'panos-running-config.xml', 'malformed.iptables']) {
    cpSync(path.join(repoRoot, 'test/fixtures/firewall', file), folder.path('fw', file));
  }
});
afterAll(() => folder.remove());

it('audits IaC, AWS Config files and firewalls in one run, two at a time, one snapshot per source', async () => {
  folder.file(
    'estate.yaml',
    [
      'store: estate.db',
      'output-dir: estate-evidence/',
      'concurrency: 2',
      'sources:',
      '  - {collector: iac, name: infra, paths: [infra/]}',
      '  - {collector: aws, name: aws-config, from: aws/}',
      '  - {collector: firewall, name: firewalls, files: [fw/ruleset.nft.json, fw/panos-running-config.xml]}',
      '  - {collector: firewall, name: broken-fw, files: [fw/malformed.iptables]}',
      '',
    ].join('\n'),
  );
  const run = await folder.cli(['audit', '-c', 'estate.yaml'], '2026-06-01T03:00:00Z');
  for (const name of ['infra', 'aws-config', 'firewalls'])
    expect(run.stderr).toMatch(new RegExp(`\\] ${name}: [1-9]\\d* resources`));
  const store = await openRunStore(folder.path('estate.db'));
  try {
    const [stored] = await store.listRuns();
    const snapshots = await store.loadSnapshots(stored!.id);
    expect(snapshots.map((s) => s.sources[0]!.collector)).toEqual(['iac', 'aws', 'firewall', 'firewall']);
    const broken = snapshots[3]!.sources[0]!;
    expect(broken.gaps.length).toBeGreaterThan(0);
    const results = await store.loadResults(stored!.id);
    expect(results.summary.resources).toBe(snapshots.reduce((n, s) => n + s.resources.length, 0));
    expect(stored!.exitCode).toBe(run.code);
  } finally {
    await store.close();
  }
});
