import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNudgeError } from "../core/index.js";
import {
  consentPolicy,
  cooldownPolicy,
  eligibilityPolicy,
  frequencyPolicy,
  judge,
  POLICIES,
  quietHoursPolicy,
  suitabilityPolicy,
} from "./policies.js";
import { DEFAULT_POLICY_SETTINGS, resolvePolicySettings } from "./settings.js";
import type { History, PolicyInput, PolicySettings, Proposal, Subject, Verdict } from "./types.js";
import { inQuietHours, localParts, startOfLocalWeek } from "./zone.js";

const DAY_MS = 86_400_000;
const at = (s: string) => new Date(s);

/** Wednesday 2026-03-04 10:00 in Shanghai. */
const NOW = at("2026-03-04T02:00:00Z");

function subject(overrides: Partial<Subject> = {}): Subject {
  return {
    customerId: "c1",
    tz: "Asia/Shanghai",
    riskTolerance: 3,
    consents: { email: true, sms: true, wecom: true },
    facts: { age: 34, region: "east" },
    ...overrides,
  };
}

function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    candidateId: null,
    offerId: "fund-a",
    offerKind: "product",
    source: "propensity",
    score: 0.7,
    value: 100_000,
    category: "fund",
    riskLevel: 2,
    persuadable: null,
    cost: 0,
    modelId: null,
    reason: "",
    ...overrides,
  };
}

function input(
  overrides: Partial<Omit<PolicyInput, "settings">> & { settings?: Partial<PolicySettings> } = {},
): PolicyInput {
  const { settings, ...rest } = overrides;
  return {
    subject: subject(),
    proposal: proposal(),
    channel: "email",
    now: NOW,
    history: { sends: [], negatives: [] },
    ...rest,
    settings: { ...resolvePolicySettings(), ...settings },
  };
}

const sends = (...records: [string, string][]): History => ({
  sends: records.map(([channel, iso]) => ({ channel, at: at(iso), offerId: null })),
  negatives: [],
});

const negatives = (...records: [string, number, string | null, string | null][]): History => ({
  sends: [],
  negatives: records.map(([type, daysAgo, offerId, category]) => ({
    type,
    at: new Date(NOW.getTime() - daysAgo * DAY_MS),
    offerId,
    category,
  })),
});

const allow: Verdict = { action: "allow" };

describe("consent", () => {
  it.each([
    ["email", {}, { action: "drop", policy: "consent", reason: "no e-mail consent (opt-in required)" }],
    ["email", { email: true }, allow],
    [
      "email",
      { email: false },
      { action: "drop", policy: "consent", reason: "customer opted out of e-mail" },
    ],
    [
      "sms",
      { email: true },
      { action: "drop", policy: "consent", reason: "no SMS consent (opt-in required)" },
    ],
    ["inapp", {}, allow],
    ["inapp", { inapp: false }, { action: "drop", policy: "consent", reason: "customer opted out of inapp" }],
  ])("%s with consents %j", (channel, consents, expected) => {
    expect(consentPolicy(input({ channel, subject: subject({ consents }) }))).toEqual(expected);
  });
});

describe("eligibility", () => {
  const adults = { name: "adults only", rule: { ">=": [{ var: "age" }, 18] } };
  const eastFunds = {
    name: "funds in the east",
    rule: { "==": [{ var: "region" }, "east"] },
    appliesTo: ["fund"],
  };
  const westDeposit = {
    name: "deposit west",
    rule: { "==": [{ var: "region" }, "west"] },
    appliesTo: ["dep-1"],
  };

  it.each([
    [[adults], { age: 34 }, allow],
    [
      [adults],
      { age: 16 },
      { action: "drop", policy: "eligibility", reason: 'not eligible under rule "adults only"' },
    ],
    [
      [adults],
      {},
      { action: "drop", policy: "eligibility", reason: 'not eligible under rule "adults only"' },
    ],
    [[eastFunds], { region: "east" }, allow],
    [
      [eastFunds],
      { region: "north" },
      expect.objectContaining({ reason: expect.stringContaining("funds in the east") }),
    ],
    [[westDeposit], { region: "east" }, allow],
  ])("%j on facts %j", (eligibility, facts, expected) => {
    expect(eligibilityPolicy(input({ subject: subject({ facts }), settings: { eligibility } }))).toEqual(
      expected,
    );
  });

  it("applies rules by offer id and reads the offer", () => {
    const rule = {
      name: "small offers",
      rule: { "<": [{ var: "offer.value" }, 50_000] },
      appliesTo: ["dep-1"],
    };
    const judged = (offerId: string) =>
      eligibilityPolicy(
        input({ proposal: proposal({ offerId, category: null }), settings: { eligibility: [rule] } }),
      );
    expect(judged("dep-1")).toMatchObject({
      action: "drop",
      reason: 'not eligible under rule "small offers"',
    });
    expect(judged("dep-2")).toEqual(allow);
  });

  it("drops when a rule cannot run (fails closed)", () => {
    const broken = { name: "broken", rule: { bogus: [1] } };
    expect(eligibilityPolicy(input({ settings: { eligibility: [broken] } }))).toMatchObject({
      action: "drop",
      reason: expect.stringMatching(/rule "broken" could not be evaluated: .*unknown operator "bogus"/),
    });
  });
});

