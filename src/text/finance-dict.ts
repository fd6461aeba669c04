/**
 * The user dictionary of financial terms jieba loads on top of its default dictionary, so that product
 * names and terms of the trade stay whole ("年化收益率", not 年 / 化 / 收益率). A `.ts` module rather than a
 * `.txt` file so the build carries it to dist/ without a copy step.
 */

/**
 * The frequency every term gets: high enough that jieba's maximum-probability path keeps each term whole
 * in ordinary sentences (checked term by term in the tests), low enough not to swallow its neighbours.
 */
export const FINANCE_TERM_FREQUENCY = 20_000;

/** Part-of-speech tag written with every term (jieba's dictionary format needs one; nothing reads it). */
const TERM_TAG = "n";

/** Financial terms, by theme ("#" starts a theme's heading line). */
export const FINANCE_TERMS: readonly string[] = parseTerms(`
  # Deposits
  大额存单 定期存款 活期存款 通知存款 整存整取 零存整取 协定存款 结构性存款
  存款利率 存款保险 同业存单 起息日 到期日 利随本清
  # Wealth management products
  理财产品 银行理财 理财子公司 净值型理财 净值型 保本理财 非保本 保本保息
  年化收益率 七日年化收益率 七日年化 万份收益 业绩比较基准 起购金额 起投金额
  风险等级 风险评估 风险测评 风险承受能力 保守型 稳健型 平衡型 成长型 进取型
  封闭期 开放期 持有期 最短持有期 锁定期 募集期 收益凭证 理财经理 客户经理
  私人银行 财富管理 资产配置 家族信托 信托计划 资管计划
  # Funds
  货币基金 货币市场基金 指数基金 债券基金 股票基金 混合基金 偏股混合 偏债混合
  基金定投 联接基金 公募基金 私募基金 封闭式基金 开放式基金 基金净值 单位净值
  累计净值 基金经理 基金份额 基金转换 红利再投资 现金分红 快速赎回
  申购费 赎回费 认购费 管理费 托管费 销售服务费 申购费率 赎回费率
  # Cards
  信用卡 借记卡 储蓄卡 联名卡 白金卡 附属卡 工资卡 社保卡 信用额度 临时额度
  账单分期 现金分期 最低还款额 免息期 循环利息 免年费 积分兑换 境外消费
  # Loans
  消费贷款 消费贷 个人贷款 经营贷 住房贷款 公积金贷款 商业贷款 组合贷款 等额本息
  等额本金 提前还款 贷款利率 贷款市场报价利率 抵押贷款 信用贷款 授信额度 征信报告
  信用评分 逾期还款
  # Insurance
  重疾险 重大疾病保险 医疗险 百万医疗险 意外险 定期寿险 终身寿险 增额终身寿险
  年金险 养老年金 个人养老金 商业养老保险 万能险 分红险 投连险 保险金额 现金价值
  犹豫期 等待期 免赔额 缴费期 投保人 被保险人
  # Markets and securities
  港股通 沪港通 深港通 沪深300 中证500 创业板 科创板 北交所 融资融券 两融余额
  证券账户 资金账户 银证转账 新股申购 可转债 国债逆回购 地方债 企业债 金融债
  最大回撤 夏普比率 波动率 市盈率 市净率 股息率
  # Payments, channels, FX and gold
  手机银行 网上银行 个人网银 转账汇款 跨行转账 结售汇 购汇 积存金 黄金积存
  纸黄金 贵金属 数字人民币 云闪付 代发工资 对公账户 银行承兑汇票 供应链金融
  普惠金融 住房公积金 企业年金 职业年金 专项附加扣除 税收优惠
`);

/** The dictionary text jieba's `loadDict` reads: one "term frequency tag" line per term. */
export function financeDictionary(): string {
  return FINANCE_TERMS.map((term) => `${term} ${FINANCE_TERM_FREQUENCY} ${TERM_TAG}`).join("\n");
}

/** Terms of a whitespace-separated list, heading lines ("# …") left out. */
function parseTerms(list: string): string[] {
  return list
    .split("\n")
    .filter((line) => !line.trim().startsWith("#"))
    .flatMap((line) => line.split(/\s+/))
    .filter((term) => term.length > 0);
}
