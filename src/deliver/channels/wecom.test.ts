import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { Clock } from "../../core/index.js";
import { ChannelError } from "../channel.js";
import {
  failureOf,
  type LoopbackServer,
  type RecordedRequest,
  sampleMessage,
  sendJson,
  startServer,
} from "./test-support.js";
import { wecomChannel } from "./wecom.js";

const CORP = { corpId: "ww-corp", corpSecret: "corp-secret", agentId: 1000002 };
const TWO_HOURS = 7200;

/** What the fake WeCom does next; each test changes it. */
interface WecomBehaviour {
  /** Tokens issued so far; only the ones in `valid` are accepted. */
  issued: number;
  valid: Set<string>;
  expiresIn: number;
  /** Delay before answering gettoken, ms. */
  tokenDelayMs: number;
  /** Errcodes message/send answers with before it accepts, one per request. */
  sendErrors: { errcode: number; errmsg: string }[];
  /** True: message/send never answers. */
  silent: boolean;
}

let server: LoopbackServer | undefined;
let wecom: WecomBehaviour;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function gettoken(request: RecordedRequest, res: ServerResponse) {
  const query = new URL(request.url, "http://x").searchParams;
  if (query.get("corpid") !== CORP.corpId || query.get("corpsecret") !== CORP.corpSecret) {
    return sendJson(res, 200, { errcode: 40001, errmsg: "invalid credential" });
  }
  const token = `tok-${++wecom.issued}`;
  wecom.valid.add(token);
  const answer = { errcode: 0, errmsg: "ok", access_token: token, expires_in: wecom.expiresIn };
  setTimeout(() => sendJson(res, 200, answer), wecom.tokenDelayMs);
}

/** A loopback WeCom speaking gettoken and message/send. */
async function startWecom(): Promise<LoopbackServer> {
  wecom = {
    issued: 0,
    valid: new Set(),
    expiresIn: TWO_HOURS,
    tokenDelayMs: 0,
    sendErrors: [],
    silent: false,
  };
  server = await startServer((request, res) => {
    const url = new URL(request.url, "http://x");
    if (url.pathname === "/cgi-bin/gettoken") return gettoken(request, res);
    if (url.pathname !== "/cgi-bin/message/send") return sendJson(res, 404, {});
    if (wecom.silent) return;
    const token = url.searchParams.get("access_token") ?? "";
    if (token === "") return sendJson(res, 200, { errcode: 41001, errmsg: "access_token missing" });
    if (!wecom.valid.has(token))
      return sendJson(res, 200, { errcode: 42001, errmsg: "access_token expired" });
    const error = wecom.sendErrors.shift();
    if (error) return sendJson(res, 200, error);
    sendJson(res, 200, { errcode: 0, errmsg: "ok", msgid: `msg-${server!.requests.length}` });
  });
  return server;
}

function movableClock(start = Date.parse("2025-03-01T10:00:00Z")) {
  let nowMs = start;
  const clock: Clock = { now: () => new Date(nowMs) };
  return { clock, advance: (seconds: number) => (nowMs += seconds * 1000) };
}

const paths = () => server!.requests.map((r) => new URL(r.url, "http://x").pathname.replace("/cgi-bin/", ""));
const sends = () => server!.requests.filter((r) => r.url.startsWith("/cgi-bin/message/send"));
const signal = () => new AbortController().signal;

