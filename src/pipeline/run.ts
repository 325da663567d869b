// A run's identity: a random id and the time it started, fixed when a face starts the run (before
// collection), and completed with what the run read when the results are built.
import { randomUUID } from 'node:crypto';

export interface RunStart {
  id: string;
  startedAt: Date;
}

export function startRun(now: Date = new Date()): RunStart {
  return { id: randomUUID(), startedAt: now };
}
