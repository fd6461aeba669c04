// The floor for bench/decide.js: a bare Node HTTP server that spends MS milliseconds of CPU on each request
// (a busy wait, the decision's own CPU time) and answers a decision-shaped JSON. Driven by the same load
// generator at the same rate right after a decide run, its p99 is what this machine allowed in that minute for
// a one-threaded server doing only that much work: no database, no GC pressure, nothing to stall on but the
// machine itself. Usage: node floor-server-worker.js MS; prints {"port"} once listening, runs until killed.
import { createServer } from "node:http";

const ms = Number(process.argv[2]);
const answer = JSON.stringify({ arm: "none", offers: [], dropped: [] });
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // the decision's CPU time
    }
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(answer),
    });
    response.end(answer);
  });
});
server.listen(0, "127.0.0.1", () =>
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`),
);
