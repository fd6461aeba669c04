import { describe, expect, it } from "vitest";
import { confusionMatrix, trainTextModel } from "./model.js";

describe("confusionMatrix", () => {
  it("counts true classes in rows and predicted classes in columns", () => {
    // truth a a b b c, predicted a b b b a.
    expect(confusionMatrix([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], ["a", "b", "c"])).toEqual({
      classes: ["a", "b", "c"],
      matrix: [
        [1, 1, 0],
        [0, 2, 0],
        [1, 0, 0],
      ],
    });
  });
});

describe("trainTextModel", () => {
  const topics = {
    loan: ["mortgage rate", "loan repayment", "credit limit", "borrow money"],
    travel: ["flight ticket", "hotel booking", "airport lounge", "holiday trip"],
    card: ["card blocked", "lost card", "card fee", "new card pin"],
  };
  const texts: string[] = [];
  const labels: string[] = [];
  for (const [label, phrases] of Object.entries(topics))
    for (let i = 0; i < 20; i++) {
      texts.push(`please help with my ${phrases[i % 4]} today number ${i}`);
      labels.push(label);
    }

  it("reports the held-out confusion matrix, one count per test text", () => {
    const { report } = trainTextModel(texts, labels, { seed: 3, folds: 3 });
    const { classes, matrix } = report.test.confusion;
    expect(classes).toEqual(["card", "loan", "travel"]);
    expect(matrix).toHaveLength(3);
    for (const row of matrix) expect(row).toHaveLength(3);
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(report.split.test);
    // Each class holds a fifth of its 20 texts out.
    expect(matrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([4, 4, 4]);
    const diagonal = matrix.reduce((s, row, i) => s + (row[i] as number), 0);
    expect(diagonal / report.split.test).toBeCloseTo(report.test.accuracy, 4);
  });
});
