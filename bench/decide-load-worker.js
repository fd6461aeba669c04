// Open-loop load for bench/decide.js: POST /v1/decide {"customerId", "context"} at a fixed rate, each
// request for a random customer (c0000001…, as the planted population numbers them), sent on schedule
// whether or not earlier ones have answered. The same generator as bench/propensity-load-worker.js (one
// request in flight per keep-alive connection, a new connection when all are busy, plain sockets and a
// minimal HTTP/1.1 reader so the generator's own CPU stays small on the 2 shared cores), with the path
// and body of the decide endpoint and a tally of what the answers say: the arm (contact, holdout, none),
// offers per answer, the source of the first offer, and the policies that dropped proposals.
// Since sending never waits for the server, a stall shows up in every request it delays (no coordinated
// omission). `latencyMs` runs from the moment the request is written to the socket to the last byte of
// the answer; `fromScheduleMs` from its slot in the schedule (adds the generator's timer lateness).
// Usage: node decide-load-worker.js URL KEY CUSTOMERS RATE SECONDS SEED [CONTEXT].
// Prints {requests, answered, ok, errors, errorSamples, seconds, rate, latencyMs, fromScheduleMs,
//         slow, connections, arms, offersPerAnswer, firstOfferSource, drops, generatorCpuSeconds}.
import net from "node:net";
import { Rng } from "../dist/core/index.js";

const [url, key, customersArg, rateArg, secondsArg, seedArg, contextArg] = process.argv.slice(2);
const customers = Number(customersArg);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const context = contextArg ?? "login";
const rng = new Rng(Number(seedArg));
const width = Math.max(7, String(customers).length);
const { hostname, port } = new URL(url);
const total = Math.round(rate * seconds);
const fromSchedule = new Float64Array(total);
const fromSend = new Float64Array(total);
const errorSamples = [];
const arms = {};
const firstOfferSource = {};
const drops = {};
let errors = 0;
let done = 0;
let offers = 0;
let connections = 0;

function requestText() {
  const id = `c${String(rng.int(1, customers)).padStart(width, "0")}`;
  const body = `{"customerId":"${id}","context":"${context}"}`;
  return (
    `POST /v1/decide HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${key}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

const count = (tally, name) => {
  tally[name] = (tally[name] ?? 0) + 1;
};

/** What one decision answered; its parse costs a few microseconds, far below the server's time. */
function tally(body) {
  const decision = JSON.parse(body.toString());
  count(arms, decision.arm);
  offers += decision.offers.length;
  count(firstOfferSource, decision.offers[0]?.source ?? "(none)");
  for (const d of decision.dropped) count(drops, d.policy);
}

const idle = [];

function fail(why) {
  errors++;
  if (errorSamples.length < 5) errorSamples.push(why);
  done++;
}

function connection() {
  connections++;
  const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
  const state = { socket, current: null, buffer: Buffer.alloc(0), ready: false, queued: null };
  socket.on("connect", () => {
    state.ready = true;
    if (state.queued) {
      const q = state.queued;
      state.queued = null;
      q.sent = performance.now();
      socket.write(q.text);
    }
  });
  socket.on("data", (chunk) => {
    state.buffer = state.buffer.length === 0 ? chunk : Buffer.concat([state.buffer, chunk]);
    for (;;) {
      const end = state.buffer.indexOf("\r\n\r\n");
      if (end < 0 || !state.current) return;
      const head = state.buffer.subarray(0, end).toString("latin1");
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (state.buffer.length < end + 4 + length) return;
      const body = state.buffer.subarray(end + 4, end + 4 + length);
      state.buffer = state.buffer.subarray(end + 4 + length);
      const request = state.current;
      state.current = null;
      const now = performance.now();
      fromSchedule[request.i] = now - request.scheduled;
      fromSend[request.i] = now - request.sent;
      const status = Number(head.slice(9, 12));
      if (status !== 200) fail(`${status} ${body.toString().slice(0, 200)}`);
      else {
        tally(body);
        done++;
      }
      idle.push(state);
    }
  });
  const broken = (why) => {
    const i = idle.indexOf(state);
    if (i >= 0) idle.splice(i, 1);
    const request = state.current ?? state.queued;
    state.current = null;
    state.queued = null;
    if (request) {
      const now = performance.now();
      fromSchedule[request.i] = now - request.scheduled;
      fromSend[request.i] = now - (request.sent ?? request.scheduled);
      fail(why);
    }
  };
  socket.on("error", (error) => broken(String(error.message ?? error)));
  socket.on("close", () => broken("connection closed"));
  return state;
}

function send(i, scheduled) {
  const request = { i, scheduled, sent: null, text: requestText() };
  const state = idle.pop() ?? connection();
  state.current = request;
  if (state.ready) {
    request.sent = performance.now();
    state.socket.write(request.text);
  } else state.queued = request;
}

const interval = 1000 / rate;
const start = performance.now() + 5;
let next = 0;
await new Promise((resolve) => {
  const tick = () => {
    const now = performance.now();
    while (next < total && start + next * interval <= now) {
      send(next, start + next * interval);
      next++;
    }
    if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    else resolve();
  };
  setTimeout(tick, 5);
});
const deadline = performance.now() + 60_000;
while (done < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
const elapsed = (performance.now() - start) / 1000;
for (const s of idle) s.socket.destroy();

function summary(xs) {
  const sorted = Float64Array.from(xs.subarray(0, total)).sort();
  const at = (q) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 100) / 100;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: at(1),
    mean: Math.round(mean * 100) / 100,
  };
}
/**
 * The requests over SLOW_MS grouped into spells (slow requests less than SPELL_GAP_MS apart in the
 * schedule): a few long spells point at stalls of the whole server (a collection, a disk read, a
 * descheduled VM), many short ones at queueing. The largest spells, with when they began.
 */
const SLOW_MS = 10;
const SPELL_GAP_MS = 50;
function slowSpells() {
  const spells = [];
  let spell = null;
  for (let i = 0; i < total; i++) {
    if (fromSend[i] <= SLOW_MS) continue;
    const at = i * interval;
    if (!spell || at - spell.last > SPELL_GAP_MS) {
      spell = { first: at, last: at, requests: 0, maxMs: 0 };
      spells.push(spell);
    }
    spell.last = at;
    spell.requests++;
    spell.maxMs = Math.max(spell.maxMs, fromSend[i]);
  }
  const round1 = (x) => Math.round(x * 10) / 10;
  return {
    overMs: SLOW_MS,
    spells: spells.length,
    requests: spells.reduce((n, s) => n + s.requests, 0),
    largest: spells
      .sort((a, b) => b.requests - a.requests)
      .slice(0, 8)
      .map((s) => ({
        atS: round1(s.first / 1000),
        spanMs: Math.round(s.last - s.first),
        requests: s.requests,
        maxMs: round1(s.maxMs),
      })),
  };
}

const usage = process.cpuUsage();
const ok = done - errors;
process.stdout.write(
  JSON.stringify({
    requests: total,
    answered: done,
    ok,
    errors: errors + (total - done),
    errorSamples,
    seconds: Math.round(elapsed * 100) / 100,
    rate: Math.round((total / elapsed) * 10) / 10,
    latencyMs: summary(fromSend),
    fromScheduleMs: summary(fromSchedule),
    slow: slowSpells(),
    connections,
    arms,
    offersPerAnswer: ok > 0 ? Math.round((offers / ok) * 100) / 100 : 0,
    firstOfferSource,
    drops,
    generatorCpuSeconds: Math.round((usage.user + usage.system) / 1e4) / 100,
  }),
);
process.exit(0);
