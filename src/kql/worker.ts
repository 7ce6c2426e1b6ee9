import { workerData } from 'node:worker_threads';
import { NEXT, POSTED, WorkerState, type WorkerInput, type WorkerMessage } from './pool.js';
import { checkKqlRequest, loadKqlService } from './service.js';

/** A worker thread of checkKqlMany (./pool.ts): loads the language service, then answers chunks of the shared queue. */
const { requests, control, slot, chunk, port } = workerData as WorkerInput;
const post = (message: WorkerMessage) => {
  port.postMessage(message);
  Atomics.add(control, POSTED, 1);
  Atomics.notify(control, POSTED);
};
try {
  loadKqlService();
  // The main thread may have finished the whole queue meanwhile.
  if (Atomics.compareExchange(control, slot, WorkerState.Loading, WorkerState.Working) === WorkerState.Loading) {
    for (let start = Atomics.add(control, NEXT, chunk); start < requests.length; start = Atomics.add(control, NEXT, chunk)) {
      post({ kind: 'answers', start, checks: requests.slice(start, start + chunk).map(checkKqlRequest) });
    }
    post({ kind: 'done' });
  }
} catch (e) {
  post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
}
port.close();
