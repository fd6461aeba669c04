import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { isoNow, loadConfig } from "../core/index.js";
import { HttpRecognizer } from "../sources/callassist/asr/index.js";
import { fixtureBytes, manifest } from "../sources/callassist/audio/test-support/fixtures.js";
import { wavBytes } from "../sources/callassist/audio/test-support/wav-bytes.js";
import type { Store } from "../store/index.js";
import { openStore } from "../store/index.js";
import { buildServer, createApiKey } from "./index.js";

// biome-ignore lint/suspicious/noExplicitAny: the answers are read as loose JSON; their schema is the route's.
type Json = any;
const json = (response: Response): Promise<Json> => response.json() as Promise<Json>;

// Call assist trains its three models on first use (several seconds), so this runs on SQLite only; the
// call repository itself is tested on every store in src/store/calls.test.ts.
describe("call assist over HTTP and WebSocket (sqlite)", () => {
  let store: Store;
  let base: string;
  let close: () => Promise<void>;
  let recognition: Server;
  const keys: Record<string, string> = {};
  const heard: string[] = [];

  beforeAll(async () => {
    store = await openStore("sqlite::memory:");
    // A bank's own recognition server, on loopback: it answers what the test tells it to hear.
    recognition = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ text: heard.shift() ?? "" }));
      });
    });
    await new Promise<void>((resolve) => recognition.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(recognition.address() as AddressInfo).port}/asr`;
    const app = await buildServer({
      store,
      config: loadConfig({}),
      callAssist: { recognizer: new HttpRecognizer({ url }) },
    });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    close = () => app.close();
    for (const scope of ["read", "decide", "admin"] as const)
      keys[scope] = (await createApiKey(store, [scope], null, isoNow())).key;
  }, 180_000);
  afterAll(async () => {
    await close();
    await new Promise<void>((resolve) => recognition.close(() => resolve()));
    await store.close();
  });

  const post = (path: string, body: unknown, key = keys.decide, type = "application/json") =>
    fetch(`${base}${path}`, {
      method: "POST",
      body: type === "application/json" ? JSON.stringify(body) : (body as Uint8Array),
      headers: { "content-type": type, authorization: `Bearer ${key}` },
    });
  const get = (path: string, key = keys.read) =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });

  it("analyses a text utterance: scene, intent, emotion, three scripts, the model versions", async () => {
    const response = await post("/v1/calls/c1/utterances", {
      text: "What interest rate does this product pay?",
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({
      callId: "c1",
      turn: 1,
      speaker: "customer",
      lang: "en",
      voice: null,
      recognition: null,
      models: { scene: "call-scene-v1", emotion: "call-emotion-v1", scripts: "call-scripts-v1" },
    });
    expect(body.scene).toEqual(expect.any(String));
    expect(body.intent).toEqual(expect.any(String));
    expect(["positive", "neutral", "negative", "irritated"]).toContain(body.emotion.label);
    expect(body.emotion.weights).toEqual({ first: 0.4, second: 0.6 });
    expect(body.scripts).toHaveLength(3);
    for (const script of body.scripts) expect(script.reasons.length).toBeGreaterThan(0);
  });

  it("does not show a script twice in a call, and an irritated customer gets a respectful tone first", async () => {
    const before = (await json(await get("/v1/calls/c1"))).utterances[0].analysis.scripts.map(
      (s: { id: string }) => s.id,
    );
    const response = await post("/v1/calls/c1/utterances", {
      text: "I told you I am not interested, stop calling me, this is harassment!",
    });
    const body = await json(response);
    expect(body.turn).toBe(2);
    expect(body.relation).toEqual(expect.any(String));
    expect(body.emotion.label).toBe("irritated");
    for (const script of body.scripts) expect(before).not.toContain(script.id);
    expect(["respectful_exit", "apologetic", "empathetic"]).toContain(body.scripts[0].tone);
  });

  it("takes audio with its transcript: voice from the audio, words from the text", async () => {
    const calm = manifest.utterances.find((u) => u.id === "en-rate-calm");
    const response = await post(
      `/v1/calls/c2/utterances?text=${encodeURIComponent(calm?.text ?? "")}`,
      fixtureBytes(calm?.file ?? ""),
      keys.decide,
      "audio/wav",
    );
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.text).toBe(calm?.text);
    expect(body.recognition).toBeNull();
    expect(body.voice).toMatchObject({ pitchMeanHz: expect.any(Number), energy: expect.any(Number) });
  });

  it("recognizes audio without a transcript through the configured recognizer", async () => {
    heard.push("is this fund risky");
    const audio = Buffer.from(fixtureBytes("en-stop-calm.wav")).toString("base64");
    const response = await post("/v1/calls/c3/utterances", { audio });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.text).toBe("is this fund risky");
    expect(body.recognition).toMatchObject({ engine: "http" });
    expect(body.voice).not.toBeNull();
  });

  it("converts stereo 44.1 kHz audio and refuses silence and broken headers with the reason", async () => {
    const tone = Float32Array.from(
      { length: 44_100 },
      (_, i) => 0.3 * Math.sin((2 * Math.PI * 180 * i) / 44_100),
    );
    const stereo = wavBytes([tone, tone], { sampleRate: 44_100, channels: 2, bitsPerSample: 16 });
    const converted = await post(
      "/v1/calls/c4/utterances?text=hello%20there",
      stereo,
      keys.decide,
      "audio/wav",
    );
    expect(converted.status).toBe(200);
    expect((await json(converted)).converted.length).toBeGreaterThan(0);
    const silent = wavBytes([new Float32Array(16_000)], {
      sampleRate: 16_000,
      channels: 1,
      bitsPerSample: 16,
    });
    const refused = await post("/v1/calls/c4/utterances?text=hi", silent, keys.decide, "audio/wav");
    expect(refused.status).toBe(400);
    expect((await json(refused)).error.message).toMatch(/silen/i);
    const broken = await post(
      "/v1/calls/c4/utterances?text=hi",
      stereo.subarray(0, 20),
      keys.decide,
      "audio/wav",
    );
    expect(broken.status).toBe(400);
    expect((await json(broken)).error.message).toMatch(/header|truncated|short/i);
  });

  it("turns a rating of 80 or more into a training example, and retraining learns from it", async () => {
    const call = await json(await get("/v1/calls/c1"));
    const utterance = call.utterances[1];
    const script = utterance.analysis.scripts[0].id;
    const low = await post("/v1/calls/c1/ratings", {
      utteranceId: utterance.utteranceId,
      scriptId: script,
      rating: 50,
    });
    expect(await json(low)).toMatchObject({ example: false, threshold: 80, examples: 0 });
    const high = await post("/v1/calls/c1/ratings", {
      utteranceId: utterance.utteranceId,
      scriptId: script,
      rating: 95,
    });
    expect(await json(high)).toMatchObject({ example: true, examples: 1 });
    const unknown = await post("/v1/calls/c1/ratings", {
      utteranceId: utterance.utteranceId,
      scriptId: "nope",
      rating: 95,
    });
    expect(unknown.status).toBe(400);
    expect((await post("/v1/calls/retrain", {}, keys.decide)).status).toBe(403);
    const retrained = await post("/v1/calls/retrain", {}, keys.admin);
    expect(await json(retrained)).toMatchObject({ model: "call-scripts-v2", rated: 1 });
    const next = await post("/v1/calls/c1/utterances", { text: "Okay, how do I sign up?" });
    expect((await json(next)).models.scripts).toBe("call-scripts-v2");
  });

  it("lists calls and streams a call's utterances over a WebSocket", async () => {
    const list = await json(await get("/v1/calls"));
    expect(list.calls.map((c: { callId: string }) => c.callId)).toEqual(expect.arrayContaining(["c1", "c2"]));
    const ws = new WebSocket(`${base.replace("http", "ws")}/v1/calls/live-1/stream?key=${keys.decide}`);
    const messages: { type: string; text?: string; scripts?: unknown[] }[] = [];
    const waiting: (() => void)[] = [];
    ws.on("message", (data) => {
      messages.push(JSON.parse(String(data)));
      for (const wake of waiting.splice(0)) wake();
    });
    const got = async (type: string, count: number) => {
      while (messages.filter((m) => m.type === type).length < count)
        await new Promise<void>((resolve) => waiting.push(resolve));
    };
    const hello = got("hello", 1);
    await hello;
    const two = got("utterance", 2);
    ws.send(JSON.stringify({ type: "utterance", text: "Is my money safe in this fund?" }));
    await post("/v1/calls/live-1/utterances", { text: "And can I take it out early?" });
    await two;
    expect(messages.filter((m) => m.type === "utterance").map((m) => m.text)).toEqual([
      "Is my money safe in this fund?",
      "And can I take it out early?",
    ]);
    ws.close();
    const refused = await new Promise<number>((resolve) => {
      const bad = new WebSocket(`${base.replace("http", "ws")}/v1/calls/live-1/stream?key=wrong`);
      bad.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      bad.on("error", () => {});
    });
    expect(refused).toBe(401);
  });

  it("cuts streamed PCM audio into utterances by voice activity, recognizes and analyses each", async () => {
    // The fixture call: three utterances with silences between them (manifest.calls[0]).
    const call = manifest.calls[0];
    const wav = fixtureBytes(call?.file ?? "");
    const pcm = Buffer.from(wav.buffer, wav.byteOffset + 44, wav.byteLength - 44);
    heard.push("first words", "second words", "third words");
    const ws = new WebSocket(`${base.replace("http", "ws")}/v1/calls/audio-1/stream?key=${keys.decide}`);
    const texts: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      ws.on("message", (data) => {
        const message = JSON.parse(String(data));
        if (message.type === "error") reject(new Error(message.message));
        if (message.type !== "utterance") return;
        expect(message.voice).not.toBeNull();
        expect(message.recognition).toMatchObject({ engine: "http" });
        texts.push(message.text);
        if (texts.length === call?.utterances.length) resolve();
      });
    });
    await new Promise<void>((resolve) => ws.on("open", () => resolve()));
    // 100 ms frames, an odd number of bytes apiece, as a network would cut them.
    for (let at = 0; at < pcm.length; at += 3_201) ws.send(pcm.subarray(at, at + 3_201));
    ws.send(JSON.stringify({ type: "end" }));
    await done;
    ws.close();
    expect(texts).toEqual(["first words", "second words", "third words"]);
  });

  it("turns interest heard from a named customer into offer candidates, once per offer", async () => {
    const at = isoNow();
    const provenance = { created_at: at, updated_at: at, ingest_run: "run_test", ingest_row: 1 };
    await store.customers.upsert([
      {
        ...provenance,
        id: "C-call",
        age: 40,
        birth_date: null,
        gender: null,
        region: null,
        tz: null,
        risk_tolerance: 3,
        subsidiary: null,
        consents: "{}",
        attributes: "{}",
        person_key: null,
      },
    ]);
    const product = (id: string, category: string, value: number) => ({
      ...provenance,
      id,
      name: id,
      category,
      risk_level: 1,
      value,
      attributes: "{}",
    });
    await store.products.upsert([
      ...[1, 2, 3, 4].map((n) => product(`card${n}`, "card", n * 1000)),
      product("wealth1", "wealth", 9000),
    ]);
    await store.holdings.upsert([
      {
        customer_id: "C-call",
        product_id: "card4",
        since: null,
        amount: 1,
        updated_at: at,
        ingest_run: "run_test",
        ingest_row: 1,
      },
    ]);
    const unknown = await post("/v1/calls/lead/utterances", { text: "你好", customerId: "nobody" });
    expect(unknown.status).toBe(404);
    // Measured with the models trained from the bundled data (seed 42): greeting; ask_rate, neutral;
    // express_interest, positive — each about the credit card the call is about.
    const asked = await json(
      await post("/v1/calls/lead/utterances", { text: "信用卡有什么优惠？", customerId: "C-call" }),
    );
    expect(asked).toMatchObject({ customerId: "C-call", product: "credit_card", leads: [] });
    const fee = await json(await post("/v1/calls/lead/utterances", { text: "年费多少？" }));
    expect(fee).toMatchObject({ customerId: "C-call", intent: "ask_rate", product: "credit_card" });
    // The catalogue's credit cards the customer does not hold, the most valuable first, at most three.
    expect(fee.leads.map((l: Json) => l.offerId)).toEqual(["card3", "card2", "card1"]);
    const interested = await json(
      await post("/v1/calls/lead/utterances", { text: "首年免年费挺划算的，我有兴趣。" }),
    );
    expect(interested).toMatchObject({ intent: "express_interest", leads: [] });
    const open = (await store.candidates.open("C-call")).filter((c) => c.source === "callassist");
    expect(open.map((c) => c.offer_id).sort()).toEqual(["card1", "card2", "card3"]);
    expect(JSON.parse(open[0]!.reason)).toMatchObject({ callId: "lead", intent: "ask_rate" });
    expect(open[0]!.score).toBeGreaterThan(0);
    expect(open[0]!.model_id).toBe("call-scene-v1");

    // Over the call's WebSocket a text utterance names the customer the same way.
    const ws = new WebSocket(`${base.replace("http", "ws")}/v1/calls/lead-ws/stream?key=${keys.decide}`);
    const messages: Json[] = [];
    ws.on("message", (data) => messages.push(JSON.parse(String(data))));
    const arrived = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (messages.length >= count ? resolve() : setTimeout(check, 10));
        check();
      });
    await arrived(1); // hello
    ws.send(JSON.stringify({ type: "utterance", text: "你好", customerId: "nobody" }));
    ws.send(JSON.stringify({ type: "utterance", text: "你好", customerId: "C-call" }));
    await arrived(3);
    expect(messages[1]).toMatchObject({ type: "error", code: "NOT_FOUND" });
    expect(messages[2]).toMatchObject({ type: "utterance", customerId: "C-call" });
    ws.close();
  });
});
