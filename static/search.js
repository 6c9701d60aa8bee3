// Search for tally sites: no dependencies, no other host. It loads only the index files a
// query needs (see src/site/render/search.rs for their layout) and writes results with textContent.
//
// A query is read as a reader means it: a four-digit year is a filter on the disclosure year
// (the year the lists go by); runs of words that spell a company, actor or campaign, or one of
// their aliases, find its incidents; other words find titles. A word the index lacks, drops as
// too common, or that would leave nothing is ignored, and the page says so; a name misspelt by
// a letter or two is found anyway, with "did you mean". The query logic (`core`) is pure, so
// tests/search.test.js runs it under Node.
(function () {
  "use strict";

  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function squash(s) { return fold(s).replace(/[^a-z0-9]/g, ""); }
  // The same words as `title_words` in src/site/render/search.rs.
  function words(s) { return fold(s).split(/[^a-z0-9]+/).filter(function (w) { return w.length >= 2; }); }

  // Splits a query into a year filter and the other tokens (as typed, split at spaces).
  function parse(text) {
    var year = null;
    var tokens = [];
    text.split(/\s+/).forEach(function (t) {
      var sq = squash(t);
      if (!sq) return;
      if (/^(1[89]|2[01])\d\d$/.test(sq) && /^\W*\d{4}\W*$/.test(t)) year = Number(sq);
      else tokens.push(t);
    });
    return { year: year, tokens: tokens };
  }

  // How many single-letter edits (insert, delete, replace, swap two neighbours) turn a into b.
  function distance(a, b) {
    var d = [];
    for (var i = 0; i <= a.length; i++) { d.push([i]); }
    for (var j = 1; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }
  // Typos forgiven: none in a short name (too many near misses), one from 4 letters, two from 8.
  function allowed(sq) { return sq.length >= 8 ? 2 : sq.length >= 4 ? 1 : 0; }

  // The entries one of whose spellings is `sq` or, from 3 letters, starts with it; each with the
  // spelling that matched (0 the name, k the alias k-1) and whether it matched whole. A name's
  // later words find it too ("typhoon", from 4 letters "typh"), as a partial match.
  function namesMatching(sq, entries) {
    var out = [];
    entries.forEach(function (e) {
      var best = -1;
      var exact = false;
      e.s.forEach(function (s, k) {
        if (!s || exact) return;
        if (s === sq) { best = k; exact = true; } else if (best < 0 && sq.length >= 3 && s.indexOf(sq) === 0) best = k;
      });
      (e.w || []).forEach(function (p) {
        if (best < 0 && (p[0] === sq || (sq.length >= 4 && p[0].indexOf(sq) === 0))) best = p[1];
      });
      if (best >= 0) out.push({ e: e, k: best, exact: exact });
    });
    return out;
  }

  // The closest spelling within the typos allowed, or null. Ties go to the name with more incidents.
  function closestName(sq, entries) {
    var max = allowed(sq);
    var found = null;
    if (!max) return null;
    entries.forEach(function (e) {
      e.s.forEach(function (s, k) {
        if (!s || Math.abs(s.length - sq.length) > max) return;
        var d = distance(sq, s);
        if (d <= max && (!found || d < found.d || (d === found.d && e.i.length > found.e.i.length))) found = { e: e, k: k, d: d };
      });
    });
    return found;
  }

  // The shown form of the spelling k of an entry, and what it is ("former name of Lumen").
  function spelling(e, k) { return k === 0 ? e.n : e.a[k - 1]; }
  function explain(e, k) { return k === 0 ? null : e.x[k - 1]; }

  // Reads the tokens into terms. `names` holds the name entries of every shard the tokens
  // reach; `postings(w)` gives a word's index entries ({key: [ids]}); `stop` the dropped words.
  // A term is {text, kind: "name"|"word", hits: Map(id -> 2 whole match | 1 prefix), names}.
  function terms(tokens, names, postings, stop) {
    var out = [];
    var ignored = [];
    var corrected = [];
    var i = 0;
    while (i < tokens.length) {
      var matched = null;
      for (var j = tokens.length; j > i && !matched; j--) {
        var sq = squash(tokens.slice(i, j).join(""));
        var found = namesMatching(sq, names);
        // A name of several words, misspelt: "salt typhon".
        var close = !found.length && j - i >= 2 ? closestName(sq, names) : null;
        if (close) {
          found = [{ e: close.e, k: close.k, exact: false }];
          corrected.push(spelling(close.e, close.k));
        }
        if (found.length) matched = { text: tokens.slice(i, j).join(" "), end: j, found: found };
      }
      if (matched) {
        // A name's words in titles count too: "Verizon" finds a title that names Verizon. A
        // name typed whole matches whole words only ("ATT" finds AT&T, not titles saying
        // "attack"); part of a name ("bank", "health") still starts title words.
        var whole = matched.found.some(function (m) { return m.exact; });
        var hits = wordHits(matched.text, postings, stop, whole) || new Map();
        matched.found.forEach(function (m) { m.e.i.forEach(function (id) { hits.set(id, Math.max(hits.get(id) || 0, m.exact ? 2 : 1)); }); });
        out.push({ text: matched.text, kind: "name", hits: hits, names: matched.found });
        i = matched.end;
        continue;
      }
      var token = tokens[i];
      i++;
      var whits = wordHits(token, postings, stop);
      if (whits && whits.size) { out.push({ text: token, kind: "word", hits: whits, names: [] }); continue; }
      var close = closestName(squash(token), names);
      if (close) {
        var ch = new Map();
        close.e.i.forEach(function (id) { ch.set(id, 1); });
        out.push({ text: token, kind: "name", hits: ch, names: [{ e: close.e, k: close.k, exact: false }] });
        corrected.push(spelling(close.e, close.k));
      } else {
        ignored.push(token);
      }
    }
    return { terms: out, ignored: ignored, corrected: corrected };
  }

  // The titles holding every word of `text` (or, unless `whole`, a word starting with it), or
  // null when all its words are stop words.
  function wordHits(text, postings, stop, whole) {
    var hits = null;
    words(text).filter(function (w) { return stop.indexOf(w) < 0; }).forEach(function (w) {
      var h = new Map();
      var index = postings(w) || {};
      Object.keys(index).forEach(function (key) {
        if (whole ? key === w : key.indexOf(w) === 0) index[key].forEach(function (id) { h.set(id, Math.max(h.get(id) || 0, key === w ? 2 : 1)); });
      });
      hits = hits ? intersect(hits, h) : h;
    });
    return hits;
  }

  function intersect(a, b) {
    var out = new Map();
    a.forEach(function (v, id) { if (b.has(id)) out.set(id, v + b.get(id)); });
    return out;
  }

  // The incidents every term finds, that `keep` (the year and status filters) keeps, best first:
  // more whole matches first, then the most recently disclosed (the lowest number). Names go
  // first; a word that would leave nothing is ignored rather than emptying the results.
  function rank(found, keep) {
    var list = found.terms.map(function (t) {
      var hits = new Map();
      t.hits.forEach(function (v, id) { if (keep(id)) hits.set(id, v); });
      return { t: t, hits: hits };
    });
    list.sort(function (a, b) { return (a.t.kind === "name" ? 0 : 1) - (b.t.kind === "name" ? 0 : 1); });
    var score = null;
    var ignored = found.ignored.slice();
    list.forEach(function (x) {
      var next = score ? intersect(score, x.hits) : x.hits;
      if (!next.size && x.t.kind === "word" && score && score.size) ignored.push(x.t.text);
      else score = next;
    });
    var ids = score ? Array.from(score.keys()) : [];
    ids.sort(function (a, b) { return (score.get(b) - score.get(a)) || (a - b); });
    return { ids: ids, ignored: ignored };
  }

  // Finds incidents in the index at `base` (its files fetched once each): `find(text, year,
  // status)` gives the ranked incident numbers with what was ignored and corrected, and
  // `metas(ids)` their rows. The search page and the table's filter both use it.
  function searcher(base) {
    var cache = {};
    var SHARD = 100;
    var MAX_SHARDS = 8;
    function load(path) {
      if (!cache[path]) {
        cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
      }
      return cache[path];
    }
    // The shards that can hold keys starting with `prefix`: a longer query reads one shard, a
    // shorter one every shard under it (at most MAX_SHARDS).
    function shardsFor(keys, prefix) {
      return keys.filter(function (k) { return k.indexOf(prefix) === 0 || prefix.indexOf(k) === 0; }).slice(0, MAX_SHARDS);
    }
    async function loadAll(dir, keys) {
      return Promise.all(keys.map(function (k) { return load(dir + "/" + k + ".json"); }));
    }
    // The name entries a query can reach: the shards of each token (a name's first word starts
    // its spelling) and, for a misspelt token, those of its first letters.
    async function namesFor(tokens, facets) {
      var keys = new Set();
      tokens.forEach(function (t) {
        var sq = squash(t);
        shardsFor(facets.names, sq).forEach(function (k) { keys.add(k); });
        shardsFor(facets.names, sq.slice(0, 2)).forEach(function (k) { keys.add(k); });
      });
      var seen = new Set();
      var entries = [];
      (await loadAll("names", Array.from(keys))).forEach(function (shard) {
        (shard || []).forEach(function (e) { if (!seen.has(e.u)) { seen.add(e.u); entries.push(e); } });
      });
      return entries;
    }
    async function postingsFor(tokens, facets) {
      var byWord = {};
      var all = [];
      tokens.forEach(function (t) { all = all.concat(words(t)); });
      await Promise.all(all.map(async function (w) {
        var merged = {};
        (await loadAll("words", shardsFor(facets.words, w))).forEach(function (sh) { Object.assign(merged, sh || {}); });
        byWord[w] = merged;
      }));
      return function (w) { return byWord[w]; };
    }
    async function find(text, yearValue, statusValue) {
      var facets = await load("facets.json");
      if (!facets) return null;
      var parsed = parse(text);
      var names = await namesFor(parsed.tokens, facets);
      var postings = await postingsFor(parsed.tokens, facets);
      var found = terms(parsed.tokens, names, postings, facets.stop || []);
      var y = parsed.year || (yearValue ? Number(yearValue) : null);
      var yi = y ? facets.years.indexOf(y) : -1;
      var si = statusValue ? facets.statuses.indexOf(statusValue) : -1;
      var keep = function (i) {
        if (y && facets.f.charCodeAt(2 * i) - 65 !== yi) return false;
        if (si >= 0 && facets.f.charCodeAt(2 * i + 1) - 65 !== si) return false;
        return true;
      };
      var ranked = rank(found, keep);
      var ids = found.terms.length ? ranked.ids : [];
      if (!found.terms.length && (y || si >= 0)) {
        // A year (or a status) alone lists its incidents.
        for (var n = 0; n < facets.f.length / 2; n++) if (keep(n)) ids.push(n);
      }
      return { ids: ids, year: y, ignored: ranked.ignored, corrected: found.corrected, terms: found.terms };
    }
    // The index rows of incidents `ids`, in that order.
    async function metas(ids) {
      var loaded = {};
      await Promise.all(Array.from(new Set(ids.map(function (i) { return Math.floor(i / SHARD); }))).map(function (k) {
        return load("incidents/" + k + ".json").then(function (m) { loaded[k] = m || []; });
      }));
      return ids.map(function (i) { return (loaded[Math.floor(i / SHARD)] || [])[i % SHARD]; }).filter(Boolean);
    }
    return { find: find, metas: metas };
  }

  var core = { fold: fold, squash: squash, words: words, parse: parse, distance: distance, namesMatching: namesMatching, closestName: closestName, terms: terms, rank: rank, explain: explain, spelling: spelling, searcher: searcher };
  if (typeof module === "object" && module.exports) module.exports = core;
  if (typeof document === "undefined") return;
  window.tallySearch = core;

  var app = document.getElementById("search-app");
  if (!app || !window.fetch) return;
  app.hidden = false;
  var index = searcher(app.dataset.index);
  var q = document.getElementById("search-q");
  var header = document.getElementById("q");
  var year = document.getElementById("search-year");
  var status = document.getElementById("search-status");
  var out = document.getElementById("search-out");
  var lists = document.getElementById("search-lists");
  var PER = Number(app.dataset.per) || 50;
  var number = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function link(url, text) { var a = el("a", text); a.href = url; return a; }
  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  var state = null;

  async function run() {
    var text = q.value.trim();
    var params = new URLSearchParams();
    if (text) params.set("q", text);
    if (year.value) params.set("year", year.value);
    if (status.value) params.set("status", status.value);
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
    if (header) header.value = text;
    // A year or a status alone lists its incidents; with nothing chosen, the lists show.
    if (!text && !year.value && !status.value) { out.textContent = ""; lists.hidden = false; return; }
    var found = await index.find(text, year.value, status.value);
    if (!found || text !== q.value.trim()) return;
    var ids = found.ids;
    var y = found.year;
    out.textContent = "";
    lists.hidden = true;
    var notes = el("p", null, "search-notes");
    if (y) notes.appendChild(el("span", say(app.dataset.yearNote, { year: y })));
    if (found.corrected.length) notes.appendChild(el("span", say(app.dataset.didYouMean, { name: found.corrected.join(", ") }), "search-corrected"));
    if (found.ignored.length) notes.appendChild(el("span", app.dataset.ignored + " " + found.ignored.join(", "), "search-ignored"));
    if (notes.childNodes.length) out.appendChild(notes);
    var named = [];
    found.terms.forEach(function (t) { named = named.concat(t.names); });
    if (named.length) {
      var nl = el("ul", null, "search-names");
      named.forEach(function (m) {
        var li = el("li");
        li.appendChild(link(m.e.u, spelling(m.e, m.k)));
        // An alias says whose it is; a name, what it names.
        var why = explain(m.e, m.k) || app.dataset["kind" + m.e.k.toUpperCase()];
        if (why) li.appendChild(document.createTextNode(" — " + why));
        nl.appendChild(li);
      });
      out.appendChild(nl);
    }
    out.appendChild(el("h2", app.dataset.results + " (" + number.format(ids.length) + ")"));
    if (!ids.length) { out.appendChild(el("p", app.dataset.none)); return; }
    state = { ids: ids, shown: 0, list: el("ol", null, "rows"), count: el("p", null, "search-count"), more: el("button", app.dataset.more, "search-more") };
    state.more.type = "button";
    state.more.addEventListener("click", more);
    out.appendChild(state.list);
    out.appendChild(state.count);
    out.appendChild(state.more);
    await more();
  }

  // Shows the next page of results.
  async function more() {
    var s = state;
    var page = s.ids.slice(s.shown, s.shown + PER);
    var rows = await index.metas(page);
    if (s !== state) return;
    var first = null;
    rows.forEach(function (m) {
      var li = el("li", null, "search-hit");
      var a = link(m.u, m.t);
      li.appendChild(a);
      first = first || a;
      var meta = el("p", null, "meta");
      meta.appendChild(el("span", m.d));
      meta.appendChild(el("span", m.c));
      meta.appendChild(el("span", m.l, "status status-" + m.s));
      li.appendChild(meta);
      s.list.appendChild(li);
    });
    var wasMore = s.shown > 0;
    s.shown += page.length;
    s.count.textContent = say(app.dataset.showing, { shown: number.format(s.shown), total: number.format(s.ids.length) });
    s.more.hidden = s.shown >= s.ids.length;
    s.count.hidden = s.ids.length <= PER;
    // The reader asked for more: the first new result takes the focus, where reading goes on.
    if (wasMore && first) first.focus();
  }

  var timer = null;
  function later() { clearTimeout(timer); timer = setTimeout(run, 150); }
  var params = new URLSearchParams(location.search);
  q.value = params.get("q") || "";
  year.value = params.get("year") || "";
  status.value = params.get("status") || "";
  q.addEventListener("input", later);
  year.addEventListener("change", run);
  status.addEventListener("change", run);
  app.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  run();
})();
