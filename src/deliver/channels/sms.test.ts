import { afterEach, describe, expect, it } from "vitest";
import { ChannelError } from "../channel.js";
import { smsChannel } from "./sms.js";
import {
  failureOf,
  type Handler,
  type LoopbackServer,
  sampleMessage,
  sendJson,
  startServer,
} from "./test-support.js";

const TOKEN = "sms-token-123";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A gateway speaking the template-SMS API: checks the token, answers what `reply` says. */
async function gateway(reply: Handler, timeoutMs = 2000) {
  server = await startServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return sendJson(res, 401, { code: "UNAUTHORIZED" });
    reply(req, res);
  });
  return smsChannel({
    url: `${server.url}/v1/sms`,
    token: TOKEN,
    templateId: "TPL_42",
    signName: "Bank",
    timeoutMs,
  });
}

const signal = () => new AbortController().signal;

describe("smsChannel", () => {
  it("sends the template, params and out_id to the customer id", async () => {
    const channel = await gateway((_req, res) => sendJson(res, 200, { code: "OK", message_id: "sms-9" }));
    await expect(channel.send(sampleMessage({ channel: "sms" }), signal())).resolves.toEqual({
      providerId: "sms-9",
    });

    const request = server!.requests[0]!;
    expect(request.url).toBe("/v1/sms");
    expect(JSON.parse(request.body)).toEqual({
      to: "C-001",
      template_id: "TPL_42",
      sign_name: "Bank",
      params: { name: "Ada" },
      out_id: "idem-1",
    });
  });

  it("keeps out_id across attempts and leaves sign_name out when not configured", async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { code: "OK" }));
    const channel = smsChannel({ url: server.url, token: TOKEN, templateId: "TPL_42" });
    await channel.send(sampleMessage({ attempt: 1 }), signal());
    await channel.send(sampleMessage({ attempt: 2 }), signal());
    const bodies = server.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies.map((b) => b.out_id)).toEqual(["idem-1", "idem-1"]);
    expect(bodies[0]).not.toHaveProperty("sign_name");
  });

  it.each([
    ["THROTTLED with Retry-After", 200, { code: "THROTTLED", message: "slow down" }, true, /THROTTLED/],
    [
      "a bad template",
      200,
      { code: "TEMPLATE_INVALID", message: "template TPL_42 not approved" },
      false,
      /not approved/,
    ],
    ["an unknown customer", 200, { code: "NO_NUMBER", message: "no number for C-001" }, false, /NO_NUMBER/],
    ["HTTP 429", 429, { code: "THROTTLED" }, true, /HTTP 429/],
    ["HTTP 502", 502, { code: "UPSTREAM" }, true, /HTTP 502/],
    ["HTTP 400", 400, { code: "BAD_REQUEST", message: "params missing" }, false, /HTTP 400.*params missing/],
  ])("%s → retryable %s", async (_case, status, body, retryable, message) => {
    const channel = await gateway((_req, res) => sendJson(res, status, body, { "Retry-After": "3" }));
    const error = (await failureOf(channel.send(sampleMessage(), signal()))) as ChannelError;
    expect(error).toBeInstanceOf(ChannelError);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toMatch(message);
    expect(error.retryAfterMs).toBe(retryable ? 3000 : undefined);
  });

  it("refuses for good on a wrong token", async () => {
    await gateway((_req, res) => sendJson(res, 200, { code: "OK" }));
    const channel = smsChannel({ url: server!.url, token: "wrong", templateId: "TPL_42" });
    const error = (await failureOf(channel.send(sampleMessage(), signal()))) as ChannelError;
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/HTTP 401/);
  });

  it("retries an answer that is not the gateway's JSON", async () => {
    const channel = await gateway((_req, res) => res.end("<html>maintenance</html>"));
    const error = (await failureOf(channel.send(sampleMessage(), signal()))) as ChannelError;
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/unreadable gateway answer: <html>/);
  });

  it("times out on a gateway that never answers", async () => {
    const channel = await gateway(() => {}, 200);
    const error = (await failureOf(channel.send(sampleMessage(), signal()))) as ChannelError;
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("sms: no answer within 200 ms");
  });
});
