/**
 * The worker's program, as source text: a worker built from a string (Node `eval: true`, a Blob URL in the
 * browser) needs no file path, so it starts the same from src, from dist and from a bundle. Plain
 * JavaScript that runs in both a Node worker_thread and a Web Worker; it must match protocol.ts.
 *
 * The worker instantiates the kernels' module on the shared memory, says it is ready, then loops: block in
 * Atomics.wait until the job generation changes, take chunks of rows from the shared counter until none is
 * left, count itself done, notify.
 */
import { ARGS_BYTE_OFFSET, DONE, ERROR, FN, GRAIN, NARGS, NEXT, SEQ, STOP, THREADS, UNITS } from './protocol.js';

export const WORKER_SOURCE = `
'use strict';
const isNode = typeof process === 'object' && process && process.versions && typeof process.versions.node === 'string';
let port = null;
if (isNode) {
  // getBuiltinModule works whether Node runs this eval'd source as a script or as a module (a parent started
  // with --input-type=module passes that on to its workers, and then there is no require).
  const builtin = (name) => (typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule(name) : require(name));
  port = builtin('node:worker_threads').parentPort;
  // V8 flags are process-wide, but a worker that compiled on its own would need it: set it here too.
  if (process.env && process.env.LINCLASS_RELAXED_FLAG === '1') {
    try { builtin('node:v8').setFlagsFromString('--experimental-wasm-relaxed-simd'); } catch (e) {}
  }
}
function post(msg) { if (port) port.postMessage(msg); else self.postMessage(msg); }
function start(msg) {
  const { module, memory, control, names, index } = msg;
  let fns;
  try {
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    fns = names.map((n) => instance.exports[n]);
  } catch (e) {
    post({ type: 'error', message: String(e && e.message || e) });
    return;
  }
  const ctrl = new Int32Array(control);
  const args = new Float64Array(control, ${ARGS_BYTE_OFFSET});
  post({ type: 'ready' });
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, ${SEQ}, seen);
    seen = Atomics.load(ctrl, ${SEQ});
    if (Atomics.load(ctrl, ${STOP}) === 1) break;
    try {
      if (index < ctrl[${THREADS}]) {
        const units = ctrl[${UNITS}];
        const grain = ctrl[${GRAIN}];
        const n = ctrl[${NARGS}];
        const a = [];
        for (let i = 0; i < n; i++) a.push(args[i]);
        a.push(0, 0, index);
        const f = fns[ctrl[${FN}]];
        for (let c = Atomics.add(ctrl, ${NEXT}, 1); c * grain < units; c = Atomics.add(ctrl, ${NEXT}, 1)) {
          a[n] = c * grain;
          a[n + 1] = Math.min(units, (c + 1) * grain);
          f(...a);
        }
      }
    } catch (e) {
      Atomics.store(ctrl, ${ERROR}, 1);
    }
    Atomics.add(ctrl, ${DONE}, 1);
    Atomics.notify(ctrl, ${DONE});
  }
  if (isNode) process.exit(0); else self.close();
}
if (port) port.once('message', start);
else self.onmessage = (e) => { self.onmessage = null; start(e.data); };
`;
