/** Generated people: profile, fake identifiers and attributes drawn from their segment. */
import type { Rng } from "../core/index.js";
import { GIVEN, REGIONS, SEGMENTS, type Segment, SURNAMES } from "./catalog.js";

export interface Person {
  index: number;
  segment: Segment;
  age: number;
  gender: string;
  region: (typeof REGIONS)[number];
  riskTolerance: number;
  name: string;
  idNumber: string;
  phone: string;
  job: string;
  marital: string;
  education: string;
  income: string;
  balance: number;
  openedAt: string;
  consents: { email: number; sms: number; inapp: number; wecom: number; webhook: number };
}

const DAY_MS = 86_400_000;

export function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** A plausible 18-character ID number: region code, birth date, sequence, check character. */
function idNumber(rng: Rng, age: number, referenceYear: number): string {
  const year = referenceYear - age;
  const body = `${rng.int(110000, 659000)}${year}${String(rng.int(1, 12)).padStart(2, "0")}${String(rng.int(1, 28)).padStart(2, "0")}${String(rng.int(0, 999)).padStart(3, "0")}`;
  return body + rng.pick(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "X"]);
}

/** Draws the i-th person of the population. */
export function person(rng: Rng, index: number, referenceDate: Date): Person {
  const segment = rng.weighted(
    SEGMENTS,
    SEGMENTS.map((s) => s.share),
  );
  const [mean, sd, min, max] = segment.age;
  const age = Math.round(clamp(rng.normal(mean, sd), min, max));
  const region = rng.weighted(REGIONS, [0.2, 0.18, 0.15, 0.12, 0.1, 0.1, 0.08, 0.07]);
  const opened = new Date(referenceDate.getTime() - rng.int(30, 365 * 15) * DAY_MS);
  const digital = segment.activity > 0.7;
  return {
    index,
    segment,
    age,
    gender: rng.chance(0.5) ? "F" : "M",
    region,
    riskTolerance: rng.pick(segment.riskTolerance),
    name: `${rng.pick(SURNAMES)} ${rng.pick(GIVEN)}${rng.chance(0.5) ? ` ${rng.pick(GIVEN)}` : ""}`,
    idNumber: idNumber(rng, age, referenceDate.getUTCFullYear()),
    phone: `1${rng.pick(["38", "39", "58", "86", "88"])}${String(rng.int(0, 99_999_999)).padStart(8, "0")}`,
    job: rng.pick(segment.jobs),
    marital: rng.pick(segment.marital),
    education: rng.pick(segment.education),
    income: rng.pick(segment.income),
    balance: Math.round(Math.exp(rng.normal(segment.balance[0], segment.balance[1]))),
    openedAt: opened.toISOString().slice(0, 10),
    consents: {
      email: rng.chance(0.7) ? 1 : 0,
      sms: rng.chance(0.6) ? 1 : 0,
      inapp: rng.chance(digital ? 0.95 : 0.6) ? 1 : 0,
      wecom: rng.chance(0.3) ? 1 : 0,
      webhook: 0,
    },
  };
}

export const CUSTOMER_COLUMNS = [
  "id",
  "age",
  "gender",
  "region",
  "tz",
  "risk_tolerance",
  "subsidiary",
  "consent_email",
  "consent_sms",
  "consent_inapp",
  "consent_wecom",
  "consent_webhook",
  "name",
  "id_number",
  "phone",
  "job",
  "marital",
  "education",
  "balance",
  "income_band",
  "opened_at",
] as const;

/** The customers.csv row of a person as known to one subsidiary under one source id. */
export function customerRow(p: Person, id: string, subsidiary: string): (string | number)[] {
  return [
    id,
    p.age,
    p.gender,
    p.region.name,
    p.region.tz,
    p.riskTolerance,
    subsidiary,
    p.consents.email,
    p.consents.sms,
    p.consents.inapp,
    p.consents.wecom,
    p.consents.webhook,
    p.name,
    p.idNumber,
    p.phone,
    p.job,
    p.marital,
    p.education,
    p.balance,
    p.income,
    p.openedAt,
  ];
}
