import { describe, expect, it } from "vitest";
import { MESSAGES } from "../../demo/messages.js";
import type { Amount, Rate } from "./amounts.js";
import { type ExtractedFields, extractFields } from "./fields.js";
import { parseHanInteger, parseNumber, toHalfWidth } from "./numerals.js";

/** What a row expects; anything left out must be empty. */
interface Expected {
  amounts?: [value: number, currency: string | null, role: Amount["role"]][];
  rates?: [value: number, kind: Rate["kind"]][];
  dates?: [from: string | null, to: string | null];
  term?: number;
  age?: [min: number | null, max: number | null];
  risk?: number;
}

function summary(f: ExtractedFields) {
  return {
    amounts: f.amounts.map((a) => [a.value, a.currency, a.role ?? null]),
    rates: f.rates.map((r) => [r.value, r.kind ?? null]),
    dates: f.dateRange ? [f.dateRange.from, f.dateRange.to] : null,
    term: f.term?.days ?? null,
    age: f.ageRange ? [f.ageRange.min, f.ageRange.max] : null,
    risk: f.riskLevel,
  };
}

function filled(e: Expected) {
  return {
    amounts: e.amounts ?? [],
    rates: e.rates ?? [],
    dates: e.dates ?? null,
    term: e.term ?? null,
    age: e.age ?? null,
    risk: e.risk ?? null,
  };
}

/** The demo's 51 messages, by id. */
const DEMO: Readonly<Record<string, Expected>> = {
  m001: { rates: [[3.5, "return"]], age: [null, 60] },
  m002: { amounts: [[10_000, "CNY", "minimum"]], term: 90, risk: 2 },
  m003: { rates: [[4.8, "return"]], term: 365, risk: 3 },
  m004: { rates: [[2.6, "annual"]], term: 1095, risk: 2 },
  m005: { amounts: [[200_000, "CNY", "minimum"]] },
  m006: {},
  m007: { rates: [[4.2, "annual"]] },
  m008: { amounts: [[1, "g", "minimum"]] },
  m009: { amounts: [[1, "CNY", "minimum"]] },
  m010: { amounts: [[100, "CNY", "minimum"]] },
  m011: { risk: 5 },
  m012: { rates: [[4.1, "return"]] },
  m013: { rates: [[2.38, "annual"]], term: 1095, risk: 1 },
  m014: { rates: [[0.015, "fee"]] },
  m015: {},
  m016: { amounts: [[500_000, "CNY", "minimum"]], rates: [[5.8, "annual"]] },
  m017: {},
  m018: { amounts: [[100_000, "CNY", "minimum"]] },
  m019: { amounts: [[50, "CNY", null]] },
  m020: { amounts: [[300_000, "CNY", "maximum"]], rates: [[3.45, "annual"]] },
  m021: {},
  m022: { amounts: [[5_000_000, "CNY", "maximum"]] },
  m023: { rates: [[0.38, "fee"]] },
  m024: {},
  m025: { age: [null, 30] },
  m026: {},
  m027: { age: [60, null] },
  m028: { amounts: [[3, "CNY", "maximum"]] },
  m029: { amounts: [[99, "CNY", null]] },
  m030: { amounts: [[5, "CNY", "minimum"]] },
  m031: { rates: [[2.1, null]] },
  m032: { rates: [[2.6, null]], dates: [null, "--12-31"], term: 1095 },
  m033: { amounts: [[200_000, null, "minimum"]] },
  m034: { amounts: [[50_000, null, "minimum"]], rates: [[4.8, "return"]], risk: 3 },
  m035: { amounts: [[1, "CNY", "minimum"]] },
  m036: { amounts: [[100, null, "minimum"]] },
  m037: { risk: 5 },
  m038: {},
  m039: {},
  m040: {},
  m041: { amounts: [[100_000, null, "minimum"]] },
  m042: { amounts: [[300_000, null, "maximum"]], rates: [[3.45, "annual"]] },
  m043: {},
  m044: { amounts: [[5_000_000, null, "maximum"]] },
  m045: { rates: [[0.38, "fee"]] },
  m046: {},
  m047: { age: [null, 29] },
  m048: {},
  m049: { age: [60, null] },
  m050: { rates: [[15, null]] },
  m051: { amounts: [[5, null, "minimum"]] },
};

