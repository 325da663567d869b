// A run's identity: a random id, the time it started and where it came from (provenance), fixed
// when a face starts the run (before collection), and completed with what the run read when the
// results are built.
import { randomUUID } from 'node:crypto';
import type { Provenance } from '../model/results.ts';
import { type ProvenanceOptions, readProvenance } from './provenance.ts';

export interface RunStart {
  id: string;
  startedAt: Date;
  /** Read while the run collects (git answers in child processes); awaited when the results are built. */
  provenance: Promise<Provenance>;
}

export function startRun(now: Date = new Date(), provenance: ProvenanceOptions = {}): RunStart {
  return { id: randomUUID(), startedAt: now, provenance: readProvenance(provenance) };
}
