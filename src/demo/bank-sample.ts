/**
 * Real combinations of age, job, marital status, education and balance, from
 * a 2,000-row sample of the UCI Bank Marketing data set shipped in
 * `data/bank-sample.csv` (see data/CREDITS.md). Generated people start from a
 * row of this sample, so their profiles hang together the way real ones do.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { NudgeError } from "../core/index.js";

/** One row of the sample; `balance` is a yearly average balance in euros, as in the source. */
export interface BankProfile {
  age: number;
  job: string;
  marital: string;
  education: string;
  hasDefault: boolean;
  balance: number;
  housingLoan: boolean;
  personalLoan: boolean;
}

const SAMPLE_FILE = "bank-sample.csv";
/** Beside this module when run from src/, or in the shipped src/ when run compiled from dist/ (tsc copies no CSV). */
const CANDIDATES = [
  new URL(`./data/${SAMPLE_FILE}`, import.meta.url),
  new URL(`../../src/demo/data/${SAMPLE_FILE}`, import.meta.url),
];
const HEADER = "age,job,marital,education,default,balance,housing,loan";

let cached: readonly BankProfile[] | undefined;

/** Parses the sample's text: a header, then one comma-separated profile a line (no quoting needed). */
export function parseBankSample(text: string): BankProfile[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  if (header !== HEADER)
    throw new NudgeError("INTERNAL", `${SAMPLE_FILE} has an unexpected header`, { header });
  return lines.map((line) => {
    const [age, job, marital, education, hasDefault, balance, housing, loan] = line.split(",");
    return {
      age: Number(age),
      job: job ?? "unknown",
      marital: marital ?? "unknown",
      education: education ?? "unknown",
      hasDefault: hasDefault === "yes",
      balance: Number(balance),
      housingLoan: housing === "yes",
      personalLoan: loan === "yes",
    };
  });
}

/** The shipped sample, read once. */
export function bankSample(): readonly BankProfile[] {
  if (cached) return cached;
  const url = CANDIDATES.find((candidate) => existsSync(fileURLToPath(candidate)));
  if (!url)
    throw new NudgeError("INTERNAL", `the demo's ${SAMPLE_FILE} is missing from the package`, {
      looked: CANDIDATES.map((c) => fileURLToPath(c)),
    });
  cached = parseBankSample(readFileSync(url, "utf8"));
  return cached;
}