/** More copy in the same style, written for the cases the demo lacks. */
const MORE: readonly [string, Expected][] = [
  [
    "即日起至2026年12月31日，新客户购买三年期大额存单，50万元起存，年利率2.9%",
    {
      dates: [null, "2026-12-31"],
      term: 1095,
      amounts: [[500_000, "CNY", "minimum"]],
      rates: [[2.9, "annual"]],
    },
  ],
  [
    "活动时间：2026年3月1日至2026年3月31日，信用卡消费满5000元返50元",
    {
      dates: ["2026-03-01", "2026-03-31"],
      amounts: [
        [5000, "CNY", "minimum"],
        [50, "CNY", null],
      ],
    },
  ],
  ["18至35岁青年专享信用卡，首年免年费", { age: [18, 35] }],
  [
    "年满18周岁至60周岁均可投保，保额最高100万元",
    { age: [18, 60], amounts: [[1_000_000, "CNY", "maximum"]] },
  ],
  ["适合风险承受能力为C3及以上的平衡型投资者，产品风险等级R3", { risk: 3 }],
  ["本产品为中低风险等级，适合稳健型投资者", { risk: 2 }],
  ["高风险产品，请谨慎投资", { risk: 5 }],
  [
    "低风险，7天期理财，1万元起购，年化收益率2.8%",
    { risk: 1, term: 7, amounts: [[10_000, "CNY", "minimum"]], rates: [[2.8, "return"]] },
  ],
  ["单笔转账手续费0.1%，最高不超过50元", { rates: [[0.1, "fee"]], amounts: [[50, "CNY", "maximum"]] }],
  [
    "五万元起投，期限为六个月，业绩比较基准３．２％",
    { amounts: [[50_000, "CNY", "minimum"]], term: 180, rates: [[3.2, "return"]] },
  ],
  ["两万元即可开通，优惠截至12月31日", { amounts: [[20_000, "CNY", null]], dates: [null, "--12-31"] }],
  ["60岁以上老年客户专享，存款利率上浮10%", { age: [60, null], rates: [[10, "annual"]] }],
  ["不满18周岁的未成年人不可办理", { age: [null, 17] }],
  ["A股交易佣金万分之二点五", { rates: [[0.025, "fee"]] }],
  [
    "一年期定期存款年利率１．７５％，５万元起存",
    { term: 365, rates: [[1.75, "annual"]], amounts: [[50_000, "CNY", "minimum"]] },
  ],
  ["百万医疗险，保费低至每年200元，65岁以下可投保", { amounts: [[200, "CNY", "minimum"]], age: [null, 65] }],
  [
    "Earn 3.2% p.a. on our 6-month term deposit from RMB 50,000, offer ends 30 June 2026",
    {
      rates: [[3.2, "annual"]],
      term: 180,
      amounts: [[50_000, "CNY", "minimum"]],
      dates: [null, "2026-06-30"],
    },
  ],
  ["Customers aged 18 to 35 get a fee-free credit card for the first year", { age: [18, 35] }],
  ["Seniors over 65 enjoy a 0.5% bonus rate on savings", { age: [66, null], rates: [[0.5, null]] }],
  [
    "Offer valid from 1 March 2026 to 31 May 2026 for customers under 60",
    { dates: ["2026-03-01", "2026-05-31"], age: [null, 59] },
  ],
  [
    "Invest from USD 10,000 in our 2-year structured note, risk level 4",
    { amounts: [[10_000, "USD", "minimum"]], term: 730, risk: 4 },
  ],
  [
    "Get HK$500 cashback when you spend HK$20,000 before 2026-09-30",
    {
      amounts: [
        [500, "HKD", null],
        [20_000, "HKD", "minimum"],
      ],
      dates: [null, "2026-09-30"],
    },
  ],
  ["Low-risk bond fund for conservative investors, no fees until the end of the year", { risk: 1 }],
  [
    "Borrow up to ¥300,000 at 3.6% APR over 36 months",
    { amounts: [[300_000, "CNY", "maximum"]], rates: [[3.6, "annual"]] },
  ],
  ["Medium-high risk (R4) equity strategy for growth investors", { risk: 4 }],
  ["Kids' education plan for children aged 0-17", { age: [0, 17] }],
  ["理财产品风险等级为三级，适合稳健型及以上投资者", { risk: 3 }],
  ["自2026年1月1日起，手机银行转账免手续费", { dates: ["2026-01-01", null] }],
  [
    "2026年5月20日当天，信用卡支付满520元立减52元",
    {
      dates: ["2026-05-20", "2026-05-20"],
      amounts: [
        [520, "CNY", "minimum"],
        [52, "CNY", null],
      ],
    },
  ],
  ["每月定投500元，坚持三年，历史年化回报8%", { amounts: [[500, "CNY", null]], rates: [[8, "return"]] }],
  ["十二月三十一日前办理，立享优惠", { dates: [null, "--12-31"] }],
  // Any "N-month" reads as a term, even a fee-free period: the rules cannot tell them apart.
  [
    "Apply by Dec 31, 2026 and pay no annual fee for a 12-month period",
    { dates: [null, "2026-12-31"], term: 360 },
  ],
  ["Three-year savings bond at 2.5%, capital guaranteed", { term: 1095, rates: [[2.5, null]], risk: 1 }],
  [
    "单日转账限额500万元以内，1.5亿元以上请联系客户经理",
    {
      amounts: [
        [5_000_000, "CNY", "maximum"],
        [150_000_000, "CNY", "minimum"],
      ],
    },
  ],
];

