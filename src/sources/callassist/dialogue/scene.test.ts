import { describe, expect, it } from "vitest";
import {
  CONTEXT_PREFIX,
  evaluateSceneModel,
  INTENTS,
  predictScene,
  readCalls,
  SCENES,
  sceneTokens,
  splitByCall,
  trainSceneModel,
} from "./index.js";

const SEED = 42;
const { train, test } = splitByCall(readCalls(), SEED);

describe("scene and intent model", () => {
  const model = trainSceneModel(train, { seed: SEED });

  // Measured on this split (README): scene macro-F1 0.432, intent 0.4965; 5-fold by call: 0.386, 0.540.
  it("beats its measured floor on held-out calls", () => {
    const quality = evaluateSceneModel(model, test);
    expect(quality.scene.macroF1).toBeGreaterThan(0.4);
    expect(quality.intent.macroF1).toBeGreaterThan(0.45);
  });

  it("does better with the call's structure than with the utterance alone", () => {
    const bare = trainSceneModel(train, { seed: SEED, features: { structure: false } });
    expect(evaluateSceneModel(model, test).scene.macroF1).toBeGreaterThan(
      evaluateSceneModel(bare, test).scene.macroF1,
    );
  });

  it("predicts a scene and an intent of their sets with confidences", () => {
    const prediction = predictScene(model, "Stop calling me, this is harassment!", ["Hello?"]);
    expect(SCENES).toContain(prediction.scene);
    expect(INTENTS).toContain(prediction.intent);
    expect(prediction.sceneConfidence).toBeGreaterThan(0);
    expect(prediction.sceneConfidence).toBeLessThanOrEqual(1);
    expect(predictScene(model, "喂，你好，哪位？", [])).toMatchObject({
      scene: "opening",
      intent: "greeting",
    });
  });
});

describe("sceneTokens", () => {
  it("adds position, relation and, when asked, prefixed context tokens", () => {
    const tokens = sceneTokens("那利率呢？", ["期限多久？", "三年"], { contextTurns: 1, structure: true });
    expect(tokens).toEqual(["那", "利率", "呢", "pos_2", "rel_follow_up", `${CONTEXT_PREFIX}三年`]);
    expect(sceneTokens("利率", [], { contextTurns: 0, structure: false })).toEqual(["利率"]);
  });
});
