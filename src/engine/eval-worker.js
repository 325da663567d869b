// Worker thread: one policy instance, reused for every batch it is sent (see OPA-WASM.md:
// a fresh instance per input is what makes wasm evaluation slow). Plain JS so it runs
// without a TypeScript loader in any host (CLI, tests, bundled action).
import { parentPort, workerData } from 'node:worker_threads';
import opa from '@open-policy-agent/opa-wasm';

const policy = opa.loadPolicySync(workerData.module, { initial: workerData.initialPages });

parentPort.on('message', (message) => {
  try {
    const output = policy.evaluate(message.input, workerData.entrypoint);
    parentPort.postMessage({ id: message.id, output: output[0]?.result ?? {} });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error?.message ?? error) });
  }
});