describe("extractFields on the demo messages", () => {
  it("has a row for every demo message", () => {
    expect(Object.keys(DEMO).sort()).toEqual(MESSAGES.map((m) => m.id).sort());
  });
  for (const m of MESSAGES)
    it(`${m.id}: ${m.text}`, () => {
      expect(summary(extractFields(m.text))).toEqual(filled(DEMO[m.id] ?? {}));
    });
});

describe("extractFields on more copy", () => {
  for (const [text, expected] of MORE)
    it(text, () => {
      expect(summary(extractFields(text))).toEqual(filled(expected));
    });
});

describe("the words each field came from", () => {
  it("keeps the original wording, full-width forms included", () => {
    const f = extractFields("五万元起投，期限为六个月，业绩比较基准３．２％");
    expect(f.amounts[0]?.text).toBe("五万元");
    expect(f.term?.text).toBe("期限为六个月");
    expect(f.rates[0]?.text).toBe("３．２％");
  });

  it("spans a range with its cues", () => {
    expect(extractFields("即日起至2026年12月31日有效").dateRange?.text).toBe("即日起至2026年12月31日");
    expect(extractFields("Lock in 2.6%, available until 31 December").dateRange?.text).toBe(
      "until 31 December",
    );
    expect(extractFields("18至35岁青年专享").ageRange?.text).toBe("18至35岁");
  });

  it("completes year-less dates with a reference year when given", () => {
    expect(extractFields("优惠截至12月31日", { year: 2026 }).dateRange).toMatchObject({ to: "2026-12-31" });
  });
});

describe("numerals", () => {
  const cases: [string, number | null][] = [
    ["三", 3],
    ["十", 10],
    ["十二", 12],
    ["两万", 20_000],
    ["一百零五", 105],
    ["三千五百", 3500],
    ["十万", 100_000],
    ["一亿五千万", 150_000_000],
    ["二〇二六", 2026],
    ["三点五", 3.5],
    ["1万", 10_000],
    ["1.5亿", 150_000_000],
    ["1千万", 10_000_000],
    ["200,000", 200_000],
    ["1.1万", 11_000],
    ["abc", null],
  ];
  for (const [text, value] of cases) it(`${text} → ${value}`, () => expect(parseNumber(text)).toBe(value));

  it("rejects text with a non-numeral", () => expect(parseHanInteger("三个")).toBeNull());
  it("maps full-width forms one for one", () => expect(toHalfWidth("１２．５％，　ＡＢ")).toBe("12.5%, AB"));
});
