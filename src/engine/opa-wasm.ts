// The opa-wasm SDK call the engine uses, typed here: the package's ESM entry exports `loadPolicy`
// with loose types (`any` results). Imported statically so a bundler can include the SDK.
import { loadPolicy } from '@open-policy-agent/opa-wasm';

export interface LoadedPolicy {
  evaluate(input: ArrayBuffer | object, entrypoint: string): { result: unknown }[];
}
interface OpaWasm {
  loadPolicy(wasm: BufferSource | WebAssembly.Module, memory: WebAssembly.MemoryDescriptor): Promise<LoadedPolicy>;
}

export const opaWasm: OpaWasm = { loadPolicy };
