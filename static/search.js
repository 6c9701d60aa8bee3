// Search for tally sites: no dependencies, no other host. It loads only the index files a
// query needs (see src/render/search.rs for their layout) and writes results with textContent.
(function () {
  "use strict";
  var app = document.getElementById("search-app");
  if (!app || !window.fetch) return;
  app.hidden = false;
  var base = app.dataset.index;
  var q = document.getElementById("search-q");
  var year = document.getElementById("search-year");
  var status = document.getElementById("search-status");
  var out = document.getElementById("search-out");
  var cache = {};
  var SHARD = 100;
  var SHOWN = 50;

  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
    }
    return cache[path];
  }
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function squash(s) { return fold(s).replace(/[^a-z0-9]/g, ""); }
  function words(s) { return fold(s).split(/[^a-z0-9]+/).filter(function (w) { return w.length >= 2; }); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function link(url, text) { var a = el("a", text); a.href = url; return a; }

  // The shards that can hold keys starting with `prefix`: a longer query reads one shard, a
  // shorter one every shard under it (at most MAX_SHARDS).
  var MAX_SHARDS = 8;
  function shardsFor(keys, prefix) {
    return keys.filter(function (k) { return k.indexOf(prefix) === 0 || prefix.indexOf(k) === 0; }).slice(0, MAX_SHARDS);
  }
  async function loadAll(dir, keys) {
    return Promise.all(keys.map(function (k) { return load(dir + "/" + k + ".json"); }));
  }

  async function findIds(text, facets) {
    var ids = new Set();
    var names = [];
    var seen = new Set();
    var sq = squash(text);
    if (sq) {
      (await loadAll("names", shardsFor(facets.names, sq))).forEach(function (shard) {
        (shard || []).forEach(function (e) {
          if (seen.has(e.u)) return;
          if (e.s.some(function (s) { return s.indexOf(sq) === 0; })) {
            seen.add(e.u);
            names.push(e);
            e.i.forEach(function (i) { ids.add(i); });
          }
        });
      });
    }
    var ws = words(text);
    var common = null;
    for (var k = 0; k < ws.length; k++) {
      var w = ws[k];
      var hit = new Set();
      (await loadAll("words", shardsFor(facets.words, w))).forEach(function (sh) {
        Object.keys(sh || {}).forEach(function (key) {
          if (key.indexOf(w) === 0) sh[key].forEach(function (i) { hit.add(i); });
        });
      });
      common = common ? new Set(Array.from(common).filter(function (i) { return hit.has(i); })) : hit;
    }
    if (common) common.forEach(function (i) { ids.add(i); });
    return { ids: ids, names: names };
  }

  async function run() {
    var text = q.value.trim();
    var params = new URLSearchParams();
    if (text) params.set("q", text);
    if (year.value) params.set("year", year.value);
    if (status.value) params.set("status", status.value);
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
    out.textContent = "";
    if (!text) return;
    var facets = await load("facets.json");
    if (!facets) return;
    var found = await findIds(text, facets);
    if (text !== q.value.trim()) return;
    var yi = year.value ? facets.years.indexOf(Number(year.value)) : -1;
    var si = status.value ? facets.statuses.indexOf(status.value) : -1;
    var ids = Array.from(found.ids).filter(function (i) {
      if (yi >= 0 && facets.f.charCodeAt(2 * i) - 65 !== yi) return false;
      if (si >= 0 && facets.f.charCodeAt(2 * i + 1) - 65 !== si) return false;
      return true;
    }).sort(function (a, b) { return a - b; });
    if (found.names.length) {
      var nl = el("ul", null, "inline-list search-names");
      found.names.forEach(function (n) { var li = el("li"); li.appendChild(link(n.u, n.n)); nl.appendChild(li); });
      out.appendChild(nl);
    }
    out.appendChild(el("h2", app.dataset.results + " (" + ids.length + ")"));
    if (!ids.length) { out.appendChild(el("p", app.dataset.none)); return; }
    var shown = ids.slice(0, SHOWN);
    var shards = {};
    shown.forEach(function (i) { shards[Math.floor(i / SHARD)] = true; });
    var loaded = {};
    await Promise.all(Object.keys(shards).map(function (k) {
      return load("incidents/" + k + ".json").then(function (m) { loaded[k] = m || []; });
    }));
    var list = el("ol", null, "rows");
    shown.forEach(function (i) {
      var m = (loaded[Math.floor(i / SHARD)] || [])[i % SHARD];
      if (!m) return;
      var li = el("li", null, "search-hit");
      li.appendChild(link(m.u, m.t));
      var meta = el("p", null, "meta");
      meta.appendChild(el("span", m.d));
      meta.appendChild(el("span", m.c));
      var st = el("span", m.l, "status status-" + m.s);
      meta.appendChild(st);
      li.appendChild(meta);
      list.appendChild(li);
    });
    out.appendChild(list);
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
