import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { openKqlCheckCache } from './cache.js';
import { checkKqlRequest, knownKqlCheck, rememberKqlCheck, reserveKqlChecks, type KqlCheck, type KqlRequest } from './service.js';

export interface KqlBatchOptions {
  /** Worker threads besides the main one (default: `AZSLO_KQL_THREADS`, else one per other core). */
  readonly threads?: number;
  /** A folder keeping the answers between runs (./cache.ts). */
  readonly cacheDir?: string;
  /** Told where the answers came from. */
  readonly report?: (counts: { readonly requests: number; readonly fromCacheDir: number; readonly onWorkers: number }) => void;
}

/**
 * Many KQL checks at once, on worker threads beside the main one: the Kusto language service parses about 200
 * characters a millisecond, and an estate of 1,000 services checks thousands of user queries. Synchronous like
 * checkKql (validate stays a plain function): the threads share the queue through a SharedArrayBuffer, the main
 * thread takes its part, then sleeps on Atomics.wait until the others have answered. A worker that fails or stops
 * answering loses nothing: what it had not answered is checked on the main thread. The answers are the same as
 * checkKql's, in the requests' order, and are cached for the checkKql calls that follow.
 */
export function checkKqlMany(requests: readonly KqlRequest[], options: KqlBatchOptions = {}): KqlCheck[] {
  const stored = options.cacheDir !== undefined && requests.length > 0 ? openKqlCheckCache(options.cacheDir) : undefined;
  let fromCacheDir = 0;
  const results: (KqlCheck | undefined)[] = requests.map((r) => {
    const known = knownKqlCheck(r);
    if (known || !stored) return known;
    const kept = stored.get(r);
    if (kept) {
      fromCacheDir++;
      rememberKqlCheck(r, kept);
    }
    return kept;
  });
  const pending = requests.flatMap((r, i) => (results[i] ? [] : [i]));
  reserveKqlChecks(requests.length);
  const threads = Math.min(options.threads ?? defaultThreads(), Math.floor(pending.length / MIN_PER_THREAD));
  let onWorkers = 0;
  if (threads > 0) {
    runOnWorkers(pending.map((i) => requests[i]!), threads).forEach((check, k) => {
      if (!check) return;
      if (check.onWorker) onWorkers++;
      results[pending[k]!] = check.answer;
      rememberKqlCheck(requests[pending[k]!]!, check.answer);
    });
  }
  // What is still missing (no worker, or a worker that failed) is checked here; checkKql caches it.
  const answers = requests.map((r, i) => results[i] ?? checkKqlRequest(r));
  if (stored) {
    for (const i of pending) stored.set(requests[i]!, answers[i]!);
    stored.save();
  }
  options.report?.({ requests: requests.length, fromCacheDir, onWorkers });
  return answers;
}

/**
 * Worker threads besides the main one: one per other core (at most MAX_THREADS), `AZSLO_KQL_THREADS` to choose
 * (0: none). On the quiet 2-core benchmark machine one worker made the KQL checks of 10,000 SLOs a fifth to a
 * quarter faster; when the other core is busy it costs time instead, hence the setting.
 */
function defaultThreads(): number {
  const configured = process.env.AZSLO_KQL_THREADS;
  if (configured !== undefined && /^\d+$/.test(configured)) return Math.min(MAX_THREADS, Number(configured), availableParallelism());
  return Math.min(MAX_THREADS, availableParallelism() - 1);
}

/** Below this many checks per thread, loading the language service on another thread costs more than it saves. */
const MIN_PER_THREAD = 64;
const MAX_THREADS = 7;
/** Checks claimed at a time: small enough to share the tail evenly, large enough to keep messages few. */
const CHUNK = 16;
/** A worker silent this long is given up (it crashed or hangs): its unanswered checks run on the main thread. */
const SILENCE_MS = 60_000;

