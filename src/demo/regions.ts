/** Where the demo's customers live: cities with their time zones and how people there are named and numbered. */

/** The local convention for names, ID numbers and phone numbers. */
export type IdentityStyle = "cn" | "hk" | "sg" | "pt";

export interface Region {
  name: string;
  /** IANA time zone: quiet hours and active hours are local. */
  tz: string;
  style: IdentityStyle;
  /** Share of the population. */
  weight: number;
  /** Administrative division codes that open a mainland resident ID number. */
  areaCodes: readonly string[];
}

export const REGIONS: readonly Region[] = [
  {
    name: "Shanghai",
    tz: "Asia/Shanghai",
    style: "cn",
    weight: 0.18,
    areaCodes: ["310101", "310104", "310115"],
  },
  {
    name: "Beijing",
    tz: "Asia/Shanghai",
    style: "cn",
    weight: 0.15,
    areaCodes: ["110101", "110105", "110108"],
  },
  {
    name: "Shenzhen",
    tz: "Asia/Shanghai",
    style: "cn",
    weight: 0.12,
    areaCodes: ["440303", "440304", "440305"],
  },
  {
    name: "Guangzhou",
    tz: "Asia/Shanghai",
    style: "cn",
    weight: 0.1,
    areaCodes: ["440103", "440104", "440106"],
  },
  { name: "Hangzhou", tz: "Asia/Shanghai", style: "cn", weight: 0.08, areaCodes: ["330102", "330106"] },
  { name: "Chengdu", tz: "Asia/Shanghai", style: "cn", weight: 0.08, areaCodes: ["510104", "510107"] },
  { name: "Wuhan", tz: "Asia/Shanghai", style: "cn", weight: 0.06, areaCodes: ["420102", "420106"] },
  { name: "Hong Kong", tz: "Asia/Hong_Kong", style: "hk", weight: 0.11, areaCodes: [] },
  { name: "Singapore", tz: "Asia/Singapore", style: "sg", weight: 0.06, areaCodes: [] },
  { name: "Lisbon", tz: "Europe/Lisbon", style: "pt", weight: 0.06, areaCodes: [] },
];

export const REGION_WEIGHTS: readonly number[] = REGIONS.map((r) => r.weight);
