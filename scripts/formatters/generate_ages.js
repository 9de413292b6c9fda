// Generates, from the JavaScript formatters news sites use:
//
// * tests/formatters/js_ages.json: relative ages as they write them, for the tests;
// * service/normalise/jsformatter_ages.json: the age words of moment.js and timeago.js per
//   locale (``vor einer Stunde``, ``hace unos segundos``, ``منذ ٣ أيام``), as patterns with the
//   number left as ``{0}``, which the core reads beside CLDR's.
//
//   cd scripts/formatters && npm install moment@2.31.0 timeago.js@4.0.2 && node generate_ages.js
//
// For seeded random (reference, age) pairs, each formatter writes the age of the instant
// `reference - age`: moment.js `from()` (rounding, with its thresholds) in its locales;
// timeago.js `format()` (truncating, 365/12-day months) in its locales; and two helpers
// around `Intl.RelativeTimeFormat` (node's ICU, CLDR data): one that rounds the largest unit
// (moment-style thresholds) and one that truncates it. The test reads each text back and
// checks that its interval holds `truth`.
"use strict";
const fs = require("fs");
const path = require("path");
const moment = require("moment");
const timeago = require("timeago.js");

const SEED = 20261203;
const PAIRS = 24;
const OUT = path.join(__dirname, "..", "..", "tests", "formatters", "js_ages.json");
const WORDS = path.join(__dirname, "..", "..", "service", "normalise", "jsformatter_ages.json");

// moment's relative-time keys: [key, unit, count] (count null: the number is written).
const MOMENT_KEYS = [
  ["s", "moment", 0], ["ss", "second", null], ["m", "minute", 1], ["mm", "minute", null],
  ["h", "hour", 1], ["hh", "hour", null], ["d", "day", 1], ["dd", "day", null],
  ["M", "month", 1], ["MM", "month", null], ["y", "year", 1], ["yy", "year", null],
];
// timeago.js's locale indexes: [unit, count].
const TIMEAGO_INDEXES = [
  ["moment", 0], ["second", null], ["minute", 1], ["minute", null], ["hour", 1], ["hour", null],
  ["day", 1], ["day", null], ["week", 1], ["week", null], ["month", 1], ["month", null],
  ["year", 1], ["year", null],
];

// Every text a unit's pattern gives for 1..99, with the number written as {0}: a handful of
// patterns per unit (plural forms), each [text, unit, count, future].
function patterns(write) {
  const seen = new Map();
  for (const future of [false, true]) {
    for (const [unit, count, text] of write(future)) {
      const key = `${text}\u0000${future}`;
      if (!seen.has(key)) seen.set(key, [text, unit, count, future]);
    }
  }
  return [...seen.values()];
}

function momentWords(locale) {
  const data = moment.localeData(locale);
  return patterns(function* (future) {
    for (const [key, unit, count] of MOMENT_KEYS) {
      for (let n = count === null ? 2 : 1; n <= (count === null ? 99 : 1); n++) {
        const phrase = data.relativeTime(n, false, key, future);
        const text = data.postformat(data.pastFuture(future ? 1 : -1, phrase));
        const digits = data.postformat(String(n));
        yield [unit, count, count === null ? text.split(digits).join("{0}") : text];
      }
    }
  });
}

function timeagoWords(lang) {
  return patterns(function* (future) {
    for (const [index, [unit, count]] of TIMEAGO_INDEXES.entries()) {
      for (let n = count === null ? 2 : 1; n <= (count === null ? 99 : 1); n++) {
        const text = lang(n, index)[future ? 1 : 0];
        const written = text.split("%s").join("{0}").split(String(n)).join("{0}");
        yield [unit, count, count === null ? written : text];
      }
    }
  });
}

// Mulberry32: a small seeded generator, so the table is the same on every run.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Ages spread over every unit: seconds to years, log-uniform.
function pairs(rand) {
  const out = [];
  for (let i = 0; i < PAIRS; i++) {
    const reference = Date.UTC(2020, 0, 1) + Math.floor(rand() * 6 * 365 * 86400) * 1000;
    const seconds = Math.floor(Math.exp(rand() * Math.log(6 * 365 * 86400)));
    out.push([reference, reference - seconds * 1000]);
  }
  return out;
}

const iso = (ms) => new Date(ms).toISOString().replace(".000Z", "Z");

