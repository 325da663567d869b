// The opa-wasm SDK calls the engine uses, typed here: the package's ESM entry exports `loadPolicy`
// with loose types (`any` results). Imported statically so a bundler can include the SDK.
import * as sdk from '@open-policy-agent/opa-wasm';

// The ESM entry exports loadPolicySync only on its default export (its types say otherwise).
const { loadPolicy, loadPolicySync } = (sdk as unknown as { default: OpaWasm }).default;

export interface LoadedPolicy {
  evaluate(input: ArrayBuffer | object, entrypoint: string): { result: unknown }[];
}
interface OpaWasm {
  loadPolicy(wasm: BufferSource | WebAssembly.Module, memory: WebAssembly.MemoryDescriptor): Promise<LoadedPolicy>;
  /**
   * The same, instantiated in this thread. loadPolicy first asks whether its argument is a fetch
   * `Response`, and the first read of that global loads Node's fetch implementation (undici): about
   * 90 ms of CPU in a scan that does not otherwise load it.
   */
  loadPolicySync(wasm: BufferSource | WebAssembly.Module, memory: WebAssembly.MemoryDescriptor): LoadedPolicy;
}

export const opaWasm: OpaWasm = { loadPolicy, loadPolicySync };
