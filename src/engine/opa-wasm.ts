// The two opa-wasm SDK calls the engine uses, typed here: the package's ESM entry exports only
// `loadPolicy`, and its type declarations do not describe the CommonJS default object.
import { createRequire } from 'node:module';

export interface LoadedPolicy {
  evaluate(input: ArrayBuffer | object, entrypoint: string): { result: unknown }[];
}
interface OpaWasm {
  loadPolicy(wasm: BufferSource | WebAssembly.Module, memory: WebAssembly.MemoryDescriptor): Promise<LoadedPolicy>;
}

export const opaWasm = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as OpaWasm;
