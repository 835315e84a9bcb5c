// rbmon archive search: every word typed must appear in an entry's text or second line.
// Entries come from search-index.js (window.RBMON_SEARCH); titles and names are scraped text, so they
// only ever reach the page through textContent, never as HTML. Messages come from data- attributes
// of #search, which the site's templates fill from the message catalogue.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  var index = window.RBMON_SEARCH || [];
  var limit = 200;

  function fold(text) {
    return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  var haystacks = index.map(function (e) { return fold(e.t + " " + e.s); });

  function show(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var hits = [];
    for (var i = 0; i < index.length && hits.length < limit; i++) {
      var hay = haystacks[i];
      if (words.every(function (w) { return hay.indexOf(w) !== -1; })) { hits.push(index[i]); }
    }
    status.textContent = hits.length ? box.dataset.found.replace("%(num)s", String(hits.length)) : box.dataset.none;
    hits.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.t;
      if (/^https?:/.test(e.u)) { a.rel = "noopener noreferrer nofollow"; }
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = (box.dataset["kind" + e.k.charAt(0).toUpperCase() + e.k.slice(1)] || e.k) + (e.s ? " · " + e.s : "");
      li.appendChild(a);
      li.appendChild(kind);
      list.appendChild(li);
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  status.textContent = "";
  show(query);
  input.addEventListener("input", function () { show(input.value); });
})();