describe("suitability", () => {
  it.each([
    [4, 2, "risk level 4 above the customer's tolerance 2"],
    [3, 3, null],
    [1, 5, null],
    [null, 1, null],
    [3, null, "risk level 3 with the customer's tolerance unknown (held back conservatively above level 2)"],
    [2, null, null],
  ])("risk %s, tolerance %s", (riskLevel, riskTolerance, reason) => {
    const verdict = suitabilityPolicy(
      input({ proposal: proposal({ riskLevel }), subject: subject({ riskTolerance }) }),
    );
    expect(verdict).toEqual(reason === null ? allow : { action: "drop", policy: "suitability", reason });
  });

  it("is off when settings say so", () => {
    const verdict = suitabilityPolicy(
      input({
        proposal: proposal({ riskLevel: 5 }),
        subject: subject({ riskTolerance: 1 }),
        settings: { suitability: false },
      }),
    );
    expect(verdict).toEqual(allow);
  });
});

describe("cooldown", () => {
  it.each([
    [negatives(["complaint", 10, null, null]), "complaint 10 days ago: no contact for 30 days"],
    [negatives(["complaint", 31, null, null]), null],
    [negatives(["unsubscribe", 0.5, null, null]), "unsubscribe less than a day ago: no contact for 90 days"],
    [negatives(["unsubscribe", 89, "other", "other"]), "unsubscribe 89 days ago: no contact for 90 days"],
    [negatives(["unsubscribe", 91, null, null]), null],
    [negatives(["dismiss", 3, "fund-a", null]), "offer dismissed 3 days ago: not again for 7 days"],
    [negatives(["dismiss", 3, "fund-b", "fund"]), "category fund dismissed 3 days ago: not again for 7 days"],
    [negatives(["dismiss", 3, "dep-1", "deposit"]), null],
    [negatives(["dismiss", 8, "fund-a", "fund"]), null],
  ])("%j", (history, reason) => {
    expect(cooldownPolicy(input({ history }))).toEqual(
      reason === null ? allow : { action: "drop", policy: "cooldown", reason },
    );
  });
});

