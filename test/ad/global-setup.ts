// vitest globalSetup: a state folder through which test workers share one Samba domain
// controller per run (see shared-dc.ts), and the teardown that stops it if one was started.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopDc } from './samba-dc.ts';

export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-dc-state-'));
  project.provide('adDcStateDir', dir);
  project.provide('adDcOwnerPid', process.pid);
  return async () => {
    const file = path.join(dir, 'dc.json');
    if (fs.existsSync(file)) {
      const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; dir: string; timings: unknown };
      await stopDc(state.pid, state.dir);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
