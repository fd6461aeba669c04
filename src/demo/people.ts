/**
 * Generated people: a segment, a real profile from the bank sample that fits
 * it, a region, consents and fake identifiers; and their customers.csv rows.
 */
import { NudgeError, type Rng } from "../core/index.js";
import { type BankProfile, bankSample } from "./bank-sample.js";
import { DAY_MS, isoDate } from "./calendar.js";
import { fakeIdentity, type Identity } from "./identifiers.js";
import { SUBSIDIARIES, type Subsidiary } from "./products.js";
import { REGION_WEIGHTS, REGIONS, type Region } from "./regions.js";
import { INCOME_BANDS, SEGMENT_SHARES, SEGMENTS, type Segment } from "./segments.js";
import { WeightedChoice } from "./weighted.js";

/** Euro (the sample's currency) to yuan, for balances in CNY minor units. */
const EUR_TO_CNY = 7.8;
/** Households in the demo's markets keep several times the deposits of the Portuguese sample's. */
const SAVINGS_SCALE = 4;
const MINOR_PER_MAJOR = 100;
/** Spread (log scale) around a sampled balance, so one sample row gives many balances. */
const BALANCE_JITTER = 0.3;
const ADULT_AGE = 18;
const MAX_AGE = 99;
const MAX_TENURE_YEARS = 20;
const MIN_TENURE_DAYS = 30;
const RISK_LEVELS = [1, 2, 3, 4, 5] as const;

export interface Person {
  /** Position in the population, from 0; names the person's first customer record. */
  index: number;
  segment: Segment;
  region: Region;
  age: number;
  gender: "F" | "M";
  riskTolerance: number;
  job: string;
  marital: string;
  education: string;
  /** Minor units (CNY cents); negative for an overdrawn account, as in the source data. */
  balance: number;
  incomeBand: string;
  openedAt: number;
  /** 1 when the person allows the channel, else 0. */
  consents: Readonly<Record<ConsentChannel, number>>;
  identity: Identity;
  /** The subsidiary that knew the person first. */
  primary: Subsidiary;
}

/** Channels with a consent_<channel> column, in column order. */
export const CONSENT_CHANNELS = ["email", "sms", "inapp", "wecom", "webhook"] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

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

/** The three personal identifiers ingestion hashes (dropped from benchmark files without identifiers). */
export const IDENTIFIER_COLUMNS = ["name", "id_number", "phone"] as const;

/** Source id of a person's first customer record: c000001, c000002, … */
export function personId(index: number): string {
  return `c${String(index + 1).padStart(6, "0")}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** Per segment: the bank-sample rows it draws from and its weighted choices, prepared once. */
interface SegmentDraws {
  segment: Segment;
  profiles: readonly BankProfile[];
  riskTolerance: WeightedChoice<number>;
  income: WeightedChoice<string>;
  subsidiary: WeightedChoice<Subsidiary>;
}

/** Everything drawing a person needs that does not change from person to person. */
export interface Population {
  endMs: number;
  end: { year: number; month: number; day: number };
  segments: WeightedChoice<SegmentDraws>;
  regions: WeightedChoice<Region>;
  /** The bank-sample rows of each segment, in SEGMENTS order. */
  pools: readonly (readonly BankProfile[])[];
}

/** Prepares the population as of the end of the reference day `endMs`. */
export function population(endMs: number, sample: readonly BankProfile[] = bankSample()): Population {
  const draws: SegmentDraws[] = SEGMENTS.map((segment) => {
    const profiles = sample.filter(segment.fits);
    if (profiles.length === 0)
      throw new NudgeError("INTERNAL", `no bank-sample row fits segment ${segment.name}`);
    return {
      segment,
      profiles,
      riskTolerance: new WeightedChoice<number>(RISK_LEVELS, segment.riskTolerance),
      income: new WeightedChoice<string>(INCOME_BANDS, segment.income),
      subsidiary: new WeightedChoice(SUBSIDIARIES, segment.subsidiary),
    };
  });
  const end = new Date(endMs);
  return {
    endMs,
    end: { year: end.getUTCFullYear(), month: end.getUTCMonth() + 1, day: end.getUTCDate() },
    segments: new WeightedChoice(draws, SEGMENT_SHARES),
    regions: new WeightedChoice(REGIONS, REGION_WEIGHTS),
    pools: draws.map((d) => d.profiles),
  };
}

/** Draws the `index`-th person of the population. */
export function drawPerson(rng: Rng, index: number, from: Population): Person {
  const draws = from.segments.draw(rng);
  const segment = draws.segment;
  const profile = rng.pick(draws.profiles);
  const region = from.regions.draw(rng);
  const age = clamp(profile.age + rng.int(-1, 1), ADULT_AGE, MAX_AGE);
  const female = rng.chance(0.5);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const end = from.end;
  const hadBirthday = month < end.month || (month === end.month && day <= end.day);
  const year = end.year - age - (hadBirthday ? 0 : 1);
  const adultSince = Date.UTC(year + ADULT_AGE, month - 1, day);
  const earliest = Math.max(adultSince, from.endMs - MAX_TENURE_YEARS * 365 * DAY_MS);
  const latest = from.endMs - MIN_TENURE_DAYS * DAY_MS;
  const euros = profile.balance >= 0 ? profile.balance * segment.wealth : profile.balance;
  const consents = segment.consents;
  return {
    index,
    segment,
    region,
    age,
    gender: female ? "F" : "M",
    riskTolerance: draws.riskTolerance.draw(rng),
    job: profile.job,
    marital: profile.marital,
    education: profile.education,
    balance: Math.round(
      euros * EUR_TO_CNY * SAVINGS_SCALE * MINOR_PER_MAJOR * Math.exp(rng.normal(0, BALANCE_JITTER)),
    ),
    incomeBand: draws.income.draw(rng),
    openedAt: earliest + rng.next() * Math.max(0, latest - earliest),
    consents: {
      email: rng.chance(consents.email) ? 1 : 0,
      sms: rng.chance(consents.sms) ? 1 : 0,
      inapp: rng.chance(consents.inapp) ? 1 : 0,
      wecom: rng.chance(consents.wecom) ? 1 : 0,
      webhook: rng.chance(consents.webhook) ? 1 : 0,
    },
    identity: fakeIdentity(rng, region.style, female, { year, month, day }, region.areaCodes),
    primary: draws.subsidiary.draw(rng),
  };
}

/** The customers.csv row of a person as one subsidiary knows them, under that subsidiary's source id. */
export function customerRow(p: Person, id: string, subsidiary: Subsidiary): (string | number)[] {
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
    p.identity.name,
    p.identity.idNumber,
    p.identity.phone,
    p.job,
    p.marital,
    p.education,
    p.balance,
    p.incomeBand,
    isoDate(p.openedAt),
  ];
}
