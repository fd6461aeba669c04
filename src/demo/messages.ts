/**
 * Marketing messages of the demo group (灯塔金融 / Lantern Financial, a
 * made-up name) in Chinese and English. Each is about one product, so a
 * text classifier's category can be checked against `product`.
 */
import type { Cell } from "./csv-writer.js";

export interface DemoMessage {
  id: string;
  text: string;
  lang: "zh" | "en";
  channel: "inapp" | "sms" | "email" | "wecom";
  /** The product the message promotes (not written to messages.csv). */
  product: string;
}

export const MESSAGE_COLUMNS = ["id", "text", "lang", "channel"] as const;

type Draft = [product: string, channel: DemoMessage["channel"], text: string];

const ZH: readonly Draft[] = [
  ["p_wm_stable", "inapp", "灯塔银行推出新的理财产品，年化收益率3.5%，60岁以下客户专享"],
  ["p_wm_stable", "sms", "稳健理财90天计划上线，起购金额1万元，风险等级R2，到期自动兑付"],
  ["p_wm_growth", "wecom", "成长型理财一年期，业绩比较基准4.8%，适合平衡型及以上客户"],
  ["p_term3y", "sms", "三年期定期存款利率上调至2.6%，到期自动续存，适合稳健型客户"],
  ["p_large_cd", "sms", "大额存单限时发售，20万元起存，可提前转让，额度有限售完即止"],
  ["p_savings", "inapp", "智能储蓄账户：活期存取，日日计息，无最低存款要求"],
  ["p_fx_deposit", "email", "外币定期存款美元年利率4.2%，留学旅行换汇一站办理"],
  ["p_gold", "inapp", "积存金计划，每日1克起投，随时赎回，对冲通胀风险"],
  ["p_mmf", "inapp", "每日现金货币基金，1元起投，T+0快速赎回，零钱也能赚收益"],
  ["p_fund_index", "inapp", "沪深300指数基金定投活动，每月最低100元，首月免申购费"],
  ["p_fund_tech", "wecom", "科技主题股票基金新发，风险等级R5，适合进取型投资者"],
  ["p_fund_bond", "inapp", "债券基金稳健增值，近一年收益率4.1%，申购费一折优惠"],
  ["p_bond_gov", "sms", "新一期储蓄国债开售，三年期票面利率2.38%，保本保息"],
  ["p_brokerage", "inapp", "开通证券账户即送佣金优惠券，A股交易佣金万一点五"],
  ["p_hk_connect", "wecom", "港股通开户礼遇，南向交易手续费减免三个月"],
  ["p_margin", "email", "融资融券业务利率下调至5.8%，资产满50万元即可申请开通"],
  ["p_card_travel", "email", "旅行信用卡境外消费无货币转换费，机场贵宾厅免费使用"],
  ["p_card_platinum", "email", "白金信用卡专享高尔夫与酒店礼遇，年消费满10万元免年费"],
  ["p_card_basic", "inapp", "新客办理信用卡首刷送50元立减金，绑定微信支付再享好礼"],
  ["p_loan_consumer", "sms", "消费贷款年化利率低至3.45%，最高可借30万元，线上秒批"],
  ["p_loan_mortgage", "email", "首套房贷款利率优惠，公积金组合贷款审批更快"],
  ["p_loan_sme", "wecom", "小微企业经营贷款，最高500万元，随借随还，按日计息"],
  ["p_pos", "wecom", "商户收单POS机免费申领，刷卡费率0.38%，资金次日到账"],
  ["p_payroll", "email", "代发工资服务，企业员工专享存款利率上浮与免费转账"],
  ["p_ins_health", "inapp", "重大疾病保险，覆盖120种重疾，30岁以下投保保费更低"],
  ["p_ins_education", "wecom", "子女教育金计划，每年固定返还，为孩子大学学费提前储备"],
  ["p_ins_annuity", "sms", "养老年金保险，60岁起按月领取，终身保证现金流"],
  ["p_ins_life", "inapp", "定期寿险每天不到3元，守护家庭责任，线上投保即时生效"],
  ["p_ins_accident", "sms", "意外伤害保险全年仅需99元，意外医疗不限社保用药"],
  ["p_ins_travel", "inapp", "出境旅游意外险，最低每天5元，覆盖医疗与航班延误"],
];

const EN: readonly Draft[] = [
  ["p_savings", "email", "New Smart Savings account: 2.1% on daily balances, no minimum deposit"],
  ["p_term3y", "email", "Lock in 2.6% with our 3-year term deposit, available until 31 December"],
  ["p_large_cd", "sms", "Large certificates of deposit are back: from 200,000, transferable before maturity"],
  ["p_wm_growth", "inapp", "Growth Wealth Plan: target return 4.8% a year, risk level 3, from 50,000"],
  ["p_mmf", "inapp", "Put idle cash to work: the Daily Cash fund starts at 1 yuan with same-day redemption"],
  [
    "p_fund_index",
    "inapp",
    "Invest monthly in the CSI 300 index fund from 100, no subscription fee in month one",
  ],
  ["p_fund_tech", "email", "New technology equity fund for adventurous investors (risk level 5)"],
  ["p_brokerage", "inapp", "Trade smarter: open a brokerage account and get commission vouchers"],
  [
    "p_hk_connect",
    "email",
    "Reach Hong Kong stocks through Southbound Connect, with three months of fee waivers",
  ],
  [
    "p_card_travel",
    "email",
    "Travel Rewards Card: no foreign transaction fees and free airport lounge access",
  ],
  [
    "p_card_platinum",
    "email",
    "Platinum Card members enjoy hotel upgrades and a waived fee when spending 100,000 a year",
  ],
  [
    "p_loan_consumer",
    "sms",
    "Consumer loan rates from 3.45% APR, borrow up to 300,000 with instant approval",
  ],
  [
    "p_loan_mortgage",
    "email",
    "First home? Our mortgage rate discount and faster approval help you move in sooner",
  ],
  ["p_loan_sme", "wecom", "Small business loans up to 5 million with daily interest and flexible repayment"],
  ["p_pos", "wecom", "Free POS terminal for merchants, card fee 0.38%, next-day settlement"],
  [
    "p_payroll",
    "email",
    "Pay your staff through us: free transfers and better deposit rates for your employees",
  ],
  [
    "p_ins_health",
    "inapp",
    "Protect your family: critical illness cover for 120 conditions, lower premiums under 30",
  ],
  ["p_ins_education", "email", "Plan your child's education with guaranteed yearly payouts"],
  ["p_ins_annuity", "sms", "Retire with a pension annuity paying monthly from age 60 for life"],
  ["p_ins_car", "email", "Renew your motor insurance online in three minutes and save up to 15%"],
  ["p_ins_travel", "inapp", "Travel insurance from 5 a day covering medical costs and flight delays"],
];

function numbered(drafts: readonly Draft[], lang: DemoMessage["lang"], from: number): DemoMessage[] {
  return drafts.map(([product, channel, text], i) => ({
    id: `m${String(from + i).padStart(3, "0")}`,
    text,
    lang,
    channel,
    product,
  }));
}

/** Every demo message: Chinese first, then English. */
export const MESSAGES: readonly DemoMessage[] = [
  ...numbered(ZH, "zh", 1),
  ...numbered(EN, "en", ZH.length + 1),
];

export function messageRow(m: DemoMessage): Cell[] {
  return [m.id, m.text, m.lang, m.channel];
}
