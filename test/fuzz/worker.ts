// Runs one fuzz target per message and answers with its problems or the exception it threw.
import { parentPort } from 'node:worker_threads';
import { type TargetName, targets } from './targets.ts';

parentPort?.on('message', async ({ id, target, input }: { id: number; target: TargetName; input: unknown }) => {
  try {
    const problems = await (targets[target] as (input: unknown) => string[] | Promise<string[]>)(input);
    parentPort?.postMessage({ id, problems });
  } catch (error) {
    const e = error as Error;
    parentPort?.postMessage({ id, problems: [`threw ${e?.name}: ${e?.message}\n${e?.stack ?? ''}`] });
  }
});