const MOMENT_LOCALES = [
  "en", "de", "fr", "es", "pt", "it", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "hu",
  "ro", "ca", "el", "ru", "uk", "bg", "hr", "sl", "lt", "lv", "et", "tr", "ar", "fa", "he",
  "ur", "hi", "bn", "mr", "gu", "ta", "te", "kn", "ml", "ne", "si", "th", "vi", "id", "ms",
  "fil", "sw", "ja", "zh-cn", "zh-tw", "ko",
];
const TIMEAGO_LOCALES = {
  en_US: null, de: "de", fr: "fr", es: "es", pt_BR: "pt_BR", it: "it", nl: "nl", sv: "sv",
  pl: "pl", ru: "ru", tr: "tr", ja: "ja", ko: "ko", zh_CN: "zh_CN", id_ID: "id_ID",
  hi_IN: "hi_IN", vi: "vi", th: "th", ar: "ar", uk: "uk",
};
const INTL_LOCALES = [
  "en", "de", "fr", "es", "pt", "it", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "hu",
  "ro", "ca", "el", "ru", "uk", "bg", "sr", "hr", "sl", "lt", "lv", "et", "tr", "ar", "fa",
  "he", "ur", "hi", "bn", "mr", "gu", "pa", "ta", "te", "kn", "ml", "ne", "si", "th", "vi",
  "id", "ms", "fil", "sw", "ja", "zh", "zh-Hant", "ko",
];

// Intl helpers: unit lengths in seconds as such helpers use them.
const UNITS = [
  ["year", 365 * 86400], ["month", 30 * 86400], ["week", 7 * 86400], ["day", 86400],
  ["hour", 3600], ["minute", 60], ["second", 1],
];

function intlRounding(rtf, seconds) {
  // moment-style: seconds < 45 -> s, minutes < 45 -> m, hours < 22 -> h, days < 26 -> d,
  // months < 11 -> M, else years; each rounded.
  const m = seconds / 60, h = seconds / 3600, d = seconds / 86400;
  const M = d / 30.436875, y = d / 365.2425;
  if (seconds < 45) return rtf.format(-Math.max(1, Math.round(seconds)), "second");
  if (m < 45) return rtf.format(-Math.max(1, Math.round(m)), "minute");
  if (h < 22) return rtf.format(-Math.max(1, Math.round(h)), "hour");
  if (d < 26) return rtf.format(-Math.max(1, Math.round(d)), "day");
  if (Math.round(M) < 11) return rtf.format(-Math.max(1, Math.round(M)), "month");
  return rtf.format(-Math.max(1, Math.round(y)), "year");
}

function intlTruncating(rtf, seconds) {
  for (const [unit, length] of UNITS) {
    if (seconds >= length) return rtf.format(-Math.floor(seconds / length), unit);
  }
  return rtf.format(-1, "second");
}

function main() {
  const rows = [];
  const rand = random(SEED);
  for (const locale of MOMENT_LOCALES) {
    if (locale !== "en") require(`moment/locale/${locale}`);
    for (const [reference, truth] of pairs(rand)) {
      const text = moment(truth).locale(locale).from(moment(reference));
      rows.push({ formatter: "moment", locale, reference: iso(reference), truth: iso(truth), text });
    }
  }
  for (const [name, lang] of Object.entries(TIMEAGO_LOCALES)) {
    if (lang) timeago.register(name, require(`timeago.js/lib/lang/${lang}`).default);
    for (const [reference, truth] of pairs(rand)) {
      const text = timeago.format(truth, name, { relativeDate: reference });
      rows.push({ formatter: "timeago", locale: name, reference: iso(reference), truth: iso(truth), text });
    }
  }
  for (const locale of INTL_LOCALES) {
    const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "always" });
    for (const [reference, truth] of pairs(rand)) {
      const seconds = Math.floor((reference - truth) / 1000);
      rows.push({ formatter: "intl-rounding", locale, reference: iso(reference), truth: iso(truth), text: intlRounding(rtf, seconds) });
      rows.push({ formatter: "intl-truncating", locale, reference: iso(reference), truth: iso(truth), text: intlTruncating(rtf, seconds) });
    }
  }
  const meta = {
    generator: "scripts/formatters/generate_ages.js",
    node: process.version,
    moment: moment.version,
    seed: SEED,
  };
  const words = { meta, moment: {}, timeago: {} };
  for (const locale of MOMENT_LOCALES) words.moment[locale] = momentWords(locale);
  for (const [name, lang] of Object.entries(TIMEAGO_LOCALES)) {
    if (lang) words.timeago[name] = timeagoWords(require(`timeago.js/lib/lang/${lang}`).default);
  }
  fs.writeFileSync(WORDS, JSON.stringify(words, null, 0).replace(/\],\[/g, "],\n[") + "\n");
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify({ meta, rows }, null, 0).replace(/\},\{/g, "},\n{") + "\n");
  console.log(`${rows.length} rows -> ${OUT}`);
}

main();
