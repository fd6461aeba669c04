/**
 * The demo's world: products of a bank, an insurer and a broker, and five
 * latent customer segments with distinct profiles, product preferences,
 * habits and responses to incentives. The segments are the planted truth that
 * clustering, propensity and uplift models should recover.
 */

export interface DemoProduct {
  id: string;
  name: string;
  category: string;
  subsidiary: "bank" | "insurance" | "securities";
  risk_level: number;
  /** Expected value of a sale, in minor units. */
  value: number;
}

export const PRODUCTS: readonly DemoProduct[] = [
  {
    id: "p_savings",
    name: "Smart Savings Account",
    category: "deposit",
    subsidiary: "bank",
    risk_level: 1,
    value: 2_000,
  },
  {
    id: "p_term3y",
    name: "3-Year Term Deposit",
    category: "deposit",
    subsidiary: "bank",
    risk_level: 1,
    value: 8_000,
  },
  {
    id: "p_large_cd",
    name: "Large Certificate of Deposit",
    category: "deposit",
    subsidiary: "bank",
    risk_level: 1,
    value: 25_000,
  },
  {
    id: "p_wm_stable",
    name: "Stable Wealth Plan 90d",
    category: "wealth",
    subsidiary: "bank",
    risk_level: 2,
    value: 15_000,
  },
  {
    id: "p_wm_growth",
    name: "Growth Wealth Plan 1y",
    category: "wealth",
    subsidiary: "bank",
    risk_level: 3,
    value: 30_000,
  },
  {
    id: "p_fund_bond",
    name: "Bond Fund",
    category: "fund",
    subsidiary: "securities",
    risk_level: 2,
    value: 12_000,
  },
  {
    id: "p_fund_index",
    name: "CSI 300 Index Fund",
    category: "fund",
    subsidiary: "securities",
    risk_level: 4,
    value: 18_000,
  },
  {
    id: "p_fund_tech",
    name: "Technology Equity Fund",
    category: "fund",
    subsidiary: "securities",
    risk_level: 5,
    value: 22_000,
  },
  {
    id: "p_brokerage",
    name: "Brokerage Account",
    category: "securities",
    subsidiary: "securities",
    risk_level: 4,
    value: 10_000,
  },
  {
    id: "p_margin",
    name: "Margin Trading",
    category: "securities",
    subsidiary: "securities",
    risk_level: 5,
    value: 40_000,
  },
  {
    id: "p_card_basic",
    name: "Everyday Credit Card",
    category: "card",
    subsidiary: "bank",
    risk_level: 2,
    value: 6_000,
  },
  {
    id: "p_card_travel",
    name: "Travel Rewards Card",
    category: "card",
    subsidiary: "bank",
    risk_level: 2,
    value: 9_000,
  },
  {
    id: "p_card_platinum",
    name: "Platinum Card",
    category: "card",
    subsidiary: "bank",
    risk_level: 2,
    value: 20_000,
  },
  {
    id: "p_loan_consumer",
    name: "Consumer Loan",
    category: "loan",
    subsidiary: "bank",
    risk_level: 3,
    value: 16_000,
  },
  {
    id: "p_loan_mortgage",
    name: "Mortgage",
    category: "loan",
    subsidiary: "bank",
    risk_level: 3,
    value: 120_000,
  },
  {
    id: "p_loan_sme",
    name: "SME Working Capital Loan",
    category: "loan",
    subsidiary: "bank",
    risk_level: 4,
    value: 90_000,
  },
  {
    id: "p_ins_health",
    name: "Critical Illness Cover",
    category: "insurance",
    subsidiary: "insurance",
    risk_level: 1,
    value: 14_000,
  },
  {
    id: "p_ins_life",
    name: "Term Life Insurance",
    category: "insurance",
    subsidiary: "insurance",
    risk_level: 1,
    value: 18_000,
  },
  {
    id: "p_ins_education",
    name: "Child Education Plan",
    category: "insurance",
    subsidiary: "insurance",
    risk_level: 2,
    value: 26_000,
  },
  {
    id: "p_ins_annuity",
    name: "Pension Annuity",
    category: "insurance",
    subsidiary: "insurance",
    risk_level: 2,
    value: 35_000,
  },
  {
    id: "p_ins_travel",
    name: "Travel Insurance",
    category: "insurance",
    subsidiary: "insurance",
    risk_level: 1,
    value: 1_500,
  },
  {
    id: "p_pos_terminal",
    name: "Merchant POS Service",
    category: "payment",
    subsidiary: "bank",
    risk_level: 1,
    value: 7_000,
  },
  {
    id: "p_payroll",
    name: "Payroll Service",
    category: "payment",
    subsidiary: "bank",
    risk_level: 1,
    value: 12_000,
  },
  {
    id: "p_gold",
    name: "Gold Accumulation Plan",
    category: "wealth",
    subsidiary: "bank",
    risk_level: 3,
    value: 9_000,
  },
];

export interface Segment {
  name: string;
  share: number;
  age: [mean: number, sd: number, min: number, max: number];
  /** log-normal balance in minor units: exp(N(mu, sigma)). */
  balance: [mu: number, sigma: number];
  riskTolerance: readonly number[];
  jobs: readonly string[];
  marital: readonly string[];
  education: readonly string[];
  income: readonly string[];
  /** product id → probability of holding it */
  holds: Readonly<Record<string, number>>;
  /** events per day */
  activity: number;
  activeHours: readonly number[];
  /** probabilities of always, persuadable, never for the coupon campaign */
  uplift: [always: number, persuadable: number, never: number];
}

