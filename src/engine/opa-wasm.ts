// The opa-wasm SDK call the engine uses, typed here: the package's ESM entry has loose types (`any`
// results). Imported statically so a bundler can include the SDK.
import * as sdk from '@open-policy-agent/opa-wasm';

export interface LoadedPolicy {
  evaluate(input: ArrayBuffer | object, entrypoint: string): { result: unknown }[];
}
interface OpaWasm {
  /**
   * Instantiates the policy in this thread. Not the SDK's async loadPolicy: it first asks whether
   * its argument is a fetch `Response`, and the first read of that global loads Node's fetch
   * implementation (undici), 40-90 ms of CPU in a scan that does not otherwise load it.
   */
  loadPolicySync(wasm: BufferSource | WebAssembly.Module, memory: WebAssembly.MemoryDescriptor): LoadedPolicy;
}

// The ESM entry exports loadPolicySync only on its default export (its types say otherwise).
const { loadPolicySync } = (sdk as unknown as { default: OpaWasm }).default;

export const opaWasm: OpaWasm = { loadPolicySync };
