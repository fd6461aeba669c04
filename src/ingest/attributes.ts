/**
 * Extra columns become typed attributes. Their type is declared by the user
 * (`--attr balance:integer`) or inferred from the first rows that carry them,
 * then fixed: a later value that does not fit is a rejected row, never a
 * silent change of type.
 */
import type { AttributeType } from "../store/index.js";
import { isBlank, parseBoolean, parseDate, parseInteger, parseNumber, ValueError } from "./values.js";

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ["integer", "number", "boolean", "date", "string"];
/** Attribute names are identifiers so they can become tag rule fields later. */
const ATTRIBUTE_NAME = /^[\p{L}_][\p{L}\p{N}_.-]{0,63}$/u;
const MAX_STRING_ATTRIBUTE = 1024;

const WORD_BOOLEANS = new Set(["true", "false", "yes", "no", "y", "n", "t", "f"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Converts one value to its attribute type, or throws a ValueError. */
export function convertAttribute(type: AttributeType, value: unknown): string | number | boolean {
  switch (type) {
    case "integer":
      return parseInteger(value);
    case "number":
      return parseNumber(value);
    case "boolean":
      return parseBoolean(value);
    case "date":
      return parseDate(value);
    case "string": {
      const text = String(value).trim();
      if (text.length > MAX_STRING_ATTRIBUTE) {
        throw new ValueError(
          `is ${text.length} characters long; attributes hold at most ${MAX_STRING_ATTRIBUTE}`,
        );
      }
      return text;
    }
  }
}

function fits(type: AttributeType, value: unknown): boolean {
  if (type === "boolean") {
    // 0/1 columns are numbers to most exports; only words and real booleans make a boolean.
    return (
      typeof value === "boolean" ||
      (typeof value === "string" && WORD_BOOLEANS.has(value.trim().toLowerCase()))
    );
  }
  if (type === "date")
    return typeof value === "string" && ISO_DATE.test(value.trim()) && canConvert(type, value);
  return canConvert(type, value);
}

function canConvert(type: AttributeType, value: unknown): boolean {
  try {
    convertAttribute(type, value);
    return true;
  } catch {
    return false;
  }
}

/** The narrowest type that every non-blank sample fits (string when there are none). */
export function inferAttributeType(samples: readonly unknown[]): AttributeType {
  const present = samples.filter((v) => !isBlank(v));
  if (present.length === 0) return "string";
  for (const type of ["boolean", "integer", "number", "date"] as const) {
    if (present.every((v) => fits(type, v))) return type;
  }
  return "string";
}

/** Checks an attribute name; answers an error message or null. */
export function attributeNameProblem(name: string): string | null {
  return ATTRIBUTE_NAME.test(name)
    ? null
    : "is not a usable attribute name (letters, digits, _ . - ; at most 64 characters)";
}

/** Parses `name:type` declarations from the command line. */
export function parseAttributeDeclarations(specs: readonly string[]): Map<string, AttributeType> {
  const declared = new Map<string, AttributeType>();
  for (const spec of specs) {
    const [name, type] = spec.split(":").map((s) => s.trim());
    if (!name || !type || !ATTRIBUTE_TYPES.includes(type as AttributeType)) {
      throw new ValueError(
        `attribute declaration '${spec}' must be name:type with type one of ${ATTRIBUTE_TYPES.join(", ")}`,
      );
    }
    declared.set(name, type as AttributeType);
  }
  return declared;
}
