/**
 * Key information in a marketing message, by candidate-word templates and rules, for Chinese and
 * English: amounts, rates, the validity period, the product term, the age limits and the risk level.
 * Pure: the same text gives the same fields. Full-width digits and punctuation (１２％，) are read as
 * half-width; every `text` is the original wording.
 */
import { type Amount, extractAmounts, extractRates, type Rate } from "./amounts.js";
import { type AgeRange, extractAgeRange, extractRiskLevel } from "./audience.js";
import { toHalfWidth } from "./numerals.js";
import { type DateRange, extractDateRange, extractTerm, type Term } from "./periods.js";

/** Everything `extractFields` finds; empty lists and nulls where the text says nothing. */
export interface ExtractedFields {
  amounts: Amount[];
  rates: Rate[];
  dateRange: DateRange | null;
  term: Term | null;
  ageRange: AgeRange | null;
  /** 1 (lowest) to 5, comparable with a portrait's risk_tolerance. */
  riskLevel: number | null;
}

/** Options of `extractFields`. */
export interface ExtractOptions {
  /** The year given to dates written without one (12月31日); without it they read --12-31. */
  year?: number;
}

/** The key fields of one message. */
export function extractFields(text: string, options: ExtractOptions = {}): ExtractedFields {
  const half = toHalfWidth(text);
  return {
    amounts: extractAmounts(half, text),
    rates: extractRates(half, text),
    dateRange: extractDateRange(half, text, options.year),
    term: extractTerm(half, text),
    ageRange: extractAgeRange(half, text),
    riskLevel: extractRiskLevel(half),
  };
}