describe("frequency", () => {
  const nextShanghaiDay = "2026-03-04T16:00:00.000Z";
  const nextShanghaiWeek = "2026-03-08T16:00:00.000Z";

  it.each([
    ["nothing sent", "email", sends(), null, null],
    [
      "an e-mail today (07:00 local, yesterday in UTC)",
      "email",
      sends(["email", "2026-03-03T23:00:00Z"]),
      nextShanghaiDay,
      "e-mail day cap 1 reached (1 sent today)",
    ],
    ["an e-mail yesterday at 23:30 local", "email", sends(["email", "2026-03-03T15:30:00Z"]), null, null],
    ["an SMS today, asking for e-mail", "email", sends(["sms", "2026-03-04T01:00:00Z"]), null, null],
    [
      "an SMS and an inbox message today",
      "email",
      sends(["sms", "2026-03-04T01:00:00Z"], ["inapp", "2026-03-04T01:30:00Z"]),
      nextShanghaiDay,
      "all-channel day cap 2 reached (2 sent today)",
    ],
    [
      "two sends today on an uncapped channel",
      "email",
      sends(["login", "2026-03-04T01:00:00Z"], ["login", "2026-03-04T01:30:00Z"]),
      null,
      null,
    ],
    ["an uncapped channel is never held", "login", sends(["login", "2026-03-04T01:00:00Z"]), null, null],
    [
      "three e-mails this week",
      "email",
      sends(
        ["email", "2026-03-02T02:00:00Z"],
        ["email", "2026-03-03T02:00:00Z"],
        ["email", "2026-03-04T01:00:00Z"],
      ),
      nextShanghaiWeek,
      "e-mail week cap 3 reached (3 sent this week)",
    ],
    [
      "five sends this week over four channels",
      "email",
      sends(
        ["sms", "2026-03-02T02:00:00Z"],
        ["wecom", "2026-03-02T03:00:00Z"],
        ["sms", "2026-03-03T02:00:00Z"],
        ["inapp", "2026-03-03T03:00:00Z"],
        ["email", "2026-03-01T02:00:00Z"], // last week's Sunday: not counted
        ["agent", "2026-03-04T01:00:00Z"],
      ),
      nextShanghaiWeek,
      "all-channel week cap 5 reached (5 sent this week)",
    ],
    [
      "an e-mail today and one scheduled tomorrow",
      "email",
      sends(["email", "2026-03-04T01:00:00Z"], ["email", "2026-03-05T01:00:00Z"]),
      "2026-03-05T16:00:00.000Z",
      "e-mail day cap 1 reached (1 sent today); then e-mail day cap 1 reached (1 sent that day)",
    ],
  ])("%s", (_, channel, history, until, reason) => {
    const verdict = frequencyPolicy(input({ channel, history }));
    if (until === null) expect(verdict).toEqual(allow);
    else expect(verdict).toEqual({ action: "defer", policy: "frequency", reason, until: at(until) });
  });

  it("counts in the customer's own zone, across a DST change", () => {
    // Sunday 2026-03-08 in New York: 01:00 EST and 11:00 EDT are the same local day; the next starts 04:00Z.
    const verdict = frequencyPolicy(
      input({
        now: at("2026-03-08T15:00:00Z"),
        subject: subject({ tz: "America/New_York" }),
        history: sends(["email", "2026-03-08T06:00:00Z"]),
      }),
    );
    expect(verdict).toMatchObject({ action: "defer", until: at("2026-03-09T04:00:00Z") });
  });

  it("uses the default zone for a customer without a valid one", () => {
    const history = sends(["email", "2026-03-03T23:00:00Z"]);
    for (const tz of [null, "Nowhere/Land"]) {
      expect(frequencyPolicy(input({ subject: subject({ tz }), history }))).toMatchObject({
        until: at(nextShanghaiDay),
      });
    }
  });

  it("drops when a cap is 0 or when no day has room", () => {
    const caps = { ...DEFAULT_POLICY_SETTINGS.caps, perChannelDay: 0 };
    expect(frequencyPolicy(input({ settings: { caps } }))).toMatchObject({
      action: "drop",
      policy: "frequency",
    });
    const daily = sends(
      ...Array.from({ length: 10 }, (_, i): [string, string] => [
        "email",
        new Date(NOW.getTime() + i * DAY_MS).toISOString(),
      ]),
    );
    const roomy = { ...DEFAULT_POLICY_SETTINGS.caps, perChannelWeek: 100, allChannelsWeek: 100 };
    expect(frequencyPolicy(input({ history: daily, settings: { caps: roomy } }))).toMatchObject({
      action: "drop",
      reason: expect.stringMatching(/^no room within 8 cap periods/),
    });
  });
});

describe("quiet hours", () => {
  const night = at("2026-03-04T14:00:00Z"); // 22:00 in Shanghai

  it("defers a push to the end of local quiet hours", () => {
    expect(quietHoursPolicy(input({ now: night }))).toEqual({
      action: "defer",
      policy: "quiet_hours",
      reason: "quiet hours 21:00–08:00 in Asia/Shanghai",
      until: at("2026-03-05T00:00:00Z"),
    });
  });

  it.each([
    ["daytime", input({ now: NOW })],
    ["a channel quiet hours do not hold for", input({ now: night, channel: "inapp" })],
    ["no quiet hours", input({ now: night, settings: { quietHours: null } })],
    ["a customer where it is morning", input({ now: night, subject: subject({ tz: "America/New_York" }) })],
  ])("allows %s", (_, policyInput) => {
    expect(quietHoursPolicy(policyInput)).toEqual(allow);
  });
});

