import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./test-support.js";

describe("nudge decide, campaign, deliveries, feedback and report", () => {
  let dir: string;
  let db: string;
  let demo: Record<string, unknown>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nudge-decide-cli-"));
    db = `sqlite:${join(dir, "demo.db")}`;
    const result = await cli(["demo", "--no-serve", "--customers", "300", "--db", db, "--json"]);
    expect(result.code).toBe(0);
    demo = result.json();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the demo logs in, delivers to inbox, webhook and e-mail, and reports lift", () => {
    expect(demo.login).toMatchObject({ arm: "contact", offers: expect.any(Array) });
    const delivered = demo.delivered as {
      inbox: number;
      webhook: number;
      email: number;
      sent: number;
      dead: number;
    };
    expect(delivered.inbox).toBeGreaterThan(0);
    expect(delivered.webhook).toBeGreaterThan(0);
    expect(delivered.email).toBeGreaterThan(0);
    expect(delivered.sent).toBe(delivered.inbox + delivered.webhook + delivered.email);
    expect(delivered.dead).toBe(0);
    const lift = demo.lift as { overall: { contacted: { n: number }; baseline: { n: number } } };
    expect(lift.overall.contacted.n).toBeGreaterThan(0);
    expect(lift.overall.baseline.n).toBeGreaterThan(0);
  });

  it("the demo's incentive goes where uplift says it persuades, and its report shows Qini and lift against control", async () => {
    const incentive = demo.incentive as {
      model: { id: string; form: string; heldOut: Record<string, { qini: number; auuc: number }> };
      candidates: { candidates: number; worthwhile: number };
      run: { contacted: number; control: number };
      lift: { contacted: { n: number }; baseline: { n: number }; difference: { low: number } };
      realised: { qini: number } | null;
    };
    expect(incentive.model.form).toBe("graph");
    for (const name of ["twoHead", "sLearner", "tLearner", "xLearner"])
      expect(incentive.model.heldOut[name]?.qini, name).toEqual(expect.any(Number));
    expect(incentive.candidates.candidates).toBeGreaterThan(0);
    expect(incentive.run.contacted).toBeGreaterThan(0);
    expect(incentive.run.control).toBeGreaterThan(0);
    // Planted persuadables answer only when contacted: the lower bound of the lift is above zero
    // (measured with 300 customers: +44.5 points, 95% CI 29.4 … 57.4).
    expect(incentive.lift.difference.low).toBeGreaterThan(0);
    expect(incentive.realised?.qini).toEqual(expect.any(Number));
    const report = await cli(["campaign", "report", "demo-incentive", "--db", db, "--json"]);
    expect(report.code).toBe(0);
    expect(report.json().uplift).toMatchObject({
      rows: { contacted: incentive.run.contacted, baseline: expect.any(Number) },
      realised: { qini: incentive.realised?.qini, curves: { qini: { x: expect.any(Array) } } },
      models: [{ id: incentive.model.id, kind: "uplift", heldOut: incentive.model.heldOut.twoHead }],
    });
    const words = await cli(["campaign", "report", "demo-incentive", "--db", db]);
    expect(words.stdout).toMatch(
      /scored by demo-uplift-v1 \(uplift, \d+ decisions\): held-out Qini -?\d\.\d{4}/,
    );
    expect(words.stdout).toMatch(/realised: Qini -?\d\.\d{4}/);
  });

  it("the demo plays its recorded call into call assist and rates a script into the training set", () => {
    const call = demo.call as {
      callId: string;
      models: Record<string, string>;
      utterances: { voice: { pitchMeanHz: number } | null; emotion: { label: string }; scripts: unknown[] }[];
      rated: { example: boolean; rating: number } | null;
    };
    expect(call.callId).toBe("demo-call");
    expect(call.utterances).toHaveLength(5);
    for (const u of call.utterances) {
      expect(u.voice?.pitchMeanHz).toBeGreaterThan(0);
      expect(u.scripts).toHaveLength(3);
    }
    expect(call.utterances.at(-1)?.emotion.label).toBe("irritated");
    expect(call.rated).toMatchObject({ example: true, rating: 90 });
    expect(call.models).toEqual({
      scene: "call-scene-v1",
      emotion: "call-emotion-v1",
      scripts: "call-scripts-v1",
    });
  });

  it("decides for a customer, in JSON and in words", async () => {
    const json = await cli(["decide", "c000002", "--db", db, "--json"]);
    expect(json.code).toBe(0);
    expect(json.json()).toMatchObject({
      customerId: "c000002",
      context: "login",
      decisionId: expect.any(String),
    });
    const text = await cli(["decide", "c000003", "--db", db]);
    expect(text.stdout).toMatch(/^decision dec_\S+ for c000003 \(login, app\)/);
    const missing = await cli(["decide", "nobody", "--db", db, "--json"]);
    expect(missing.code).toBe(1);
    expect(missing.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("creates, runs, dispatches and reports a campaign", async () => {
    const product = ((demo.login as { offers: { offerId: string }[] }).offers[0] as { offerId: string })
      .offerId;
    const created = await cli(
      [
        "campaign",
        "create",
        "--name",
        "cli-push",
        "--source",
        "offer",
        "--offer",
        product,
        "--channel",
        "inapp",
      ].concat(["--control-share", "0.2", "--policies", '{"quietHours":null}', "--db", db, "--json"]),
    );
    expect(created.code).toBe(0);
    const bad = await cli([
      "campaign",
      "create",
      "--name",
      "x",
      "--source",
      "offer",
      "--channel",
      "inapp",
      "--audience",
      "{nope",
      "--db",
      db,
      "--json",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.json()).toMatchObject({
      error: { code: "INPUT_INVALID", message: expect.stringMatching(/--audience/) },
    });

    const run = (await cli(["campaign", "run", "cli-push", "--db", db, "--json"])).json();
    expect(run.contacted).toBeGreaterThan(0);
    expect(run.deliveries).toBe(run.contacted);
    const again = (await cli(["campaign", "run", "cli-push", "--db", db, "--json"])).json();
    expect(again.deliveries).toBe(0);

    const dispatched = (await cli(["deliveries", "dispatch", "--until-empty", "--db", db, "--json"])).json();
    // Customers the demo's own in-app campaign reached today are deferred by the day cap.
    expect(dispatched.sent).toBe((run.contacted as number) - (run.deferred as number));
    expect(dispatched.sent).toBeGreaterThan(0);
    const list = (
      await cli(["deliveries", "list", "--status", "sent", "--limit", "100000", "--db", db, "--json"])
    ).json();
    const sent = list.deliveries as { id: string; customer_id: string; payload: string }[];
    expect(sent.length).toBe((list.counts as Record<string, number>).sent);
    const retry = await cli(["deliveries", "retry", "--db", db, "--json"]);
    expect(retry.code).toBe(2);
    expect((await cli(["deliveries", "retry", "--all", "--db", db, "--json"])).json()).toEqual({
      requeued: 0,
    });

    const delivery = sent.find((d) => JSON.parse(d.payload).campaignId === created.json().id) as {
      id: string;
      customer_id: string;
    };
    const feedback = (
      await cli([
        "feedback",
        delivery.customer_id,
        "--type",
        "conversion",
        "--delivery",
        delivery.id,
        "--db",
        db,
        "--json",
      ])
    ).json();
    expect(feedback).toMatchObject({ recorded: true, arm: "contact" });

    const report = (await cli(["campaign", "report", "cli-push", "--db", db, "--json"])).json();
    const total = (
      report.groups as { source: string | null; contacted: { n: number; conversions: number } }[]
    ).find((g) => g.source === null);
    expect(total?.contacted).toMatchObject({ n: run.contacted });
    expect(total?.contacted.conversions).toBeGreaterThanOrEqual(1);
    expect(report.outcomes).toBe(
      (run.contacted as number) + (run.holdout as number) + (run.control as number),
    );
    const lift = await cli(["report", "lift", "--db", db]);
    expect(lift.stdout).toMatch(/cli-push: contacted/);
    expect(lift.stdout).toMatch(/^overall: contacted/m);
  });
});
