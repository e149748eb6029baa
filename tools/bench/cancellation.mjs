#!/usr/bin/env node
// What a hand-written canceller would save over an AbortController, per proxied request, on the
// Node running this. Not a test. Each request makes one and registers one listener with it (the
// upstream response's); almost none is ever cancelled. The gateway had such a class while Node 20
// made AbortController cost about 3.6 µs a request; on Node 24 the difference is a fraction of a
// microsecond, so it uses AbortController again (docs/dependencies.md has the figures).
//   npm run bench:cancellation
import '../scripts/lib/require-node.mjs'; // first: one clear line on a Node too old to run the rest

/** The smallest canceller that does the job: a lazily allocated list of listeners. */
class Cancellation {
  #listeners;
  #reason;
  cancel(reason = new Error('cancelled')) {
    if (this.#reason) return;
    this.#reason = reason;
    for (const listener of this.#listeners ?? []) listener(reason);
  }
  onCancel(listener) {
    if (this.#reason) listener(this.#reason);
    else (this.#listeners ??= []).push(listener);
  }
}

const ROUNDS = 7;
const PER_ROUND = 2_000_000;
let sink = 0;
const listener = () => sink++;

const cases = {
  AbortController: () => {
    const controller = new AbortController();
    controller.signal.addEventListener('abort', listener, { once: true });
    return controller;
  },
  Cancellation: () => {
    const cancellation = new Cancellation();
    cancellation.onCancel(listener);
    return cancellation;
  },
};

/** Nanoseconds per request, the median of ROUNDS rounds (the first ones also warm the JIT). */
function measure(make) {
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < PER_ROUND; i++) if (make() === undefined) sink++;
    rounds.push(Number(process.hrtime.bigint() - started) / PER_ROUND);
  }
  return rounds.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}

const results = Object.fromEntries(Object.entries(cases).map(([name, make]) => [name, measure(make)]));
console.log(
  `Node ${process.versions.node}, one listener per request, never cancelled, median of ${ROUNDS} rounds of ${PER_ROUND.toLocaleString('en-US')}:`,
);
for (const [name, ns] of Object.entries(results))
  console.log(`  ${name.padEnd(16)} ${ns.toFixed(0).padStart(6)} ns/request`);
console.log(`  AbortController ÷ Cancellation: ${(results.AbortController / results.Cancellation).toFixed(1)}×`);
if (sink < 0) console.log(sink);
