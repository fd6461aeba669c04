/**
 * Fake but plausible personal identifiers: names, ID numbers with valid check
 * characters, and phone numbers, in the convention of the customer's region.
 * They exist so identity linking (which hashes them) has realistic input; no
 * real person's identifiers are used.
 */
import type { Rng } from "../core/index.js";
import type { IdentityStyle } from "./regions.js";

export interface Identity {
  name: string;
  idNumber: string;
  phone: string;
}

export interface Birth {
  year: number;
  month: number;
  day: number;
}

const CN_SURNAMES = [..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹"];
const CN_GIVEN_F = [..."芳娜敏静丽燕娟霞玲婷雪慧洁琳颖倩欣怡"];
const CN_GIVEN_M = [..."伟强磊军勇杰涛明超刚斌辉鹏浩宇峰建志"];
const CN_GIVEN_ANY = [..."华平文晓春海林嘉子安思佳"];
const HK_SURNAMES = [
  "Chan",
  "Wong",
  "Lee",
  "Cheung",
  "Lau",
  "Ng",
  "Ho",
  "Leung",
  "Lam",
  "Tsang",
  "Yip",
  "Chow",
];
const HK_GIVEN_F = ["Ka Yan", "Wing Sze", "Mei Ling", "Hoi Yan", "Pui Shan", "Suet Ying"];
const HK_GIVEN_M = ["Tai Man", "Chi Keung", "Ka Ho", "Wai Lun", "Chun Kit", "Kwok Wing"];
const HK_ENGLISH_F = ["Karen", "Vivian", "Michelle", "Winnie", "Carmen", "Joyce"];
const HK_ENGLISH_M = ["Kelvin", "Jason", "Eric", "Raymond", "Alan", "Kenneth"];
const SG_SURNAMES = ["Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Koh", "Teo"];
const SG_GIVEN_F = ["Hui Min", "Xin Yi", "Li Ting", "Jia Hui", "Mei Xuan", "Shu Fen"];
const SG_GIVEN_M = ["Wei Ming", "Jun Jie", "Zhi Hao", "Kai Wen", "Wei Jie", "Yong Sheng"];
const PT_GIVEN_F = ["Maria", "Ana", "Inês", "Beatriz", "Catarina", "Rita", "Sofia", "Joana"];
const PT_GIVEN_M = ["João", "José", "Pedro", "Tiago", "Miguel", "Francisco", "Rui", "Nuno"];
const PT_SURNAMES = ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins"];
const CN_MOBILE_PREFIXES = ["135", "136", "138", "139", "150", "158", "177", "186", "188", "199"];
/** Share of Hong Kong customers who also give an English first name. */
const HK_ENGLISH_NAME_SHARE = 0.35;
/** Share of mainland given names with two characters rather than one. */
const CN_TWO_CHARACTER_SHARE = 0.6;

/** "0000" … "9999": random digit strings are built from these rather than padded numbers (hot path). */
const FOUR_DIGITS = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, "0"));

/** `n` random decimal digits. */
function digits(rng: Rng, n: number): string {
  let text = "";
  for (let left = n; left > 0; left -= 4) {
    const four = FOUR_DIGITS[rng.int(0, 9999)] as string;
    text += left >= 4 ? four : four.slice(4 - left);
  }
  return text;
}
const two = (n: number) => String(n).padStart(2, "0");

/** ISO 7064 MOD 11-2 check character of a mainland resident ID number's first 17 digits. */
export function mainlandCheck(body: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (weights[i] as number);
  return "10X98765432"[sum % 11] as string;
}

