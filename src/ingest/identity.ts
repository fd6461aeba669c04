/**
 * Identity linking across subsidiaries by the "three elements": a person's
 * name, ID number and phone are normalized and reduced to one keyed hash
 * (HMAC-SHA256 with NUDGE_PII_KEY). The values themselves are never stored or
 * logged; only the hash and, for display, masked forms.
 */
import { createHmac } from "node:crypto";
import { NudgeError } from "../core/index.js";

/** The personal-identifier fields; they are hashed and dropped, never stored. */
export const PII_FIELDS = ["name", "id_number", "phone"] as const;
export type PiiField = (typeof PII_FIELDS)[number];

const CHINA_COUNTRY_CODE = "86";
const PERSON_KEY_BYTES = 16;
const CHINA_MOBILE_LENGTH = 11;

/** Names compare after Unicode normalization, case folding and whitespace removal. */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s·.]+/g, "");
}

/** ID numbers compare without separators, upper case (the Chinese check letter X). */
export function normalizeIdNumber(id: string): string {
  return id
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s-]+/g, "");
}

/** Phones compare as digits, without a leading 00/+ and without China's country code on mobile numbers. */
export function normalizePhone(phone: string): string {
  let digits = phone.normalize("NFKC").replace(/\D+/g, "").replace(/^00/, "");
  if (
    digits.length === CHINA_MOBILE_LENGTH + CHINA_COUNTRY_CODE.length &&
    digits.startsWith(CHINA_COUNTRY_CODE)
  ) {
    digits = digits.slice(CHINA_COUNTRY_CODE.length);
  }
  return digits;
}

/** Computes person keys with one secret key. */
export class PersonKeyer {
  readonly #key: string;

  constructor(key: string | undefined) {
    if (!key) {
      throw new NudgeError(
        "PII_KEY_MISSING",
        "this input has personal identifiers (name, id_number, phone) but NUDGE_PII_KEY is not set: " +
          "set it to a secret of at least 16 characters so they can be hashed, or drop those columns",
      );
    }
    this.#key = key;
  }

  /** The person key, or null when any of the three elements is missing. */
  personKey(name: string | null, idNumber: string | null, phone: string | null): string | null {
    if (!name || !idNumber || !phone) return null;
    const canonical = [normalizeName(name), normalizeIdNumber(idNumber), normalizePhone(phone)];
    if (canonical.some((part) => part === "")) return null;
    // 128 bits of the HMAC (truncation as RFC 2104 allows) in base64url: 22 characters keep the
    // person index small enough to stay in cache at millions of customers.
    return createHmac("sha256", this.#key)
      .update(canonical.join("\u001f"))
      .digest()
      .subarray(0, PERSON_KEY_BYTES)
      .toString("base64url");
  }
}

/** A masked form for display: first and last characters kept, the rest starred. */
export function maskPii(value: string, keep = 1): string {
  const chars = [...value];
  if (chars.length <= keep * 2) return "*".repeat(chars.length);
  return chars.slice(0, keep).join("") + "*".repeat(chars.length - keep * 2) + chars.slice(-keep).join("");
}
