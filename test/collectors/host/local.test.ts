// `assay collect host --local` on this machine: facts that are certainly true here, a valid
// snapshot, and one gap per command that cannot run (never a crash).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/model/resource.ts';
import { validateSnapshot } from '../../../src/model/validate.ts';
import { runCli } from '../../cli/run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'assay-host-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('assay collect host --local', () => {
  it('collects this machine into a valid snapshot that evaluate handles', async () => {
    const output = path.join(dir, 'local.json');
    const { stdout, stderr } = await runCli(['collect', 'host', '--local', '-o', output]);
    expect(existsSync(output), stderr).toBe(true);
    expect(stdout + stderr).toContain('resources from 1 host(s) of local');
    const snapshot = JSON.parse(readFileSync(output, 'utf8')) as Snapshot;
    expect(validateSnapshot(snapshot)).toEqual([]);
    const users = snapshot.resources.filter((r) => r.kind === 'identity.user');
    expect(users.find((u) => u.name === 'root')?.props).toMatchObject({ uid: 0, isRoot: true });
    // /etc/passwd is world-readable: its mode is read.
    const os = snapshot.resources.find((r) => r.kind === 'host.os')!;
    expect(os.props).toMatchObject({ family: 'linux' });
    expect((os.props as { sensitiveFiles?: { path: string }[] }).sensitiveFiles?.map((f) => f.path)).toContain(
      '/etc/passwd',
    );
    expect(snapshot.resources.find((r) => r.kind === 'identity.password_policy')?.props).toMatchObject({
      scope: 'host',
    });
    // Every gap names what was not read and why.
    for (const gap of snapshot.sources[0]!.gaps) expect(gap.message.length).toBeGreaterThan(10);
    const evaluated = await runCli(['evaluate', output, '-f', 'json']);
    const results = JSON.parse(evaluated.stdout) as { rules: { id: string; inScope: number }[] };
    const inScope = (id: string) => results.rules.find((r) => r.id === id)?.inScope;
    expect(inScope('host.uid0_accounts')).toBe(users.length);
    // The host's password policy is evaluated by the same rules as AD's and AWS's.
    expect(inScope('identity.password_min_length')).toBe(1);
    expect(inScope('identity.account_lockout')).toBe(1);
  }, 120_000);
});
