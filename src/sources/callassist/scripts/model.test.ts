import { beforeAll, describe, expect, it } from "vitest";
import type { StoredModel } from "../../../ml/index.js";
import { previousUtterances, readCalls } from "../dialogue/calls.js";
import {
  SCRIPT_KIND,
  type ScriptModel,
  scriptArtifact,
  scriptModelFromJSON,
  scriptModelOf,
  scriptModelToJSON,
} from "./model.js";
import { type RankContext, recommendScripts } from "./rank.js";
import { productDiscussed } from "./seed.js";
import { TEST_SEED, type Trained, trainOnSeedExamples } from "./test-support/trained.js";
import { trainScriptModel } from "./train.js";

let trained: Trained;
beforeAll(() => {
  trained = trainOnSeedExamples();
});

/** A context per utterance of the dialogue set, as the call assist would build it. */
function contexts(): RankContext[] {
  const rows = readCalls();
  const previous = previousUtterances(rows);
  return rows.map((row, i) => ({
    text: row.text,
    lang: row.lang,
    scene: row.scene,
    intent: row.intent,
    emotion: { label: row.emotion, intensity: 0.6 },
    previous: previous[i] ?? [],
    alreadyShown: [],
    product: productDiscussed(row.text, previous[i] ?? []),
  }));
}

function recommendAll(model: ScriptModel): string[][] {
  return contexts().map((c) => recommendScripts(model, trained.library, c).map((r) => `${r.id}:${r.score}`));
}

describe("trainScriptModel", () => {
  it("splits by whole calls, seeded, and refits on every example", () => {
    const { split, refit } = trained.model.report;
    expect(split).toMatchObject({ by: "call", seed: TEST_SEED });
    expect(split.trainCalls + split.testCalls).toBe(refit.calls);
    expect(split.trainExamples + split.testExamples).toBe(trained.examples.length);
    expect(refit.examples).toBe(trained.examples.length);
  });

  it("beats a random script of the right scene and language on held-out calls", () => {
    const { model, sceneBaseline } = trained.model.report.heldOut;
    expect(model.top3).toBeGreaterThan(sceneBaseline.top3);
    expect(model.top1).toBeGreaterThan(sceneBaseline.top1);
  });

  it("gives the same model for the same seed", () => {
    const again = trainScriptModel(trained.examples, { seed: TEST_SEED, library: trained.library });
    expect(again.report).toEqual(trained.model.report);
  });

  it("refuses examples naming a single script", () => {
    const one = trained.examples.map((e) => ({ ...e, scriptId: "zh-opening-01" }));
    expect(() => trainScriptModel(one, { seed: 1, library: trained.library })).toThrow(/at least 2/);
  });
});

describe("the model as JSON", () => {
  it("round-trips to identical recommendations", () => {
    const restored = scriptModelFromJSON(JSON.stringify(scriptModelToJSON(trained.model)));
    expect(restored.report).toEqual(trained.model.report);
    expect(recommendAll(restored)).toEqual(recommendAll(trained.model));
  });

  it("round-trips through a registry artifact", () => {
    const artifact = scriptArtifact(trained.model, "scripts", "fp");
    expect(artifact.kind).toBe(SCRIPT_KIND);
    expect(artifact.metrics).toEqual(trained.model.report);
    const stored: StoredModel = JSON.parse(JSON.stringify({ ...artifact, weights: [] }));
    const restored = scriptModelOf({
      ...stored,
      id: "m1",
      version: 1,
      createdAt: "",
      weights: new Float32Array(0),
    });
    expect(recommendAll(restored)).toEqual(recommendAll(trained.model));
  });

  it("refuses something else", () => {
    expect(() => scriptModelFromJSON({ format: "other" } as never)).toThrow(/not a nudge-script-model/);
    const artifact = { ...scriptArtifact(trained.model, "x", "fp"), kind: "text" };
    expect(() => scriptModelOf({ ...artifact, id: "m", version: 1, createdAt: "" })).toThrow(
      /not a script model/,
    );
  });
});
