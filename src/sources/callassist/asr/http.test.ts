import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isNudgeError } from "../../../core/index.js";
import { audioOf, decodeAudio } from "../audio/index.js";
import { sine } from "../audio/test-support/wav-bytes.js";
import { HttpRecognizer } from "./http.js";

interface Seen {
  path: string;
  lang: string | null;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

const TOKEN = "s3cret-token";
const audio = audioOf(sine(200, 0.5));
let server: Server;
let base: string;
const seen: Seen[] = [];

/** Each path answers differently. */
function route(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
  const url = new URL(request.url!, "http://x");
  seen.push({
    path: url.pathname,
    lang: url.searchParams.get("lang"),
    authorization: request.headers.authorization,
    contentType: request.headers["content-type"],
    body,
  });
  const json = (status: number, value: string) => {
    response.writeHead(status, { "content-type": "application/json" }).end(value);
  };
  const answers: Record<string, () => void> = {
    "/ok": () =>
      json(
        200,
        JSON.stringify({ text: `  heard ${decodeAudio(body).durationS}s `, lang: "zh", confidence: 0.8 }),
      ),
    "/forbidden": () => json(403, JSON.stringify({ error: "bad token" })),
    "/html": () => response.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>"),
    "/no-text": () => json(200, JSON.stringify({ transcript: "hi" })),
  };
  // "/slow" never answers.
  answers[url.pathname]?.();
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => route(request, response, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(recognizer: HttpRecognizer): Promise<{ reason: unknown; message: string }> {
  const error = await recognizer.recognize(audio).catch((e: unknown) => e);
  if (!isNudgeError(error, "UNAVAILABLE")) throw new Error(`expected UNAVAILABLE, got ${String(error)}`);
  return { reason: error.details.reason, message: error.message };
}

describe("HttpRecognizer", () => {
  it("posts the utterance as WAV with the token and language, and reads the answer", async () => {
    const recognizer = new HttpRecognizer({ url: `${base}/ok?tenant=lighthouse`, token: TOKEN });
    const recognition = await recognizer.recognize(audio, { lang: "zh" });
    expect(recognition).toMatchObject({ text: "heard 0.5s", lang: "zh", confidence: 0.8, engine: "http" });
    expect(recognition.elapsedMs).toBeGreaterThan(0);
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ lang: "zh", authorization: `Bearer ${TOKEN}`, contentType: "audio/wav" });
    expect(request.body.subarray(0, 4).toString()).toBe("RIFF");
  });

  it("sends no authorization header without a token", async () => {
    await new HttpRecognizer({ url: `${base}/ok` }).recognize(audio);
    expect(seen.at(-1)!.authorization).toBeUndefined();
    expect(seen.at(-1)!.lang).toBeNull();
  });

  it("reports a non-2xx status without leaking the token", async () => {
    const { reason, message } = await failure(new HttpRecognizer({ url: `${base}/forbidden`, token: TOKEN }));
    expect(reason).toBe("status");
    expect(message).toMatch(/answered 403/);
    expect(message).not.toContain(TOKEN);
  });

  it.each(["/html", "/no-text"])("reports a body that is not {text} (%s)", async (path) => {
    expect((await failure(new HttpRecognizer({ url: `${base}${path}` }))).reason).toBe("bad-response");
  });

  it("gives up after the timeout", async () => {
    const started = performance.now();
    const { reason } = await failure(new HttpRecognizer({ url: `${base}/slow`, timeoutMs: 300 }));
    expect(reason).toBe("timeout");
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("reports a server that is not there", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await failure(new HttpRecognizer({ url: `http://127.0.0.1:${port}/asr` }))).reason).toBe(
      "unreachable",
    );
  });

  it.each(["not a url", "ftp://bank.example/asr"])("refuses the url %j", (url) => {
    expect(() => new HttpRecognizer({ url })).toThrow(expect.objectContaining({ code: "INPUT_INVALID" }));
  });
});
