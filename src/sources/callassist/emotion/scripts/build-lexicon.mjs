#!/usr/bin/env node
// Builds lexicon-zh.json, a compact Chinese sentiment word list for the lexicon scorer (not shipped: HowNet
// and NTUSD are free for research only; a deployment with a licence loads it with NUDGE_ZH_LEXICON=FILE),
// from the HowNet and NTUSD lists in shared/data/lexicons (traditional characters, one word a line).
//
// Steps: traditional → simplified (OpenCC, Taiwan → mainland phrases); trim and dedupe; drop words found
// in both polarities (they carry no reliable sign); drop words jieba cuts into more than MAX_PIECES
// tokens (the scorer matches words on jieba tokens, so longer phrases would never match); drop single
// characters: archaic ones (噲, 忺) never occur, and common ones are mostly noise in speech (说 negative,
// 上 and 到 positive); the few that matter (好, 差, 烦, 贵) are hand-weighted in lexicon-words-zh.ts;
// drop "X的", "X地", "X得" when X is listed too (jieba cuts the particle off, so X matches anyway).
// The hand-curated banking words, negators and degree words live in lexicon-words-zh.ts, not here; the
// scorer drops listed words made only of those (不太, 非常).
//
// opencc-js (Apache-2.0) is not a project dependency; install it anywhere and point at it:
//   npm install --prefix /tmp/lexbuild opencc-js
//   OPENCC_JS=/tmp/lexbuild/node_modules/opencc-js/dist/esm/full.js \
//     node src/sources/callassist/emotion/scripts/build-lexicon.mjs [../shared/data/lexicons] [OUT.json]
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const MAX_PIECES = 2;
const LISTS = {
  positive: ["hownet_positive.txt", "NTUSD_positive_unicode.txt"],
  negative: ["hownet_negative.txt", "NTUSD_negative_unicode.txt"],
};
const folder = process.argv[2] ?? new URL("../../../../../../shared/data/lexicons", import.meta.url).pathname;
const openccPath = process.env.OPENCC_JS ?? "opencc-js";
const OpenCC = await import(openccPath).catch(() => {
  console.error(`cannot import ${openccPath}: install opencc-js and set OPENCC_JS (see the header)`);
  process.exit(1);
});
const toSimplified = OpenCC.Converter({ from: "tw", to: "cn" });

const require = createRequire(import.meta.url);
const { Jieba } = require("@node-rs/jieba");
const { dict } = require("@node-rs/jieba/dict.js");
const jieba = Jieba.withDict(dict);

function readList(file) {
  const words = new Set();
  for (const line of readFileSync(join(folder, file), "utf8").split(/\r?\n/)) {
    const word = toSimplified(line.trim());
    if (word.length > 0) words.add(word);
  }
  return words;
}

function matchable(word) {
  if (!/^\p{Script=Han}+$/u.test(word)) return false;
  if ([...word].length === 1) return false;
  return jieba.cut(word, false).length <= MAX_PIECES;
}

const positive = new Set(LISTS.positive.flatMap((f) => [...readList(f)]));
const negative = new Set(LISTS.negative.flatMap((f) => [...readList(f)]));
const both = [...positive].filter((w) => negative.has(w));
const PARTICLE = /^(.+)[的地得]$/u;
const keep = (words) =>
  [...words]
    .filter((w) => !(negative.has(w) && positive.has(w)))
    .filter((w) => !words.has(PARTICLE.exec(w)?.[1] ?? ""))
    .filter(matchable)
    .sort();
const out = {
  source:
    "HowNet sentiment lists and NTUSD (National Taiwan University), converted to simplified characters; research use, see README",
  positive: keep(positive),
  negative: keep(negative),
};
const target = process.argv[3] ?? "lexicon-zh.json";
writeFileSync(target, `${JSON.stringify(out, null, 0).replace(/","/g, '",\n"')}\n`);
console.log(
  `positive ${positive.size} → ${out.positive.length}, negative ${negative.size} → ${out.negative.length}, ` +
    `${both.length} in both dropped`,
);
