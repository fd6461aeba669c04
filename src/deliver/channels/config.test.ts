import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isNudgeError } from "../../core/index.js";
import { buildChannels, loadChannelsConfig, parseChannelsConfig } from "./config.js";
import { type LoopbackServer, sampleMessage, sendJson, startServer } from "./test-support.js";
import { verifyWebhookSignature } from "./webhook.js";

const SECRET = "whsec-0123456789abcdef";
const ENV = { NUDGE_WEBHOOK_SECRET: SECRET, SMS_TOKEN: "sms-token" };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nudge-channels-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** The CONFIG_INVALID message `load` fails with. */
async function configError(load: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await load();
  } catch (error) {
    expect(isNudgeError(error, "CONFIG_INVALID")).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected a CONFIG_INVALID error");
}

const FULL_YAML = `
webhook:
  url: https://hooks.bank.example/nudge
  secret: env:NUDGE_WEBHOOK_SECRET
smtp:
  host: smtp.bank.example
  port: 587
  user: nudge
  pass: p4ss
  from: "Bank <offers@bank.example>"
  addressTemplate: "{{customerId}}@customers.bank.example"
sms:
  url: https://sms.bank.example/v1/send
  token: env:SMS_TOKEN
  templateId: TPL_42
  signName: Bank
wecom:
  corpId: ww-corp
  corpSecret: corp-secret
  agentId: 1000002
`;

describe("loadChannelsConfig", () => {
  it("reads YAML, resolves env: secrets and builds every channel", async () => {
    const config = await loadChannelsConfig(await file("channels.yaml", FULL_YAML), ENV);
    expect(config.webhook?.secret).toBe(SECRET);
    expect(config.sms?.token).toBe("sms-token");
    const channels = buildChannels(config);
    expect(channels.map((c) => c.name)).toEqual(["webhook", "email", "sms", "wecom"]);
    await Promise.all(channels.map((c) => c.close?.()));
  });

  it("reads JSON", async () => {
    const json = JSON.stringify({ sms: { url: "http://127.0.0.1:9/sms", token: "t", templateId: "T1" } });
    const config = await loadChannelsConfig(await file("channels.json", json), {});
    expect(config).toEqual({ sms: { url: "http://127.0.0.1:9/sms", token: "t", templateId: "T1" } });
  });

  it("reads an empty file as no channels", async () => {
    const config = await loadChannelsConfig(await file("empty.yaml", ""), {});
    expect(buildChannels(config)).toEqual([]);
  });

  it.each([
    ["a misspelt key", "webhook:\n  url: https://x.example\n  secert: abc\n", /webhook\.secert: unknown key/],
    ["an unknown channel", "telegram:\n  token: x\n", /telegram: unknown key/],
    [
      "a short secret",
      "webhook:\n  url: https://x.example\n  secret: short\n",
      /webhook\.secret: must be at least 16/,
    ],
    ["a wrong type", "wecom:\n  corpId: a\n  corpSecret: b\n  agentId: lots\n", /wecom\.agentId: .*number/],
    ["a missing field", "sms:\n  url: https://x.example\n  token: t\n", /sms\.templateId: /],
    ["a bad URL", "sms:\n  url: not a url\n  token: t\n  templateId: T\n", /sms\.url: /],
    ["smtp without a server", "smtp:\n  from: a@b.example\n", /smtp: give url or host/],
    [
      "a user without a password",
      "smtp:\n  host: h\n  from: a@b.example\n  user: u\n",
      /smtp: give both user and pass/,
    ],
    [
      "an address template typo",
      "smtp:\n  host: h\n  from: a@b.example\n  addressTemplate: '{{customer}}@x.example'\n",
      /smtp\.addressTemplate: .*not customer/,
    ],
    [
      "an unset variable",
      "webhook:\n  url: https://x.example\n  secret: env:NOPE_UNSET\n",
      /webhook\.secret: .*NOPE_UNSET is not set/,
    ],
    ["broken YAML", "webhook: [\n", /not valid YAML or JSON/],
    ["a list at the top", "- webhook\n", /\(top level\): /],
  ])("reports %s with its key path", async (_case, content, expected) => {
    const path = await file("bad.yaml", content);
    const message = await configError(() => loadChannelsConfig(path, ENV));
    expect(message).toMatch(expected);
    expect(message).toContain(path);
  });

  it("reports every problem at once and never the secret values", async () => {
    const raw = { webhook: { url: "ftp://x.example", secret: "tiny-secret" }, sms: { token: "t0ken-value" } };
    const message = await configError(() => parseChannelsConfig(raw, {}));
    expect(message).toMatch(/webhook\.url: .*webhook\.secret: .*sms\.url: /);
    expect(message).not.toContain("tiny-secret");
    expect(message).not.toContain("t0ken-value");
  });

  it("reports a missing file", async () => {
    expect(await configError(() => loadChannelsConfig(join(dir, "nope.yaml"), {}))).toMatch(
      /cannot read the file/,
    );
  });
});

describe("buildChannels", () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
  });
  afterAll(() => server.close());

  it("builds channels that send with the configured settings", async () => {
    const config = parseChannelsConfig(
      { webhook: { url: `${server.url}/h`, secret: "env:S", name: "partner" } },
      {
        S: SECRET,
      },
    );
    const [webhook] = buildChannels(config);
    expect(webhook?.name).toBe("partner");
    await webhook!.send(sampleMessage(), new AbortController().signal);
    const request = server.requests[0]!;
    const timestamp = String(request.headers["x-nudge-timestamp"]);
    const signature = String(request.headers["x-nudge-signature"]);
    expect(verifyWebhookSignature(SECRET, timestamp, request.body, signature)).toBe(true);
  });
});
