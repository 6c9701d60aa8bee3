// The table of incidents, enhanced: without JavaScript it is a plain table, page by page.
// With it, a heading sorts the rows shown, and the filter finds incidents among all of them
// through the search index (static/search.js, loaded first), a page of rows at a time.
(function () {
  "use strict";
  var app = document.getElementById("table-app");
  var table = document.getElementById("incident-table");
  if (!app || !table || !window.fetch || !window.tallySearch) return;
  app.hidden = false;
  var index = window.tallySearch.searcher(app.dataset.index);
  var q = document.getElementById("table-q");
  var count = document.getElementById("table-count");
  var pager = document.getElementById("table-pager");
  var body = table.tBodies[0];
  var original = Array.from(body.rows);
  var PER = Number(app.dataset.per) || 500;
  var number = new Intl.NumberFormat(document.documentElement.lang || undefined);
  var heads = Array.from(table.tHead.rows[0].cells);

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  // Sorting: each heading becomes a button; the sort key is a cell's data-v, else its text.
  function key(row, col) {
    var cell = row.cells[col];
    var v = cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.trim().toLowerCase();
    return heads[col].dataset.type === "number" ? Number(v) || 0 : v;
  }
  function sortBy(col) {
    var th = heads[col];
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var rows = Array.from(body.rows);
    var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });
    rows.sort(function (a, b) {
      var x = key(a, col);
      var y = key(b, col);
      var c = typeof x === "number" ? x - y : collator.compare(x, y);
      return dir === "ascending" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  heads.forEach(function (th, col) {
    var b = el("button", th.textContent);
    b.type = "button";
    b.addEventListener("click", function () { sortBy(col); });
    th.textContent = "";
    th.appendChild(b);
  });

  // A row from the index, as the static table writes it (links for the title only).
  function row(m) {
    var tr = el("tr");
    var d = el("td");
    d.dataset.v = m.i;
    var time = el("time", m.d);
    time.dateTime = m.i;
    d.appendChild(time);
    var t = el("td");
    var a = el("a", m.t);
    a.href = m.u;
    t.appendChild(a);
    var r = el("td", m.r || "");
    r.dataset.v = m.n || 0;
    var s = el("td");
    s.appendChild(el("span", m.l, "status status-" + m.s));
    [d, t, el("td", m.c), el("td", m.a), r, s].forEach(function (c) { tr.appendChild(c); });
    return tr;
  }

  var shown = null;
  async function run() {
    var text = q.value.trim();
    var params = new URLSearchParams(location.search);
    if (text) params.set("q", text); else params.delete("q");
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    if (!text) {
      shown = null;
      body.replaceChildren.apply(body, original);
      count.textContent = "";
      pager.hidden = false;
      return;
    }
    var found = await index.find(text, "", "");
    if (!found || text !== q.value.trim()) return;
    var mine = {};
    shown = mine;
    var rows = await index.metas(found.ids.slice(0, PER));
    if (shown !== mine) return;
    body.replaceChildren.apply(body, rows.map(row));
    pager.hidden = true;
    var notes = [app.dataset.matching.replace("{n}", number.format(found.ids.length))];
    // The first page of matches; the filter narrows further.
    if (found.ids.length > rows.length) notes.push(app.dataset.showing.replace("{shown}", number.format(rows.length)).replace("{total}", number.format(found.ids.length)));
    if (found.corrected.length) notes.push(app.dataset.didYouMean.replace("{name}", found.corrected.join(", ")));
    if (found.ignored.length) notes.push(app.dataset.ignored + " " + found.ignored.join(", "));
    count.textContent = notes.join(" · ");
  }

  var timer = null;
  q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  app.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  q.value = new URLSearchParams(location.search).get("q") || "";
  if (q.value) run();
})();