describe("judge", () => {
  it("allows what every policy allows", () => {
    expect(judge(input())).toEqual(allow);
  });

  it("reports a drop over a deferral", () => {
    const verdict = judge(input({ now: at("2026-03-04T14:00:00Z"), subject: subject({ consents: {} }) }));
    expect(verdict).toMatchObject({ action: "drop", policy: "consent" });
  });

  it("re-judges a deferral: past quiet hours into a full day, then quiet hours again", () => {
    // 22:00 Wednesday; an e-mail is already scheduled for Thursday 09:00; so Friday 08:00.
    const verdict = judge(
      input({ now: at("2026-03-04T14:00:00Z"), history: sends(["email", "2026-03-05T01:00:00Z"]) }),
    );
    expect(verdict).toEqual({
      action: "defer",
      policy: "quiet_hours",
      reason:
        "quiet hours 21:00–08:00 in Asia/Shanghai; then e-mail day cap 1 reached (1 sent today); " +
        "then quiet hours 21:00–08:00 in Asia/Shanghai",
      until: at("2026-03-06T00:00:00Z"),
    });
  });

  it("moves a week-capped push to Monday 08:00, after the night", () => {
    const history = sends(
      ["email", "2026-03-02T02:00:00Z"],
      ["email", "2026-03-03T02:00:00Z"],
      ["email", "2026-03-04T01:00:00Z"],
    );
    expect(judge(input({ history }))).toMatchObject({
      action: "defer",
      policy: "frequency",
      until: at("2026-03-09T00:00:00Z"),
    });
  });

  it("runs the policies in a fixed order", () => {
    expect(POLICIES).toEqual([
      consentPolicy,
      eligibilityPolicy,
      suitabilityPolicy,
      cooldownPolicy,
      frequencyPolicy,
      quietHoursPolicy,
    ]);
  });
});

describe("resolvePolicySettings", () => {
  it("answers the defaults, as copies", () => {
    const settings = resolvePolicySettings();
    expect(settings).toEqual(DEFAULT_POLICY_SETTINGS);
    settings.quietChannels.push("inapp");
    settings.caps.perChannelDay = 9;
    expect(DEFAULT_POLICY_SETTINGS.quietChannels).not.toContain("inapp");
    expect(DEFAULT_POLICY_SETTINGS.caps.perChannelDay).toBe(1);
    expect(Object.isFrozen(DEFAULT_POLICY_SETTINGS.caps)).toBe(true);
  });

  it("merges overrides in turn, caps and cooldowns key by key", () => {
    const rule = { name: "adults", rule: { ">=": [{ var: "age" }, 18] } };
    const settings = resolvePolicySettings(
      { caps: { perChannelDay: 2 }, cooldownDays: { dismiss: 14 }, quietHours: null },
      undefined,
      { caps: { allChannelsWeek: 8 }, defaultTz: "Europe/London", eligibility: [rule] },
    );
    expect(settings.caps).toEqual({
      perChannelDay: 2,
      perChannelWeek: 3,
      allChannelsDay: 2,
      allChannelsWeek: 8,
    });
    expect(settings.cooldownDays).toEqual({ complaint: 30, unsubscribe: 90, dismiss: 14 });
    expect(settings.quietHours).toBeNull();
    expect(settings.defaultTz).toBe("Europe/London");
    expect(settings.eligibility).toEqual([rule]);
    expect(settings.eligibility[0]!.rule).toBe(rule.rule);
  });

  it("accepts a complete settings object", () => {
    expect(resolvePolicySettings(DEFAULT_POLICY_SETTINGS)).toEqual(DEFAULT_POLICY_SETTINGS);
  });

  it.each([
    [{ defaultTz: "Mars/Olympus" }, "defaultTz: is not a known IANA time zone"],
    [{ quietHours: { start: "9pm", end: "08:00" } }, "quietHours.start: must be a time of day HH:MM"],
    [{ quietHours: { start: "21:00" } }, "quietHours.end"],
    [{ caps: { perChannelDay: -1 } }, "caps.perChannelDay"],
    [{ caps: { perChannelWeek: 1.5 } }, "caps.perChannelWeek"],
    [{ cooldownDays: { complaint: -3 } }, "cooldownDays.complaint"],
    [{ quietChannels: "email" }, "quietChannels"],
    [
      { eligibility: [{ name: "x", rule: { and: [{ bogus: 1 }] } }] },
      'eligibility.0.rule: eligibility rule: unknown operator "bogus" at and[0]',
    ],
    [{ eligibility: [{ rule: true }] }, "eligibility.0.name"],
    [{ quietHour: { start: "21:00", end: "08:00" } }, "quietHour"],
    ["not an object", "policy settings: input:"],
  ])("rejects %j naming %s", (override, named) => {
    let thrown: unknown;
    try {
      resolvePolicySettings(override);
    } catch (error) {
      thrown = error;
    }
    expect(isNudgeError(thrown, "INPUT_INVALID")).toBe(true);
    expect((thrown as Error).message).toContain(named);
  });
});