/** Check character of a Hong Kong identity card number with one prefix letter and six digits. */
export function hongKongCheck(letter: string, six: string): string {
  const SPACE = 36;
  let sum = SPACE * 9 + (letter.charCodeAt(0) - 55) * 8;
  for (let i = 0; i < 6; i++) sum += Number(six[i]) * (7 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? "A" : String(check);
}

/** Check letter of a Singapore NRIC (prefix S for births before 2000, T after). */
export function singaporeCheck(prefix: "S" | "T", seven: string): string {
  const weights = [2, 7, 6, 5, 4, 3, 2];
  let sum = prefix === "T" ? 4 : 0;
  for (let i = 0; i < 7; i++) sum += Number(seven[i]) * (weights[i] as number);
  return "JZIHGFEDCBA"[sum % 11] as string;
}

/** Check digit of a Portuguese tax number (NIF) from its first eight digits. */
export function portugalCheck(eight: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(eight[i]) * (9 - i);
  const r = sum % 11;
  return String(r < 2 ? 0 : 11 - r);
}

function chineseName(rng: Rng, female: boolean): string {
  const given = female ? CN_GIVEN_F : CN_GIVEN_M;
  const first = rng.chance(0.5) ? rng.pick(CN_GIVEN_ANY) : rng.pick(given);
  return (
    rng.pick(CN_SURNAMES) + (rng.chance(CN_TWO_CHARACTER_SHARE) ? first + rng.pick(given) : rng.pick(given))
  );
}

function mainland(rng: Rng, female: boolean, birth: Birth, areaCodes: readonly string[]): Identity {
  // The 17th digit is odd for men and even for women.
  const sex = 2 * rng.int(0, 4) + (female ? 0 : 1);
  const body = `${rng.pick(areaCodes)}${birth.year}${two(birth.month)}${two(birth.day)}${digits(rng, 2)}${sex}`;
  return {
    name: chineseName(rng, female),
    idNumber: body + mainlandCheck(body),
    phone: rng.pick(CN_MOBILE_PREFIXES) + digits(rng, 8),
  };
}

function hongKong(rng: Rng, female: boolean): Identity {
  const given = rng.pick(female ? HK_GIVEN_F : HK_GIVEN_M);
  const local = `${rng.pick(HK_SURNAMES)} ${given}`;
  const english = rng.pick(female ? HK_ENGLISH_F : HK_ENGLISH_M);
  const letter = rng.pick(["A", "C", "D", "E", "G", "H", "K", "P", "R", "Y", "Z"]);
  const six = digits(rng, 6);
  return {
    name: rng.chance(HK_ENGLISH_NAME_SHARE) ? `${english} ${local}` : local,
    idNumber: `${letter}${six}(${hongKongCheck(letter, six)})`,
    phone: `+852 ${rng.pick(["5", "6", "9"])}${digits(rng, 3)} ${digits(rng, 4)}`,
  };
}

function singapore(rng: Rng, female: boolean, birth: Birth): Identity {
  const prefix = birth.year >= 2000 ? "T" : "S";
  const seven = two(birth.year % 100) + digits(rng, 5);
  return {
    name: `${rng.pick(SG_SURNAMES)} ${rng.pick(female ? SG_GIVEN_F : SG_GIVEN_M)}`,
    idNumber: `${prefix}${seven}${singaporeCheck(prefix, seven)}`,
    phone: `+65 ${rng.pick(["8", "9"])}${digits(rng, 3)} ${digits(rng, 4)}`,
  };
}

function portugal(rng: Rng, female: boolean): Identity {
  const eight = `${rng.int(1, 2)}${digits(rng, 7)}`;
  const surnames = `${rng.pick(PT_SURNAMES)} ${rng.pick(PT_SURNAMES)}`;
  return {
    name: `${rng.pick(female ? PT_GIVEN_F : PT_GIVEN_M)} ${surnames}`,
    idNumber: eight + portugalCheck(eight),
    phone: `+351 9${rng.pick(["1", "2", "3", "6"])}${digits(rng, 1)} ${digits(rng, 3)} ${digits(rng, 3)}`,
  };
}

/** A fake person's name, ID number and phone in the convention of their region. */
export function fakeIdentity(
  rng: Rng,
  style: IdentityStyle,
  female: boolean,
  birth: Birth,
  areaCodes: readonly string[],
): Identity {
  switch (style) {
    case "cn":
      return mainland(rng, female, birth, areaCodes);
    case "hk":
      return hongKong(rng, female);
    case "sg":
      return singapore(rng, female, birth);
    case "pt":
      return portugal(rng, female);
  }
}
