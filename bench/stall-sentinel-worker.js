// A process that does nothing but wake every millisecond, run beside a load run so that stalls of the
// machine itself are told apart from the server's. It does no I/O and allocates next to nothing, so a
// wake-up later than 10 ms means the process could not run: every CPU was taken, or the virtual machine's
// CPU was not running at all. On this Firecracker VM it saw 3–20 such stalls (of 10–18 ms) per 30 s beside
// the decide bench, and none with the machine idle or only computing; /proc/stat shows no steal.
// Usage: node stall-sentinel-worker.js SECONDS. Prints {seconds, overMs, stalls, totalMs, maxMs, largest}.
const seconds = Number(process.argv[2]);
const OVER_MS = 10;
const stalls = [];
const start = performance.now();
let last = start;
const timer = setInterval(() => {
  const now = performance.now();
  if (now - last > OVER_MS) stalls.push(now - last);
  last = now;
}, 1);
setTimeout(() => {
  clearInterval(timer);
  stalls.sort((a, b) => b - a);
  const round = (x) => Math.round(x * 10) / 10;
  process.stdout.write(
    JSON.stringify({
      seconds,
      overMs: OVER_MS,
      stalls: stalls.length,
      totalMs: round(stalls.reduce((a, b) => a + b, 0)),
      maxMs: round(stalls[0] ?? 0),
      largest: stalls.slice(0, 5).map(round),
    }),
  );
}, seconds * 1000);