describe("properties", () => {
  const ZONES = [
    "Asia/Shanghai",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "UTC",
  ];
  const instant = fc
    .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) })
    .map((ms) => new Date(ms));
  const clock = fc
    .integer({ min: 0, max: 47 })
    .map((h) => `${String(Math.floor(h / 2)).padStart(2, "0")}:${h % 2 === 0 ? "00" : "30"}`);
  const quietHours = fc.option(fc.record({ start: clock, end: clock }), { freq: 5 });
  const caps = fc.record({
    perChannelDay: fc.integer({ min: 1, max: 3 }),
    perChannelWeek: fc.integer({ min: 1, max: 8 }),
    allChannelsDay: fc.integer({ min: 1, max: 4 }),
    allChannelsWeek: fc.integer({ min: 1, max: 10 }),
  });
  const channel = fc.constantFrom("email", "sms", "inapp");

  it("never defers into quiet hours or into a period whose cap is reached", () => {
    const scenario = fc.record({
      now: instant,
      tz: fc.constantFrom(...ZONES),
      quietHours,
      caps,
      channel,
      sends: fc.array(fc.tuple(channel, fc.integer({ min: -10 * 24 * 60, max: 10 * 24 * 60 })), {
        maxLength: 12,
      }),
    });
    fc.assert(
      fc.property(scenario, (s) => {
        const history = {
          sends: s.sends.map(([c, minutes]) => ({
            channel: c,
            at: new Date(s.now.getTime() + minutes * 60_000),
            offerId: null,
          })),
          negatives: [],
        };
        const base = input({
          now: s.now,
          channel: s.channel,
          subject: subject({ tz: s.tz, consents: { email: true, sms: true } }),
          history,
          settings: { quietHours: s.quietHours, caps: s.caps },
        });
        const verdict = judge(base);
        if (verdict.action !== "defer") return;
        expect(verdict.until.getTime()).toBeGreaterThan(s.now.getTime());
        if (s.quietHours && s.channel !== "inapp")
          expect(inQuietHours(verdict.until, s.tz, s.quietHours)).toBe(false);
        expect(frequencyPolicy({ ...base, now: verdict.until })).toEqual(allow);
        for (const policy of POLICIES) expect(policy({ ...base, now: verdict.until })).toEqual(allow);
      }),
      { numRuns: 200 },
    );
  });

  it("never lets more sends through than the caps allow, however often asked", () => {
    const scenario = fc.record({
      start: instant,
      tz: fc.constantFrom(...ZONES),
      quietHours,
      caps,
      asks: fc.array(fc.tuple(channel, fc.integer({ min: 0, max: 12 * 60 })), {
        minLength: 10,
        maxLength: 30,
      }),
    });
    fc.assert(
      fc.property(scenario, (s) => {
        const history: History = { sends: [], negatives: [] };
        let now = s.start;
        for (const [asked, gapMinutes] of s.asks) {
          const verdict = judge(
            input({
              now,
              channel: asked,
              subject: subject({ tz: s.tz, consents: { email: true, sms: true } }),
              history,
              settings: { quietHours: s.quietHours, caps: s.caps },
            }),
          );
          if (verdict.action === "allow") history.sends.push({ channel: asked, at: now, offerId: null });
          if (verdict.action === "defer")
            history.sends.push({ channel: asked, at: verdict.until, offerId: null });
          now = new Date(now.getTime() + gapMinutes * 60_000);
        }
        const count = new Map<string, number>();
        const bump = (key: string) => count.set(key, (count.get(key) ?? 0) + 1);
        for (const send of history.sends) {
          const { year, month, day } = localParts(send.at, s.tz);
          const week = startOfLocalWeek(send.at, s.tz).toISOString();
          bump(`day ${year}-${month}-${day} ${send.channel}`);
          bump(`day ${year}-${month}-${day} *`);
          bump(`week ${week} ${send.channel}`);
          bump(`week ${week} *`);
        }
        for (const [key, n] of count) {
          const limit = key.startsWith("day")
            ? key.endsWith("*")
              ? s.caps.allChannelsDay
              : s.caps.perChannelDay
            : key.endsWith("*")
              ? s.caps.allChannelsWeek
              : s.caps.perChannelWeek;
          expect(n, key).toBeLessThanOrEqual(limit);
        }
      }),
      { numRuns: 100 },
    );
  });
});