const base = (p: number) => Object.fromEntries(PRODUCTS.map((x) => [x.id, p]));

export const SEGMENTS: readonly Segment[] = [
  {
    name: "young_digital",
    share: 0.28,
    age: [27, 4, 18, 38],
    balance: [12.2, 0.7],
    riskTolerance: [2, 3, 3, 4, 4],
    jobs: ["student", "technician", "services", "admin."],
    marital: ["single", "single", "married"],
    education: ["tertiary", "secondary"],
    income: ["low", "middle"],
    holds: {
      ...base(0.02),
      p_savings: 0.85,
      p_card_basic: 0.7,
      p_card_travel: 0.35,
      p_fund_index: 0.3,
      p_ins_travel: 0.25,
      p_loan_consumer: 0.2,
    },
    activity: 1.2,
    activeHours: [8, 12, 13, 20, 21, 22, 23],
    uplift: [0.15, 0.45, 0.4],
  },
  {
    name: "affluent_investor",
    share: 0.16,
    age: [47, 7, 32, 68],
    balance: [15.6, 0.6],
    riskTolerance: [3, 4, 4, 5, 5],
    jobs: ["management", "entrepreneur", "self-employed"],
    marital: ["married", "married", "divorced"],
    education: ["tertiary"],
    income: ["high", "very_high"],
    holds: {
      ...base(0.03),
      p_wm_growth: 0.75,
      p_fund_tech: 0.55,
      p_brokerage: 0.8,
      p_margin: 0.3,
      p_card_platinum: 0.7,
      p_large_cd: 0.4,
      p_gold: 0.3,
    },
    activity: 0.8,
    activeHours: [9, 10, 11, 14, 15],
    uplift: [0.5, 0.2, 0.3],
  },
  {
    name: "family_protector",
    share: 0.24,
    age: [38, 5, 28, 52],
    balance: [13.6, 0.6],
    riskTolerance: [1, 2, 2, 3, 3],
    jobs: ["admin.", "blue-collar", "technician", "services"],
    marital: ["married"],
    education: ["secondary", "tertiary"],
    income: ["middle", "high"],
    holds: {
      ...base(0.03),
      p_ins_education: 0.7,
      p_ins_health: 0.6,
      p_ins_life: 0.5,
      p_loan_mortgage: 0.55,
      p_card_basic: 0.5,
      p_wm_stable: 0.3,
    },
    activity: 0.6,
    activeHours: [7, 12, 19, 20, 21],
    uplift: [0.2, 0.35, 0.45],
  },
  {
    name: "retiree_saver",
    share: 0.2,
    age: [67, 6, 56, 90],
    balance: [14.6, 0.7],
    riskTolerance: [1, 1, 1, 2, 2],
    jobs: ["retired", "housemaid"],
    marital: ["married", "divorced", "married"],
    education: ["primary", "secondary"],
    income: ["low", "middle"],
    holds: {
      ...base(0.02),
      p_term3y: 0.8,
      p_large_cd: 0.35,
      p_ins_annuity: 0.5,
      p_wm_stable: 0.45,
      p_fund_bond: 0.3,
    },
    activity: 0.25,
    activeHours: [8, 9, 10, 15, 16],
    uplift: [0.3, 0.1, 0.6],
  },
  {
    name: "sme_owner",
    share: 0.12,
    age: [44, 8, 28, 66],
    balance: [15.0, 0.9],
    riskTolerance: [2, 3, 3, 4],
    jobs: ["entrepreneur", "self-employed", "management"],
    marital: ["married", "single"],
    education: ["secondary", "tertiary"],
    income: ["middle", "high", "very_high"],
    holds: {
      ...base(0.03),
      p_loan_sme: 0.7,
      p_pos_terminal: 0.75,
      p_payroll: 0.55,
      p_card_platinum: 0.3,
      p_wm_stable: 0.25,
    },
    activity: 0.9,
    activeHours: [8, 9, 10, 11, 17, 18],
    uplift: [0.25, 0.3, 0.45],
  },
];

export const REGIONS: readonly { name: string; tz: string }[] = [
  { name: "Shanghai", tz: "Asia/Shanghai" },
  { name: "Beijing", tz: "Asia/Shanghai" },
  { name: "Shenzhen", tz: "Asia/Shanghai" },
  { name: "Hangzhou", tz: "Asia/Shanghai" },
  { name: "Chengdu", tz: "Asia/Shanghai" },
  { name: "Hong Kong", tz: "Asia/Hong_Kong" },
  { name: "Singapore", tz: "Asia/Singapore" },
  { name: "Lisbon", tz: "Europe/Lisbon" },
];

export const SURNAMES = [
  "Wang",
  "Li",
  "Zhang",
  "Liu",
  "Chen",
  "Yang",
  "Huang",
  "Zhao",
  "Wu",
  "Zhou",
  "Xu",
  "Sun",
  "Ma",
  "Zhu",
  "Hu",
  "Guo",
];
export const GIVEN = [
  "Wei",
  "Fang",
  "Na",
  "Min",
  "Jing",
  "Lei",
  "Jun",
  "Yan",
  "Hui",
  "Qiang",
  "Xiu",
  "Ping",
  "Gang",
  "Hong",
  "Ling",
  "Tao",
];
