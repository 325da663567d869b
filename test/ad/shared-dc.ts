// One domain controller per test run, started only when a *.dc.test.ts file asks for it: the
// first worker to ask provisions it (the others wait for it), and the global teardown
// (test/ad/global-setup.ts) stops it. Runs without DC tests never start Samba.
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { type Dc, dcUnavailableReason, startSambaDc } from './samba-dc.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adDcStateDir: string;
    adDcOwnerPid: number;
  }
}

export const STATE_FILE = 'dc.json';
const ERROR_FILE = 'error.txt';
const WAIT_MS = 5 * 60_000;

/** What a worker needs to use the domain controller; the process itself belongs to the teardown. */
export type DcState = Omit<Dc, 'stop'>;

function writeAtomically(file: string, text: string) {
  fs.writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

async function waitForState(dir: string): Promise<DcState> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const error = path.join(dir, ERROR_FILE);
    if (fs.existsSync(error))
      throw new Error(`the test domain controller failed to start: ${fs.readFileSync(error, 'utf8')}`);
    const state = path.join(dir, STATE_FILE);
    if (fs.existsSync(state)) return JSON.parse(fs.readFileSync(state, 'utf8')) as DcState;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out waiting for another worker to start the test domain controller');
}

/** The run's domain controller; stop() is a no-op here, the global teardown stops it. */
export async function sharedSambaDc(): Promise<Dc> {
  const dir = inject('adDcStateDir');
  if (!dir) throw new Error('test/ad/global-setup.ts is not configured as a vitest globalSetup');
  let state: DcState;
  try {
    // mkdir is atomic: exactly one worker wins and starts the domain controller.
    fs.mkdirSync(path.join(dir, 'lock'));
  } catch {
    state = await waitForState(dir);
    return { ...state, stop: async () => {} };
  }
  try {
    const { stop: _stop, ...started } = await startSambaDc({ ownerPid: inject('adDcOwnerPid') });
    state = started;
    writeAtomically(path.join(dir, STATE_FILE), JSON.stringify(state));
  } catch (error) {
    writeAtomically(path.join(dir, ERROR_FILE), (error as Error).message);
    throw error;
  }
  return { ...state, stop: async () => {} };
}

/**
 * Whether DC tests run: ASSAY_DC_TESTS=require fails them when Samba cannot run (CI),
 * ASSAY_DC_TESTS=skip skips them, unset runs them when Samba can run and skips them otherwise.
 */
export async function dcTestsDisabled(): Promise<string | false> {
  const mode = process.env.ASSAY_DC_TESTS;
  if (mode === 'skip') return 'ASSAY_DC_TESTS=skip';
  if (mode === 'require') return false;
  const reason = await dcUnavailableReason();
  if (reason) {
    console.warn(`skipping the Samba domain controller tests: ${reason}`);
    return reason;
  }
  return false;
}
