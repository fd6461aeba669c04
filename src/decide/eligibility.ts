/**
 * Eligibility rules are data: JsonLogic over the customer's facts and the offer, so a bank can say
 * "only customers 18 or older in region east" without a release. Rules are checked on the way in
 * (unknown operators are named) and compiled once: `var`, `missing` and `missing_some` are swapped
 * for versions that read own properties only, so a rule never reaches a prototype or a constructor.
 */
import jsonLogic, { type AdditionalOperation, type RulesLogic } from "json-logic-js";
import { extend, NudgeError } from "../core/index.js";
import type { Proposal, Subject } from "./types.js";

/**
 * The JsonLogic operators a rule may use. `log` is left out on purpose: it writes the data it is
 * given, customer facts included, to the console.
 */
export const RULE_OPERATORS: ReadonlySet<string> = new Set([
  "var",
  "missing",
  "missing_some",
  "if",
  "?:",
  "==",
  "===",
  "!=",
  "!==",
  "!",
  "!!",
  "or",
  "and",
  ">",
  ">=",
  "<",
  "<=",
  "max",
  "min",
  "+",
  "-",
  "*",
  "/",
  "%",
  "map",
  "filter",
  "reduce",
  "all",
  "none",
  "some",
  "merge",
  "in",
  "cat",
  "substr",
]);

/** Names a key that leads out of the data into the JavaScript object model. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Our replacements, registered under names no validated rule can use (they are not in RULE_OPERATORS). */
const SAFE_OPERATORS: Record<string, string> = {
  var: "nudge:var",
  missing: "nudge:missing",
  missing_some: "nudge:missing_some",
};

/** `var` reading own properties only: a path through a prototype, a constructor or a function is null. */
function safeVar(data: unknown, path: unknown, fallback: unknown = null): unknown {
  if (path === undefined || path === null || path === "") return data;
  let current: unknown = data;
  for (const key of String(path).split(".")) {
    if (current === null || current === undefined || FORBIDDEN_KEYS.has(key)) return fallback;
    if (typeof current !== "object" && typeof current !== "string") return fallback;
    if (!Object.hasOwn(current as object, key)) return fallback;
    current = (current as Record<string, unknown>)[key];
  }
  return current === undefined || typeof current === "function" ? fallback : current;
}

function safeMissing(data: unknown, keys: unknown[]): unknown[] {
  return keys.filter((key) => {
    const value = safeVar(data, key);
    return value === null || value === "";
  });
}

jsonLogic.add_operation(SAFE_OPERATORS.var!, function (this: unknown, path: unknown, fallback: unknown) {
  return safeVar(this, path, fallback);
});
jsonLogic.add_operation(SAFE_OPERATORS.missing!, function (this: unknown, ...args: unknown[]) {
  // Like JsonLogic's own: the keys are the arguments, or one array of them (from `merge`, say).
  return safeMissing(this, Array.isArray(args[0]) ? args[0] : args);
});
jsonLogic.add_operation(
  SAFE_OPERATORS.missing_some!,
  function (this: unknown, need: number, keys: unknown[]) {
    const missing = safeMissing(this, Array.isArray(keys) ? keys : [keys]);
    return (Array.isArray(keys) ? keys.length : 1) - missing.length >= need ? [] : missing;
  },
);

/** Checks a rule and answers its runnable form, or names what is wrong and where. */
function compile(node: unknown, at: string): unknown {
  if (node === null || typeof node === "string" || typeof node === "boolean") return node;
  if (typeof node === "number") {
    if (!Number.isFinite(node)) throw invalid(`${node} is not a JSON number`, at);
    return node;
  }
  if (Array.isArray(node)) return node.map((item, i) => compile(item, `${at}[${i}]`));
  if (typeof node === "object" && isPlainObject(node)) {
    if (!jsonLogic.is_logic(node)) {
      const keys = Object.keys(node);
      const found = keys.length === 0 ? "none" : keys.map((k) => `"${k}"`).join(", ");
      throw invalid(`an object must hold exactly one operator, found ${found}`, at);
    }
    const operator = jsonLogic.get_operator(node);
    if (!RULE_OPERATORS.has(operator)) {
      const hint = operator === "log" ? " (log is not allowed: it would print customer data)" : "";
      throw invalid(`unknown operator "${operator}"${hint}`, at);
    }
    const values = compile((node as Record<string, unknown>)[operator], at ? `${at}.${operator}` : operator);
    return { [SAFE_OPERATORS[operator] ?? operator]: values };
  }
  const what =
    node === undefined ? "undefined" : typeof node === "object" ? "a non-JSON object" : `a ${typeof node}`;
  throw invalid(`${what} is not JsonLogic`, at);
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function invalid(problem: string, at: string): NudgeError {
  return new NudgeError("INPUT_INVALID", `eligibility rule: ${problem}${at ? ` at ${at}` : ""}`, { at });
}

/** Compiled rules by identity: settings are parsed once and their rules judged on every request. */
const compiled = new WeakMap<object, unknown>();

function compiledRule(rule: unknown): unknown {
  if (typeof rule !== "object" || rule === null) return compile(rule, "");
  let runnable = compiled.get(rule);
  if (runnable === undefined) {
    runnable = compile(rule, "");
    compiled.set(rule, runnable);
  }
  return runnable;
}

/** Throws NudgeError INPUT_INVALID, naming the operator or value and its place, unless `rule` is JsonLogic we run. */
export function validateRule(rule: unknown): void {
  compiledRule(rule);
}

/** The rule's answer on `data`, truthy as JsonLogic means it (an empty array is false). */
export function evaluateRule(rule: unknown, data: Record<string, unknown>): boolean {
  return jsonLogic.truthy(jsonLogic.apply(compiledRule(rule) as RulesLogic<AdditionalOperation>, data));
}

/** What eligibility rules read: the customer's facts plus the offer. */
export function ruleData(subject: Subject, proposal: Proposal): Record<string, unknown> {
  return extend(subject.facts, {
    offer: {
      id: proposal.offerId,
      category: proposal.category,
      riskLevel: proposal.riskLevel,
      value: proposal.value,
      source: proposal.source,
    },
  });
}
