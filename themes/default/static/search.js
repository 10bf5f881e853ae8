// kbpress search page: the form, results, snippets and facet filters. Loaded with `defer` by
// search.html after search-index.js (which reads the index); no dependencies, no build step.
//
// Article text is untrusted: it is only ever inserted with textContent and createElement,
// never as HTML.
(function () {
  "use strict";

  var root = document.getElementById("search");
  var index = window.kbpressSearch;
  if (!root || !index) return;
  var form = root.querySelector("form");
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var facetBox = document.getElementById("search-facets");
  var more = document.getElementById("search-more");

  var PAGE_SIZE = 10;
  var SNIPPET_WORDS = 32;

  function say(text) {
    status.textContent = text;
  }

  // The theme's words in the page's language (data-* of the search box), else English.
  function word(name, english) {
    return root.getAttribute("data-" + name) || english;
  }

  if (!window.fetch || !window.Promise || !window.Map || !String.prototype.normalize) {
    say(word("old-browser", "Search needs a newer browser. You can browse the categories from the home page instead."));
    return;
  }
  index.open(root.getAttribute("data-index") || "search/");

  // The current query: its words and matched stems, hits, facet selections, results shown.
  var state = null;
  // The facet sets (per facet and value, a flag per document) once loaded.
  var sets = null;
  // Bumped by each query and each re-render, so late answers of older ones are dropped.
  var generation = 0;
  var view = 0;
  var baseTitle = document.title;

  // ---- Facets: OR inside a facet, AND across facets ----

  function passes(doc, skip) {
    for (var f = 0; f < state.selected.length; f++) {
      if (f === skip || state.selected[f].size === 0) continue;
      var any = false;
      state.selected[f].forEach(function (v) { if (sets[f][v][doc]) any = true; });
      if (!any) return false;
    }
    return true;
  }

  function filtered() {
    return state.hits.filter(function (h) { return passes(h.document, -1); });
  }

  function buildFacets() {
    facetBox.textContent = "";
    state.boxes = [];
    var any = false;
    index.meta().facets.forEach(function (facet, f) {
      var present = facet.values.map(function (_, v) {
        return state.hits.some(function (h) { return sets[f][v][h.document]; });
      });
      if (present.indexOf(true) < 0) return;
      any = true;
      var fieldset = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = facet.name;
      fieldset.appendChild(legend);
      facet.values.forEach(function (label, v) {
        if (!present[v]) return;
        var id = "facet-" + f + "-" + v;
        var row = document.createElement("div");
        row.className = "search-facet";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.id = id;
        box.addEventListener("change", function () {
          if (box.checked) state.selected[f].add(v);
          else state.selected[f].delete(v);
          update();
        });
        var text = document.createElement("label");
        text.htmlFor = id;
        text.appendChild(document.createTextNode(label + " "));
        var count = document.createElement("span");
        count.className = "count";
        text.appendChild(count);
        row.appendChild(box);
        row.appendChild(text);
        fieldset.appendChild(row);
        state.boxes.push({ facet: f, value: v, box: box, count: count });
      });
      facetBox.appendChild(fieldset);
    });
    if (any) {
      var heading = document.createElement("h2");
      heading.className = "search-facets-title";
      heading.textContent = word("filter", "Filter results");
      facetBox.insertBefore(heading, facetBox.firstChild);
    }
    facetBox.hidden = !any;
  }

  function updateCounts() {
    state.boxes.forEach(function (b) {
      var n = 0;
      state.hits.forEach(function (h) {
        if (sets[b.facet][b.value][h.document] && passes(h.document, b.facet)) n++;
      });
      b.count.textContent = "(" + n + ")";
      b.box.disabled = n === 0 && !b.box.checked;
    });
  }

  function bestSection(doc, match) {
    var best = 0;
    var bestScore = 0;
    doc.sections.forEach(function (section, i) {
      var terms = new Set();
      var inHeading = 0;
      var inText = 0;
      index.wordsOf(section[1], match).forEach(function (w) { if (w.term >= 0) { terms.add(w.term); inHeading++; } });
      index.wordsOf(section[2], match).forEach(function (w) { if (w.term >= 0) { terms.add(w.term); inText++; } });
      var score = terms.size * 10 + inHeading * 6 + Math.min(inText, 5);
      if (score > bestScore) { best = i; bestScore = score; }
    });
    return best;
  }

  // A window of the text around its first match, matched words in <mark> elements.
  function snippet(text, match) {
    var paragraph = document.createElement("p");
    paragraph.className = "search-snippet";
    var words = index.wordsOf(text, match);
    if (words.length === 0) return null;
    var first = 0;
    while (first < words.length && words[first].term < 0) first++;
    if (first === words.length) first = 0;
    var from = Math.max(0, first - 8);
    var to = Math.min(words.length, from + SNIPPET_WORDS) - 1;
    var start = from === 0 ? 0 : words[from].start;
    var end = to === words.length - 1 ? text.length : words[to].end;
    if (start > 0) paragraph.appendChild(document.createTextNode("… "));
    var at = start;
    for (var i = from; i <= to; i++) {
      if (words[i].term < 0) continue;
      paragraph.appendChild(document.createTextNode(text.slice(at, words[i].start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(words[i].start, words[i].end);
      paragraph.appendChild(mark);
      at = words[i].end;
    }
    paragraph.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length) paragraph.appendChild(document.createTextNode(" …"));
    return paragraph;
  }

  // Only site paths and web URLs become links.
  function safeUrl(url) {
    return typeof url === "string" && /^(\/(?!\/)|https?:\/\/)/.test(url) ? url : "#";
  }

  function paragraph(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function renderHit(doc, match) {
    var item = document.createElement("li");
    item.className = "search-result";
    var section = doc.sections[bestSection(doc, match)] || ["", "", ""];
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = safeUrl(doc.url) + (section[0] ? "#" + encodeURIComponent(section[0]) : "");
    link.textContent = doc.title;
    heading.appendChild(link);
    item.appendChild(heading);
    if (section[0] && section[1]) item.appendChild(paragraph("search-section", word("section", "Section: {section}").replace("{section}", section[1])));
    if (doc.summary) item.appendChild(paragraph("search-summary", doc.summary));
    var text = snippet(section[2], match);
    if (text) item.appendChild(text);
    return item;
  }

  // Shows the next page of the filtered results.
  function showMore() {
    var mine = view;
    var page = state.list.slice(state.shown, state.shown + PAGE_SIZE);
    state.shown += page.length;
    more.hidden = true;
    return Promise.all(page.map(function (hit) { return index.loadDocument(hit.document, state); }))
      .then(function (docs) {
        if (mine !== view) return;
        var match = index.matcher(state);
        docs.forEach(function (doc) { list.appendChild(renderHit(doc, match)); });
        more.hidden = state.shown >= state.list.length;
      });
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function describe() {
    var quoted = "\u201c" + state.query + "\u201d";
    var text = state.list.length === state.hits.length
      ? plural(state.hits.length, "result") + " for " + quoted + "."
      : plural(state.list.length, "result") + " for " + quoted + " with the filters (" + state.hits.length + " without).";
    if (!state.allWords) text += " No article has all the words; these have some of them.";
    var corrected = [];
    state.terms.forEach(function (alts) {
      alts.forEach(function (a) { if (a.factor < 1 && corrected.indexOf(a.word) < 0) corrected.push(a.word); });
    });
    if (corrected.length) text += " Including: " + corrected.join(", ") + ".";
    say(text);
  }

  function update() {
    view++;
    state.list = filtered();
    state.shown = 0;
    list.textContent = "";
    updateCounts();
    describe();
    return showMore();
  }

  function clear(message) {
    view++;
    list.textContent = "";
    facetBox.textContent = "";
    facetBox.hidden = true;
    more.hidden = true;
    say(message);
  }

  // "Did you mean ...?" after the status, a link to the search for `suggestion`.
  function suggest(suggestion) {
    var link = document.createElement("a");
    link.href = "?q=" + encodeURIComponent(suggestion);
    link.textContent = suggestion;
    var around = word("did-you-mean", "Did you mean {suggestion}?").split("{suggestion}");
    status.appendChild(document.createTextNode(" " + around[0]));
    status.appendChild(link);
    status.appendChild(document.createTextNode(around[1] || ""));
  }

  function run(query) {
    var mine = ++generation;
    query = query.trim();
    document.title = query ? query + " · " + baseTitle : baseTitle;
    if (!query) {
      state = null;
      clear(word("empty", "Type what you are looking for."));
      return Promise.resolve();
    }
    say(word("searching", "Searching…"));
    return index.loadMeta().then(function (meta) {
      if (index.queryWords(query).length === 0) {
        clear(word("too-common", "Add a more specific word: very common words such as \u201cthe\u201d are not searched."));
        return null;
      }
      return index.search(query).then(function (found) {
        if (mine !== generation) return null;
        state = {
          query: query, words: found.words, terms: found.terms, hits: found.hits,
          allWords: found.allWords, selected: meta.facets.map(function () { return new Set(); }),
          list: [], shown: 0, boxes: []
        };
        if (found.hits.length === 0) {
          clear(word("no-results", "No results for \u201c{query}\u201d. Check the spelling or try other words.").replace("{query}", query));
          if (found.suggestion) suggest(found.suggestion);
          return null;
        }
        return index.loadFacets().then(function (loaded) {
          if (mine !== generation) return null;
          sets = loaded;
          buildFacets();
          return update();
        });
      });
    }).catch(function (error) {
      if (mine === generation) clear(word("unavailable", "Search is not available right now ({error}).").replace("{error}", error.message));
    });
  }

  function queryFromLocation() {
    return new URLSearchParams(window.location.search).get("q") || "";
  }

  var timer = null;
  function remember(query, push) {
    var url = window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : "");
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    remember(input.value.trim(), true);
    run(input.value);
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      remember(input.value.trim(), false);
      run(input.value);
    }, 300);
  });
  window.addEventListener("popstate", function () {
    input.value = queryFromLocation();
    run(input.value);
  });
  more.addEventListener("click", function () {
    var next = list.children.length;
    showMore().then(function () {
      // Keyboard users continue at the first new result.
      var link = list.children[next] && list.children[next].querySelector("a");
      if (link) link.focus();
    });
  });

  input.value = queryFromLocation();
  run(input.value);
})();