describe("wecomChannel", () => {
  it("gets a token once and sends text messages with it", async () => {
    const { url } = await startWecom();
    const channel = wecomChannel({ ...CORP, baseUrl: url });
    await expect(channel.send(sampleMessage({ channel: "wecom" }), signal())).resolves.toEqual({
      providerId: "msg-2",
    });
    await channel.send(sampleMessage({ recipient: { customerId: "C-002", chatUser: "zhangsan" } }), signal());

    expect(paths()).toEqual(["gettoken", "message/send", "message/send"]);
    expect(sends()[0]!.url).toBe("/cgi-bin/message/send?access_token=tok-1");
    expect(JSON.parse(sends()[0]!.body)).toEqual({
      touser: "C-001",
      msgtype: "text",
      agentid: 1000002,
      text: { content: "A card for your trip\nNo FX fees, Ada." },
      enable_duplicate_check: 1,
      duplicate_check_interval: 1800,
    });
    expect(JSON.parse(sends()[1]!.body).touser).toBe("zhangsan");
  });

  it("shares one token request among concurrent sends", async () => {
    const { url } = await startWecom();
    wecom.tokenDelayMs = 50;
    const channel = wecomChannel({ ...CORP, baseUrl: url });
    await Promise.all([1, 2, 3, 4, 5].map(() => channel.send(sampleMessage(), signal())));
    expect(paths().filter((p) => p === "gettoken")).toHaveLength(1);
    expect(sends().every((r) => r.url.endsWith("access_token=tok-1"))).toBe(true);
  });

  it("replaces the token five minutes before it expires", async () => {
    const { url } = await startWecom();
    const { clock, advance } = movableClock();
    const channel = wecomChannel({ ...CORP, baseUrl: url, clock });
    await channel.send(sampleMessage(), signal());
    advance(TWO_HOURS - 301);
    await channel.send(sampleMessage(), signal());
    expect(wecom.issued).toBe(1);
    advance(2);
    await channel.send(sampleMessage(), signal());
    expect(wecom.issued).toBe(2);
    expect(sends().at(-1)!.url).toMatch(/access_token=tok-2$/);
  });

  it("replaces a token WeCom expired early and sends again within the attempt", async () => {
    const { url } = await startWecom();
    const channel = wecomChannel({ ...CORP, baseUrl: url });
    await channel.send(sampleMessage(), signal());
    wecom.valid.clear(); // revoked on WeCom's side while we still hold it

    await expect(channel.send(sampleMessage(), signal())).resolves.toEqual({ providerId: "msg-5" });
    expect(paths()).toEqual(["gettoken", "message/send", "message/send", "gettoken", "message/send"]);
  });

  it("gives up the attempt, retryably, when even a fresh token is refused", async () => {
    const { url } = await startWecom();
    wecom.sendErrors = [
      { errcode: 40014, errmsg: "invalid access_token" },
      { errcode: 40014, errmsg: "invalid access_token" },
    ];
    const channel = wecomChannel({ ...CORP, baseUrl: url });
    const error = (await failureOf(channel.send(sampleMessage(), signal()))) as ChannelError;
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/errcode 40014/);
    expect(sends()).toHaveLength(2);
  });

  it.each([
    [-1, "system busy", true],
    [45009, "api freq out of limit", true],
    [81013, "user & party & tag all invalid", false],
    [44004, "empty content", false],
  ])("errcode %i → retryable %s", async (errcode, errmsg, retryable) => {
    const { url } = await startWecom();
    wecom.sendErrors = [{ errcode, errmsg }];
    const channel = wecomChannel({ ...CORP, baseUrl: url });
    const error = (await failureOf(channel.send(sampleMessage(), signal()))) as ChannelError;
    expect(error).toBeInstanceOf(ChannelError);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toBe(`wecom: WeCom refused (errcode ${errcode}): ${errmsg}`);
  });

  it("refuses for good on wrong credentials, and asks again on the next send", async () => {
    const { url } = await startWecom();
    const channel = wecomChannel({ ...CORP, corpSecret: "wrong", baseUrl: url });
    for (const _ of [1, 2]) {
      const error = (await failureOf(channel.send(sampleMessage(), signal()))) as ChannelError;
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(/errcode 40001/);
      expect(error.message).not.toContain("wrong");
    }
    expect(paths()).toEqual(["gettoken", "gettoken"]);
  });

  it("sends a text card when a card link is configured", async () => {
    const { url } = await startWecom();
    const cardUrl = "https://bank.example/offers/{{offerId}}?d={{deliveryId}}";
    const channel = wecomChannel({ ...CORP, baseUrl: url, cardUrl, cardButton: "查看" });
    await channel.send(sampleMessage({ deliveryId: "d 1" }), signal());
    expect(JSON.parse(sends()[0]!.body)).toMatchObject({
      msgtype: "textcard",
      textcard: {
        title: "A card for your trip",
        description: "No FX fees, Ada.",
        url: "https://bank.example/offers/travel-card?d=d%201",
        btntxt: "查看",
      },
    });
  });

  it("rejects a card link with an unknown field when built", () => {
    expect(() => wecomChannel({ ...CORP, cardUrl: "https://x.test/{{offer}}" })).toThrow(/not offer/);
  });

  it("times out on a WeCom that never answers", async () => {
    const { url } = await startWecom();
    wecom.silent = true;
    const channel = wecomChannel({ ...CORP, baseUrl: url, timeoutMs: 200 });
    const error = (await failureOf(channel.send(sampleMessage(), signal()))) as ChannelError;
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("wecom: no answer within 200 ms");
  });

  it("stops waiting for a shared token when its own send is cancelled", async () => {
    const { url } = await startWecom();
    wecom.tokenDelayMs = 300;
    const channel = wecomChannel({ ...CORP, baseUrl: url });
    const controller = new AbortController();
    const cancelled = failureOf(channel.send(sampleMessage(), controller.signal));
    const patient = channel.send(sampleMessage(), signal());
    controller.abort();
    expect(((await cancelled) as ChannelError).message).toBe("wecom: cancelled");
    await expect(patient).resolves.toHaveProperty("providerId");
    expect(wecom.issued).toBe(1);
  });
});