/** control[0]: the next unclaimed index; control[1]: answers posted, to wake the main thread; control[2 + w]: worker w's state. */
export const NEXT = 0;
export const POSTED = 1;
export const WorkerState = {
  Loading: 0,
  Working: 1,
  /** The main thread finished the queue before the worker was ready: it must not start. */
  Abandoned: 2,
} as const;

/** A message from a worker (./worker.ts) to the main thread. */
export type WorkerMessage = { readonly kind: 'answers'; readonly start: number; readonly checks: KqlCheck[] } | { readonly kind: 'done' } | { readonly kind: 'failed'; readonly message: string };

export interface WorkerInput {
  readonly requests: readonly KqlRequest[];
  readonly control: Int32Array;
  readonly slot: number;
  readonly chunk: number;
  readonly port: MessagePort;
}

/**
 * Each request's answer and whether a worker gave it; none where a worker failed (the caller checks those itself).
 * `mainTakesPart: false` leaves the whole queue to the workers (tests: who answers is otherwise a race).
 */
export function runOnWorkers(requests: readonly KqlRequest[], threads: number, mainTakesPart = true): ({ answer: KqlCheck; onWorker: boolean } | undefined)[] {
  const control = new Int32Array(new SharedArrayBuffer(4 * (2 + threads)));
  const answers: ({ answer: KqlCheck; onWorker: boolean } | undefined)[] = new Array(requests.length);
  const workers = Array.from({ length: threads }, (_, w) => startWorker({ requests, control, slot: 2 + w, chunk: CHUNK }));
  const open = new Set(workers.filter((w) => w !== undefined));
  const drain = () => {
    for (const w of open) {
      for (let m = receiveMessageOnPort(w.port); m; m = receiveMessageOnPort(w.port)) {
        const message = m.message as WorkerMessage;
        w.heard = Date.now();
        if (message.kind === 'answers') message.checks.forEach((answer, k) => (answers[message.start + k] = { answer, onWorker: true }));
        else {
          close(w);
          break;
        }
      }
    }
  };
  const close = (w: RunningWorker) => {
    open.delete(w);
    w.port.close();
    void w.worker.terminate();
  };
  // The main thread's part: claimed chunk by chunk from the same queue as the workers.
  if (mainTakesPart) {
    for (let start = Atomics.add(control, NEXT, CHUNK); start < requests.length; start = Atomics.add(control, NEXT, CHUNK)) {
      for (let i = start; i < Math.min(start + CHUNK, requests.length); i++) answers[i] = { answer: checkKqlRequest(requests[i]!), onWorker: false };
      drain();
    }
    // Workers still loading the language service have nothing left to do.
    for (const w of [...open]) if (Atomics.compareExchange(control, w.slot, WorkerState.Loading, WorkerState.Abandoned) === WorkerState.Loading) close(w);
  }
  while (open.size > 0) {
    const posted = Atomics.load(control, POSTED);
    drain();
    if (open.size === 0) break;
    Atomics.wait(control, POSTED, posted, 100);
    for (const w of [...open]) if (Date.now() - w.heard > SILENCE_MS) close(w);
  }
  return answers;
}

interface RunningWorker {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly slot: number;
  heard: number;
}

/** The worker module beside this one: compiled (dist/) or, under tsx (tests, bench), the TypeScript source. */
function startWorker(input: Omit<WorkerInput, 'port'>): RunningWorker | undefined {
  const { port1, port2 } = new MessageChannel();
  const source = import.meta.url.endsWith('.ts');
  const url = new URL(source ? './worker.ts' : './worker.js', import.meta.url);
  try {
    const data = { ...input, port: port2 };
    // tsx registers its loader in the main thread only: a worker on the source registers it first.
    const worker = source
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`, { eval: true, workerData: data, transferList: [port2] })
      : new Worker(url, { workerData: data, transferList: [port2] });
    worker.unref();
    // An error is also posted as 'failed' when the worker can; the main thread reads its port, not these events.
    worker.on('error', () => undefined);
    return { worker, port: port1, slot: input.slot, heard: Date.now() };
  } catch {
    port1.close();
    return undefined;
  }
}
