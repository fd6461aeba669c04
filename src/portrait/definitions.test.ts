import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  bandOf,
  DEFAULT_DEFINITIONS,
  loadDefinitions,
  type TagDefinition,
  validateDefinitions,
} from "./definitions.js";

const valid = (tags: unknown[]) => ({ version: 1, tags });
const ageBand = {
  name: "age_band",
  kind: "fact",
  type: "band",
  rule: { from: "profile", field: "age" },
  bands: [25, 35],
};

describe("tag definitions", () => {
  it("ships a valid default with every kind", () => {
    expect(new Set(DEFAULT_DEFINITIONS.tags.map((t) => t.kind))).toEqual(
      new Set(["fact", "model", "predicted"]),
    );
    expect(DEFAULT_DEFINITIONS.tags.length).toBeGreaterThan(15);
  });

  it.each([
    [{ ...ageBand, bands: [35, 25] }, "tag 'age_band': bands must be ascending"],
    [{ ...ageBand, bands: undefined }, "tag 'age_band': band tags need bands"],
    [{ ...ageBand, labels: ["a", "b"] }, "tag 'age_band': labels must number one more than bands (3)"],
    [
      { ...ageBand, rule: { from: "profile", field: "name" } },
      "tag 'age_band': profile field 'name' is not a customer column",
    ],
    [{ ...ageBand, kind: "predicted" }, "tag 'age_band': predicted tags are set by models and take no rule"],
    [{ ...ageBand, rule: undefined }, "tag 'age_band': fact tags need a rule"],
    [{ ...ageBand, rule: { from: "events", agg: "sum" } }, "tag 'age_band': sum needs a field"],
    [
      { ...ageBand, rule: { from: "events", agg: "count", window: "30 days" } },
      "tag 'age_band' rule.window: must be a number of days",
    ],
    [{ ...ageBand, rule: { from: "events", agg: "count", where: { colour: "red" } } }, "tag 'age_band' rule"],
    [
      { ...ageBand, type: "category", bands: undefined, rule: { from: "events", agg: "count" } },
      "category tags come from profile fields or top",
    ],
    [{ ...ageBand, name: "Age Band" }, "tag 'Age Band' name: must be lower case"],
    [{ ...ageBand, kind: "guess" }, "tag 'age_band' kind"],
  ])("rejects %j naming the tag", (tag, message) => {
    expect(() => validateDefinitions(valid([tag]))).toThrow(message);
  });

  it("rejects a tag defined twice and a file without version", () => {
    expect(() => validateDefinitions(valid([ageBand, ageBand]))).toThrow("tag 'age_band' is defined twice");
    expect(() => validateDefinitions({ tags: [] })).toThrow("version");
  });

  it("reads YAML and JSON files and names the file in errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "nudge-tags-"));
    const yaml = join(dir, "tags.yaml");
    writeFileSync(
      yaml,
      "version: 2\ntags:\n  - name: region\n    kind: fact\n    type: category\n    rule: { from: profile, field: region }\n",
    );
    expect(loadDefinitions(yaml)).toEqual({
      version: 2,
      tags: [{ name: "region", kind: "fact", type: "category", rule: { from: "profile", field: "region" } }],
    });
    const json = join(dir, "bad.json");
    writeFileSync(json, "{ not json");
    expect(() => loadDefinitions(json)).toThrow(`${json} is not valid JSON`);
    writeFileSync(json, JSON.stringify(valid([{ ...ageBand, bands: [] }])));
    expect(() => loadDefinitions(json)).toThrow(`${json}: tag 'age_band' bands`);
    expect(() => loadDefinitions(join(dir, "missing.json"))).toThrow("cannot read tag definitions");
  });

  it("labels bands as closed integer ranges, half-open otherwise, or by the given labels", () => {
    const t = ageBand as TagDefinition;
    expect([0, 24, 25, 34, 35, 90].map((v) => bandOf(t, v))).toEqual([
      "<25",
      "<25",
      "25-34",
      "25-34",
      "35+",
      "35+",
    ]);
    const fractional = { ...t, bands: [0.5, 1.5] };
    expect([0.2, 0.5, 1, 2].map((v) => bandOf(fractional, v))).toEqual([
      "<0.5",
      "0.5-<1.5",
      "0.5-<1.5",
      "1.5+",
    ]);
    expect(bandOf({ ...t, labels: ["young", "mid", "senior"] }, 40)).toBe("senior");
  });
});
