// The search script's query logic under Node, without a browser: how a query is split, how
// names are matched (whole, by prefix, misspelt) and how results are ranked.
// Run with `node --test tests/search.test.js` (.ci/run does).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../static/search.js");

// A small index: T-Mobile (incidents 1, 3, 5), Lumen with its former name (2), Salt Typhoon
// with a vendor's name (2, 3), Verizon (2, 4), AT&T (6). `w` holds the later words of names.
const names = [
  { n: "T-Mobile", k: "c", u: "/companies/t-mobile/", s: ["tmobile"], a: [], x: [], i: [1, 3, 5] },
  { n: "Lumen", k: "c", u: "/companies/lumen/", s: ["lumen", "centurylink", "lumentechnologies"], a: ["CenturyLink", "Lumen Technologies"], x: ["former name of Lumen", "another name for Lumen"], w: [["technologies", 2]], i: [2] },
  { n: "Salt Typhoon", k: "a", u: "/actors/salt-typhoon/", s: ["salttyphoon", "ghostemperor"], a: ["GhostEmperor"], x: ["Kaspersky's name for Salt Typhoon"], w: [["typhoon", 0]], i: [2, 3] },
  { n: "Verizon", k: "c", u: "/companies/verizon/", s: ["verizon"], a: [], x: [], i: [2, 4] },
  { n: "AT&T", k: "c", u: "/companies/att/", s: ["att"], a: [], x: [], i: [6] },
];
const index = {
  hack: [3, 5], hacked: [1], hackers: [2], breached: [2], million: [3, 5], api: [4], customers: [1, 4], attack: [1, 3],
};
const postings = (w) => index;
const stop = ["the", "and", "of"];

function search(text, keep = () => true) {
  const parsed = core.parse(text);
  const found = core.terms(parsed.tokens, names, postings, stop);
  return { parsed, found, ranked: core.rank(found, keep) };
}

test("a query splits into a year filter and tokens", () => {
  assert.deepEqual(core.parse("T-Mobile breach 2021"), { year: 2021, tokens: ["T-Mobile", "breach"] });
  assert.deepEqual(core.parse("  2021,  salt typhoon "), { year: 2021, tokens: ["salt", "typhoon"] });
  // Numbers that are not years stay words: a count, a model number.
  assert.deepEqual(core.parse("76 million 3000"), { year: null, tokens: ["76", "million", "3000"] });
  assert.deepEqual(core.parse("T-Mobile2021"), { year: null, tokens: ["T-Mobile2021"] });
});

test("words fold accents and case, and drop single letters", () => {
  assert.deepEqual(core.words("Télécom T-Mobile's API"), ["telecom", "mobile", "api"]);
  assert.equal(core.squash("AT&T"), "att");
});

test("edit distance counts inserts, deletes, replacements and swaps", () => {
  assert.equal(core.distance("centurylnk", "centurylink"), 1);
  assert.equal(core.distance("verison", "verizon"), 1);
  assert.equal(core.distance("vreizon", "verizon"), 1);
  assert.equal(core.distance("tmoible", "tmobile"), 1);
  assert.equal(core.distance("lumne", "lumen"), 1);
  assert.equal(core.distance("salt", "verizon"), 7);
});

test("a name spelt over several words is one term, and a former name finds its company", () => {
  const { found } = search("salt typhoon centurylink");
  assert.deepEqual(found.terms.map((t) => [t.text, t.kind]), [["salt typhoon", "name"], ["centurylink", "name"]]);
  const m = found.terms[1].names[0];
  assert.equal(core.spelling(m.e, m.k), "CenturyLink");
  assert.equal(core.explain(m.e, m.k), "former name of Lumen");
  const g = search("GhostEmperor").found.terms[0].names[0];
  assert.equal(core.spelling(g.e, g.k) + " — " + core.explain(g.e, g.k), "GhostEmperor — Kaspersky's name for Salt Typhoon");
});

test("a misspelt name is found and corrected; a word nobody holds is ignored", () => {
  let r = search("centurylnk");
  assert.deepEqual(r.found.corrected, ["CenturyLink"]);
  assert.deepEqual(r.ranked.ids, [2]);
  r = search("verison hackers");
  assert.deepEqual(r.found.corrected, ["Verizon"]);
  assert.deepEqual(r.ranked.ids, [2]);
  r = search("T-Mobile breach");
  assert.deepEqual(r.ranked.ignored, ["breach"]);
  assert.deepEqual(r.ranked.ids, [1, 3, 5]);
  // A name of two words, misspelt.
  r = search("salt typhon");
  assert.deepEqual(r.found.corrected, ["Salt Typhoon"]);
  assert.deepEqual(r.ranked.ids, [2, 3]);
  // Too short to guess at: "lum" is a prefix, "lmn" is nothing.
  assert.deepEqual(search("lmn").ranked.ignored, ["lmn"]);
  assert.deepEqual(search("the").ranked, { ids: [], ignored: ["the"] });
});

test("a word that would leave nothing is ignored, not a filter that empties the page", () => {
  // Incident 5 is T-Mobile's only one in the year kept; "customers" names incidents 1 and 4.
  const r = search("T-Mobile customers 2021", (id) => id === 5);
  assert.equal(r.parsed.year, 2021);
  assert.deepEqual(r.ranked.ids, [5]);
  assert.deepEqual(r.ranked.ignored, ["customers"]);
});

test("results rank whole matches first, then the most recently disclosed", () => {
  // "hack" is whole in 3 and 5, a prefix of "hacked" in 1 and "hackers" in 2.
  assert.deepEqual(search("hack").ranked.ids, [3, 5, 1, 2]);
  // Every term must match: T-Mobile and hack.
  assert.deepEqual(search("t-mobile hack").ranked.ids, [3, 5, 1]);
  // A name by prefix finds the same as the whole name, ranked below a whole match.
  assert.deepEqual(search("veriz").ranked.ids, [2, 4]);
  assert.deepEqual(search("verizon hackers").ranked.ids, [2]);
});

test("a later word of a name finds it, as a partial match", () => {
  let r = search("Typhoon");
  assert.deepEqual(r.found.terms.map((t) => [t.text, t.kind]), [["Typhoon", "name"]]);
  const m = r.found.terms[0].names[0];
  assert.equal(core.spelling(m.e, m.k), "Salt Typhoon");
  assert.deepEqual(r.ranked.ids, [2, 3]);
  // From an alias, the alias is what is shown.
  const t = search("technologies").found.terms[0].names[0];
  assert.equal(core.spelling(t.e, t.k) + " — " + core.explain(t.e, t.k), "Lumen Technologies — another name for Lumen");
  // A later word's prefix from four letters; three are too few.
  assert.equal(search("typh").found.terms[0].names[0].e.n, "Salt Typhoon");
  assert.deepEqual(search("typ").found.terms.filter((x) => x.kind === "name"), []);
});

test("a name's own title words match whole: AT&T is not every attack", () => {
  assert.deepEqual(search("ATT").ranked.ids, [6]);
  assert.deepEqual(search("attack").ranked.ids, [1, 3]);
});

test("part of a name still finds titles by the start of their words", () => {
  // "hack" is the start of a name's later word here: the titles starting with it still count.
  const withHackers = names.concat([{ n: "Hackers United", k: "a", u: "/actors/hu/", s: ["hackersunited"], a: [], x: [], w: [["united", 0]], i: [9] }]);
  const parsed = core.parse("hack");
  const found = core.terms(parsed.tokens, withHackers, postings, stop);
  assert.deepEqual(core.rank(found, () => true).ids.sort(), [1, 2, 3, 5, 9].sort());
});
