/**
 * The planted truth: six latent customer segments, each with its own kind of
 * people (which rows of the bank sample it draws from, how wealthy, how
 * risk-tolerant), its own product preferences, habits and response to
 * incentives. Clustering, propensity and uplift models should recover them;
 * truth.csv records who belongs where.
 */
import type { BankProfile } from "./bank-sample.js";

/** Yearly income bands (CNY) written to customers.csv as `income_band`. */
export const INCOME_BANDS = ["under_50k", "50k_150k", "150k_500k", "over_500k"] as const;

/** Consent probabilities per channel, in customers.csv column order. */
export interface ConsentRates {
  email: number;
  sms: number;
  inapp: number;
  wecom: number;
  webhook: number;
}

export interface Segment {
  name: string;
  description: string;
  /** Share of the population. */
  share: number;
  /** Which real profiles (rows of the bank sample) people of this segment are drawn from. */
  fits: (p: BankProfile) => boolean;
  /** Multiplies the sample's euro balance on top of currency conversion. */
  wealth: number;
  /** Weights of risk tolerance 1–5. */
  riskTolerance: readonly [number, number, number, number, number];
  /** Weights of INCOME_BANDS. */
  income: readonly [number, number, number, number];
  /** Weights of the subsidiary that first knew the person: bank, insurance, securities. */
  subsidiary: readonly [number, number, number];
  consents: ConsentRates;
  /** Product id → probability of holding it (others: a small base rate). */
  holds: Readonly<Record<string, number>>;
  /** App sessions over the 120-day history, on average. */
  sessions: number;
  /** Local hours when sessions usually start. */
  activeHours: readonly number[];
  /** Weights of the uplift classes always, persuadable, never, before individual features adjust them. */
  uplift: readonly [number, number, number];
}

const WHITE_COLLAR = new Set(["management", "entrepreneur", "self-employed", "technician", "admin."]);
const OWNERS = new Set(["entrepreneur", "self-employed"]);
const WAGE_EARNERS = new Set(["blue-collar", "services", "housemaid", "unemployed"]);

