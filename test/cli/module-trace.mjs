// Runs the CLI in this process and prints {code, seen}: every module URL it resolved (test/cli/main.test.ts).
// Usage: node --import tsx test/cli/module-trace.mjs <path of src/cli/main.ts> <azslo arguments...>
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const seen = [];
port1.on('message', (url) => seen.push(url));
port1.unref();
const hooks = `let port; export function initialize(d) { port = d.port; } export async function resolve(s, c, n) { const r = await n(s, c); port.postMessage(r.url); return r; }`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });
const { run } = await import(process.argv[2]);
const code = await run(process.argv.slice(3), { out: () => undefined, err: () => undefined });
await new Promise((r) => setTimeout(r, 200));
process.stdout.write(JSON.stringify({ code, seen }));
