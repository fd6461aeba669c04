/** The demo group's product shelf: a bank, an insurer and a brokerage under one roof. */

export type Subsidiary = "bank" | "insurance" | "securities";

export const SUBSIDIARIES: readonly Subsidiary[] = ["bank", "insurance", "securities"];

export interface DemoProduct {
  id: string;
  name: string;
  category: string;
  subsidiary: Subsidiary;
  /** 1 (capital protected) to 5 (speculative), as on a suitability questionnaire. */
  risk_level: number;
  /** Expected value of one sale to the group, in minor units. */
  value: number;
  /** What a holding's amount means: a share of the balance, a typical premium or principal, or none. */
  amount: "balance" | "premium" | "principal" | "none";
}

function product(
  id: string,
  name: string,
  category: string,
  subsidiary: Subsidiary,
  risk_level: number,
  value: number,
  amount: DemoProduct["amount"],
): DemoProduct {
  return { id, name, category, subsidiary, risk_level, value, amount };
}

export const PRODUCTS: readonly DemoProduct[] = [
  product("p_savings", "Smart Savings Account", "deposit", "bank", 1, 2_000, "balance"),
  product("p_term3y", "3-Year Term Deposit", "deposit", "bank", 1, 8_000, "balance"),
  product("p_large_cd", "Large Certificate of Deposit", "deposit", "bank", 1, 25_000, "balance"),
  product("p_fx_deposit", "Foreign Currency Deposit", "deposit", "bank", 2, 6_000, "balance"),
  product("p_wm_stable", "Stable Wealth Plan 90d", "wealth", "bank", 2, 15_000, "balance"),
  product("p_wm_growth", "Growth Wealth Plan 1y", "wealth", "bank", 3, 30_000, "balance"),
  product("p_gold", "Gold Accumulation Plan", "wealth", "bank", 3, 9_000, "balance"),
  product("p_card_basic", "Everyday Credit Card", "card", "bank", 2, 6_000, "none"),
  product("p_card_travel", "Travel Rewards Card", "card", "bank", 2, 9_000, "none"),
  product("p_card_platinum", "Platinum Card", "card", "bank", 2, 20_000, "none"),
  product("p_loan_consumer", "Consumer Loan", "loan", "bank", 3, 16_000, "principal"),
  product("p_loan_mortgage", "Mortgage", "loan", "bank", 3, 120_000, "principal"),
  product("p_loan_sme", "SME Working Capital Loan", "loan", "bank", 4, 90_000, "principal"),
  product("p_pos", "Merchant POS Service", "payment", "bank", 1, 7_000, "none"),
  product("p_payroll", "Payroll Service", "payment", "bank", 1, 12_000, "none"),
  product("p_ins_health", "Critical Illness Cover", "insurance", "insurance", 1, 14_000, "premium"),
  product("p_ins_life", "Term Life Insurance", "insurance", "insurance", 1, 18_000, "premium"),
  product("p_ins_education", "Child Education Plan", "insurance", "insurance", 2, 26_000, "premium"),
  product("p_ins_annuity", "Pension Annuity", "insurance", "insurance", 2, 35_000, "premium"),
  product("p_ins_accident", "Personal Accident Cover", "insurance", "insurance", 1, 3_000, "premium"),
  product("p_ins_travel", "Travel Insurance", "insurance", "insurance", 1, 1_500, "premium"),
  product("p_ins_car", "Motor Insurance", "insurance", "insurance", 1, 5_000, "premium"),
  product("p_mmf", "Daily Cash Money Market Fund", "fund", "securities", 1, 3_000, "balance"),
  product("p_fund_bond", "Bond Fund", "fund", "securities", 2, 12_000, "balance"),
  product("p_fund_index", "CSI 300 Index Fund", "fund", "securities", 4, 18_000, "balance"),
  product("p_fund_tech", "Technology Equity Fund", "fund", "securities", 5, 22_000, "balance"),
  product("p_bond_gov", "Government Savings Bond", "securities", "securities", 1, 5_000, "balance"),
  product("p_brokerage", "Brokerage Account", "securities", "securities", 4, 10_000, "balance"),
  product("p_hk_connect", "Southbound Stock Connect", "securities", "securities", 5, 15_000, "balance"),
  product("p_margin", "Margin Trading", "securities", "securities", 5, 40_000, "principal"),
];

/** Columns of products.csv: the canonical ones, then `subsidiary` (kept as a product attribute). */
export const PRODUCT_COLUMNS = ["id", "name", "category", "risk_level", "value", "subsidiary"] as const;

export function productRow(p: DemoProduct): (string | number)[] {
  return [p.id, p.name, p.category, p.risk_level, p.value, p.subsidiary];
}
