// Worker thread: one policy instance, reused for every batch it is sent (see OPA-WASM.md:
// a fresh instance per input is what makes wasm evaluation slow). Plain JS so it runs
// without a TypeScript loader in any host (CLI, tests, bundled action).
//
// `claims`, sent before the batches, has one slot per batch, shared with the thread that sent them:
// a batch is evaluated by whoever sets its slot first (that thread takes batches from the end of
// the list once it has nothing else to do); a batch already taken there is answered `skipped`.
import { parentPort, workerData } from 'node:worker_threads';
import opa from '@open-policy-agent/opa-wasm';

const CLAIMED_BY_WORKER = 1;
const policy = opa.loadPolicySync(workerData.module, { initial: workerData.initialPages });
let claims;

parentPort.on('message', (message) => {
  if (message.claims) {
    claims = message.claims;
    return;
  }
  if (claims && Atomics.compareExchange(claims, message.id, 0, CLAIMED_BY_WORKER) !== 0) {
    parentPort.postMessage({ id: message.id, skipped: true });
    return;
  }
  try {
    const output = policy.evaluate(message.input, workerData.entrypoint);
    parentPort.postMessage({ id: message.id, output: output[0]?.result ?? {} });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error?.message ?? error) });
  }
});
