// Splits a snapshot's resources into evaluation inputs: each batch groups resources by kind, so
// rules select their kind with one lookup (wasm has no rule indexing), and drops `raw`, which no
// rule reads and which would only cost parsing time inside wasm.
import type { Resource } from '../model/resource.ts';

export type PolicyResource = Omit<Resource, 'raw'>;
export interface BatchInput {
  kinds: Record<string, PolicyResource[]>;
}

export function toPolicyResource(resource: Resource): PolicyResource {
  const { raw: _raw, ...rest } = resource;
  return rest;
}

export function makeBatches(resources: Resource[], batchSize: number): BatchInput[] {
  const batches: BatchInput[] = [];
  for (let start = 0; start < resources.length; start += batchSize) {
    const kinds: Record<string, PolicyResource[]> = {};
    for (const resource of resources.slice(start, start + batchSize)) {
      const group = kinds[resource.kind] ?? [];
      group.push(toPolicyResource(resource));
      kinds[resource.kind] = group;
    }
    batches.push({ kinds });
  }
  return batches;
}

/** JSON as an ArrayBuffer: opa-wasm copies it straight into wasm memory without re-serialising. */
export function encodeBatch(batch: BatchInput): ArrayBuffer {
  const bytes = new TextEncoder().encode(JSON.stringify(batch));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
