/** The model the tests share: seed examples of the shipped dialogue set, trained with seed 42. */
import { readCalls } from "../../dialogue/calls.js";
import type { ScriptExample } from "../examples.js";
import { loadLibrary, type Script } from "../library.js";
import type { ScriptModel } from "../model.js";
import { seedExamples } from "../seed.js";
import { trainScriptModel } from "../train.js";

export const TEST_SEED = 42;

export interface Trained {
  library: Script[];
  examples: ScriptExample[];
  model: ScriptModel;
}

export function trainOnSeedExamples(): Trained {
  const library = loadLibrary();
  const examples = seedExamples(readCalls(), library);
  return { library, examples, model: trainScriptModel(examples, { seed: TEST_SEED, library }) };
}