export const SEGMENTS: readonly Segment[] = [
  {
    name: "young_digital",
    description: "young, app-first savers with small balances who like cash funds and cards",
    share: 0.24,
    fits: (p) => p.age <= 34 && p.job !== "retired",
    wealth: 0.5,
    riskTolerance: [1, 3, 4, 3, 1],
    income: [3, 5, 2, 0.2],
    subsidiary: [0.7, 0.05, 0.25],
    consents: { email: 0.6, sms: 0.5, inapp: 0.95, wecom: 0.5, webhook: 0.02 },
    holds: {
      p_mmf: 0.8,
      p_card_basic: 0.5,
      p_fund_index: 0.3,
      p_card_travel: 0.2,
      p_ins_travel: 0.2,
      p_loan_consumer: 0.15,
    },
    sessions: 18,
    activeHours: [12, 13, 21, 22, 23, 0],
    uplift: [0.1, 0.45, 0.45],
  },
  {
    name: "affluent_investor",
    description: "high-balance professionals who trade, hold growth wealth plans and premium cards",
    share: 0.12,
    fits: (p) => p.age >= 35 && p.age <= 64 && WHITE_COLLAR.has(p.job) && p.balance >= 2500,
    wealth: 10,
    riskTolerance: [0, 1, 3, 4, 3],
    income: [0, 1, 4, 5],
    subsidiary: [0.5, 0.1, 0.4],
    consents: { email: 0.8, sms: 0.6, inapp: 0.75, wecom: 0.55, webhook: 0.05 },
    holds: {
      p_brokerage: 0.8,
      p_wm_growth: 0.65,
      p_card_platinum: 0.6,
      p_fund_tech: 0.45,
      p_large_cd: 0.35,
      p_hk_connect: 0.3,
      p_gold: 0.25,
      p_fx_deposit: 0.25,
      p_margin: 0.2,
    },
    sessions: 12,
    activeHours: [9, 10, 11, 14, 15, 21],
    uplift: [0.35, 0.15, 0.5],
  },
  {
    name: "family_protector",
    description: "married mid-career parents with a mortgage who buy protection and education plans",
    share: 0.22,
    fits: (p) => p.marital === "married" && p.age >= 28 && p.age <= 50 && p.job !== "retired",
    wealth: 1.2,
    riskTolerance: [3, 4, 2, 1, 0],
    income: [1, 5, 3, 0.5],
    subsidiary: [0.5, 0.45, 0.05],
    consents: { email: 0.7, sms: 0.8, inapp: 0.65, wecom: 0.6, webhook: 0.02 },
    holds: {
      p_ins_education: 0.7,
      p_ins_health: 0.55,
      p_loan_mortgage: 0.5,
      p_ins_life: 0.4,
      p_card_basic: 0.3,
      p_ins_car: 0.3,
      p_wm_stable: 0.25,
    },
    sessions: 8,
    activeHours: [7, 12, 20, 21],
    uplift: [0.15, 0.35, 0.5],
  },
  {
    name: "retiree_saver",
    description: "retired, risk-averse depositors who keep term deposits, annuities and bonds",
    share: 0.16,
    fits: (p) => p.job === "retired" || p.age >= 60,
    wealth: 2.5,
    riskTolerance: [5, 3, 1, 0, 0],
    income: [4, 4, 1.5, 0.3],
    subsidiary: [0.8, 0.15, 0.05],
    consents: { email: 0.3, sms: 0.85, inapp: 0.3, wecom: 0.25, webhook: 0 },
    holds: {
      p_term3y: 0.8,
      p_ins_annuity: 0.45,
      p_bond_gov: 0.35,
      p_large_cd: 0.3,
      p_wm_stable: 0.3,
      p_fund_bond: 0.25,
    },
    sessions: 3,
    activeHours: [8, 9, 10, 15, 16],
    uplift: [0.25, 0.1, 0.65],
  },
  {
    name: "sme_owner",
    description:
      "owners of small businesses who borrow working capital and use merchant and payroll services",
    share: 0.1,
    fits: (p) => OWNERS.has(p.job) && p.age >= 28 && p.age <= 65,
    wealth: 3,
    riskTolerance: [1, 2, 4, 2, 1],
    income: [0.5, 3, 4, 3],
    subsidiary: [0.95, 0.03, 0.02],
    consents: { email: 0.85, sms: 0.8, inapp: 0.7, wecom: 0.75, webhook: 0.35 },
    holds: {
      p_loan_sme: 0.7,
      p_pos: 0.7,
      p_payroll: 0.5,
      p_card_platinum: 0.25,
      p_ins_car: 0.2,
      p_wm_stable: 0.2,
    },
    sessions: 10,
    activeHours: [8, 9, 17, 18, 22],
    uplift: [0.2, 0.3, 0.5],
  },
  {
    name: "mass_worker",
    description: "wage earners with thin balances who need a savings account, small loans and cheap cover",
    share: 0.16,
    fits: (p) => p.age >= 30 && p.age <= 58 && WAGE_EARNERS.has(p.job) && p.balance < 1500,
    wealth: 0.6,
    riskTolerance: [3, 4, 2, 1, 0],
    income: [6, 4, 0.5, 0],
    subsidiary: [0.9, 0.08, 0.02],
    consents: { email: 0.35, sms: 0.8, inapp: 0.5, wecom: 0.45, webhook: 0 },
    holds: {
      p_savings: 0.65,
      p_loan_consumer: 0.45,
      p_ins_accident: 0.35,
      p_card_basic: 0.3,
    },
    sessions: 5,
    activeHours: [7, 12, 19, 20, 21],
    uplift: [0.1, 0.35, 0.55],
  },
];

export const SEGMENT_SHARES: readonly number[] = SEGMENTS.map((s) => s.share);

/** The product a segment is most likely to hold: what a share-weight model should find first. */
export function favouriteProduct(segment: Segment): string {
  const [best] = Object.entries(segment.holds).sort((a, b) => b[1] - a[1]);
  return best?.[0] ?? "";
}
