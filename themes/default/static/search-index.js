// kbpress search index reader, used by search.js. No dependencies, no build step. It reads the
// index kbpress writes under search/ (src/search/mod.rs has the formats): meta.json once, then
// for each query only the dictionary shards of its words (and the typo dictionaries' for a word
// nothing else matched), the postings of their stems, facets.bin, and the shown results' cards
// and one section of each one's Markdown copy. The matching rules are those of src/search/lookup.rs, whose tests pin
// them: change both together.
(function () {
  "use strict";

  var FORMAT = 4;
  var MAX_WORD_CHARS = 40;
  var MAX_QUERY_WORDS = 8;
  var MAX_ALTERNATIVES = 3;
  var MAX_FUZZY_SHARDS = 3;
  var TYPO_MIN_CHARS = 5;
  var PREFIX_MIN_CHARS = 3;
  var PREFIX_FACTOR = 0.8;
  var TYPO_FACTOR = 0.7;
  var PAGE_SIZE = 10;
  var MAX_VARIANTS = 4;
  var SUGGESTION_EDITS = 2;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;

  // The index being read: its URL, and what was loaded of it so far.
  var base = "search/";
  var meta = null;
  var cache = {};
  var shards = {};
  var facetSets = null;

  // One fetch per file (or window of a copy) and build; the version keeps a rebuilt site from
  // mixing stale pieces. `type`: "bytes", JSON, or "text" for a window of a Markdown copy (a
  // site path): meta.sectionBytes from byte `start` (a section's), asked for with an HTTP Range
  // (a host that ignores Range sends the whole copy: it is cut here; a char cut at the end is
  // dropped; sections start at a line, never inside a char).
  function load(path, type, start) {
    var url = (path[0] === "/" ? "" : base) + path + (meta ? "?v=" + encodeURIComponent(meta.version) : "");
    start = start || 0;
    var end = type === "text" ? start + meta.sectionBytes : 0;
    var key = type === "text" ? url + "#" + start : url;
    if (!cache[key]) {
      var options = type === "text" ? { headers: { Range: "bytes=" + start + "-" + (end - 1) } } : meta ? {} : { cache: "no-cache" };
      cache[key] = fetch(url, options).then(function (response) {
        if (!response.ok) throw new Error(path + ": HTTP " + response.status);
        if (type === "text") {
          return response.arrayBuffer().then(function (b) {
            var bytes = new Uint8Array(b);
            bytes = response.status === 206 ? bytes.subarray(0, end - start) : bytes.subarray(start, end);
            return new TextDecoder().decode(bytes).replace(/\uFFFD$/, "");
          });
        }
        return type === "bytes" ? response.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : response.json();
      }).catch(function (error) {
        delete cache[key]; // a later query tries again
        throw error;
      });
    }
    return cache[key];
  }

  function loadMeta() {
    if (meta) return Promise.resolve(meta);
    return load("meta.json").then(function (m) {
      if (!m || m.format !== FORMAT || !(m.docsPerFile >= 1) || !(m.sectionBytes >= 1) || !Array.isArray(m.fillerWords) || !Array.isArray(m.synonyms)) {
        throw new Error("unknown index format");
      }
      meta = m;
      return m;
    });
  }

  // A shard of the word dictionary (`folder` "words") or a typo one ("typos/<n>"), kept too.
  function loadShard(folder, number) {
    var path = folder + "/" + number + ".json";
    return load(path).then(function (shard) {
      shards[path] = shard;
      return shard;
    });
  }

  // ---- Words, as src/search/tokens.rs reads them ----

  // The query's words without stop words, and without filler words ("how do I") unless it
  // has nothing else.
  function queryWords(query) {
    var seen = new Set();
    var all = [];
    var match;
    WORD.lastIndex = 0;
    var text = query.normalize("NFC");
    while ((match = WORD.exec(text)) !== null) {
      var word = indexable(match[0]);
      if (word && meta.stopWords.indexOf(word) < 0 && !seen.has(word)) {
        seen.add(word);
        all.push(word);
      }
    }
    var content = all.filter(function (w) { return meta.fillerWords.indexOf(w) < 0; });
    return (content.length ? content : all).slice(0, MAX_QUERY_WORDS);
  }

  // The words of a title or synonym, without stop and filler words (as lookup.rs reads them:
  // not normalized, unlike a query typed in the browser).
  function contentWords(text) {
    var out = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      var word = indexable(match[0]);
      if (word && meta.stopWords.indexOf(word) < 0 && meta.fillerWords.indexOf(word) < 0) out.push(word);
    }
    return out;
  }

  // The lowercase word, or null when the index skips it (one ASCII letter, or too long).
  function indexable(word) {
    var chars = Array.from(word).length;
    if (chars > MAX_WORD_CHARS || (chars === 1 && word.charCodeAt(0) < 0x80)) return null;
    return word.toLowerCase();
  }

  // The shard of `boundaries` (default: the dictionary's) holding `word`: the last from <= it.
  function shardOf(word, boundaries) {
    boundaries = boundaries || meta.shards;
    var low = 0;
    var high = boundaries.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (boundaries[middle] <= word) low = middle + 1;
      else high = middle;
    }
    return Math.max(0, low - 1);
  }

  // ---- The typo dictionaries, as src/search/typos.rs files them ----

  // A word's key in the dictionary of `window` (where its two letters start): its characters
  // before the window, then those after it reversed.
  function typoKey(chars, window) {
    return chars.slice(0, window).concat(chars.slice(window + 2).reverse()).join("");
  }

  // The keys of the words one typo inside the window of `word` can come from: its letters
  // before the window, then, reversed, those after the window's first, second or none
  // (substitution or swap, insertion, deletion), or its second then those after the third
  // (the second and third swapped).
  function typoQueryKeys(chars, window) {
    if (chars.length < Math.max(TYPO_MIN_CHARS, window + 3)) return [];
    var before = chars.slice(0, window).join("");
    var after = function (start) { return before + chars.slice(start).reverse().join(""); };
    var keys = [after(window + 2), after(window + 3), after(window + 1),
      after(window + 3) + chars[window + 1]];
    return keys.filter(function (key, i) {
      return Array.from(key).length + 2 >= TYPO_MIN_CHARS && keys.indexOf(key) === i;
    }).sort();
  }

  // Whether `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours.
  function oneEditApart(a, b) {
    a = Array.from(a);
    b = Array.from(b);
    var prefix = 0;
    while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
    // Whether a[i..] equals b[j..].
    function same(i, j) {
      if (a.length - i !== b.length - j) return false;
      for (; i < a.length; i++, j++) if (a[i] !== b[j]) return false;
      return true;
    }
    var p = prefix;
    if (a.length === b.length) {
      if (p === a.length) return false;
      return same(p + 1, p + 1) ||
        (a.length - p >= 2 && a[p] === b[p + 1] && a[p + 1] === b[p] && same(p + 2, p + 2));
    }
    if (a.length + 1 === b.length) return same(p, p + 1);
    if (b.length + 1 === a.length) return same(p + 1, p);
    return false;
  }

  // Adds the stems of the words of `shard` that `accept` gives a factor to `found` (stem ->
  // {stem, factor, word}), keeping each stem's best factor.
  function addMatches(shard, found, accept) {
    shard.words.forEach(function (candidate, index) {
      var factor = accept(candidate);
      if (!factor) return;
      var stem = shard.stems[shard.terms[index]];
      var entry = found.get(stem[0]);
      if (!entry) found.set(stem[0], { stem: stem, factor: factor, word: candidate });
      else if (factor > entry.factor) { entry.factor = factor; entry.word = candidate; }
    });
  }

  // Adds to `found` the words one typo in the first four letters away from `word`: those of
  // each typo dictionary filed under one of its keys (in dictionary order, as lookup.rs).
  function typosNearTheStart(word, found) {
    var chars = Array.from(word);
    var keys = meta.typos.map(function (typos) { return typoQueryKeys(chars, typos.window); });
    return Promise.all(meta.typos.map(function (dictionary, d) {
      var numbers = keys[d].map(function (key) { return shardOf(key, dictionary.shards); });
      return Promise.all(numbers.filter(function (n, i) { return numbers.indexOf(n) === i; })
        .map(function (n) { return loadShard("typos/" + dictionary.window, n); }));
    })).then(function (loaded) {
      meta.typos.forEach(function (dictionary, d) {
        loaded[d].forEach(function (shard) {
          addMatches(shard, found, function (candidate) {
            var filed = keys[d].indexOf(typoKey(Array.from(candidate), dictionary.window)) >= 0;
            return filed && oneEditApart(word, candidate) ? TYPO_FACTOR : 0;
          });
        });
      });
    });
  }

  // The stems a query word matches: [{stem: [stem, documents, pack, offset, length], factor,
  // word}]. Itself when indexed; else completions and one-typo corrections from its group;
  // else corrections of a typo in its first four letters.
  function alternatives(word) {
    var own = shardOf(word);
    return loadShard("words", own).then(function (shard) {
      // A shard holds a few hundred words (about 6 KB): a scan costs nothing next to fetching it.
      var at = shard.words.indexOf(word);
      if (at >= 0) return [{ stem: shard.stems[shard.terms[at]], factor: 1, word: word }];
      var length = Array.from(word).length;
      if (length < PREFIX_MIN_CHARS) return [];
      var key = Array.from(word).slice(0, 2).join(""); // its group: the first two letters
      var first = shardOf(key);
      var last = shardOf(key + "\uffff");
      var low = Math.max(first, own - Math.floor(MAX_FUZZY_SHARDS / 2));
      var high = Math.min(last, low + MAX_FUZZY_SHARDS - 1);
      var loading = [];
      for (var n = low; n <= high; n++) loading.push(loadShard("words", n));
      var found = new Map();
      return Promise.all(loading).then(function (loaded) {
        loaded.forEach(function (s) {
          addMatches(s, found, function (candidate) {
            if (candidate.startsWith(word)) return PREFIX_FACTOR;
            if (length >= TYPO_MIN_CHARS && oneEditApart(word, candidate)) return TYPO_FACTOR;
            return 0;
          });
        });
        if (found.size === 0) return typosNearTheStart(word, found);
      }).then(function () {
        return Array.from(found.values())
          .sort(function (a, b) {
            return b.stem[1] - a.stem[1] || (a.stem[0] < b.stem[0] ? -1 : a.stem[0] > b.stem[0] ? 1 : 0);
          })
          .slice(0, MAX_ALTERNATIVES);
      });
    });
  }

  // ---- Binary formats, as src/search/encoding.rs writes them ----

  function varint(bytes, position) {
    var value = 0;
    for (var shift = 0; shift < 35; shift += 7) {
      if (position.at >= bytes.length) throw new Error("truncated index");
      var byte = bytes[position.at++];
      value += (byte & 0x7f) * Math.pow(2, shift);
      if (byte < 0x80) return value;
    }
    throw new Error("bad varint");
  }

  function docSet(bytes, position, total) {
    var kind = bytes[position.at++];
    var docs = [];
    var i;
    if (kind === 0) {
      var count = varint(bytes, position);
      var next = 0;
      for (i = 0; i < count; i++) {
        var doc = next + varint(bytes, position);
        docs.push(doc);
        next = doc + 1;
      }
    } else if (kind === 1) {
      var size = Math.ceil(total / 8);
      for (i = 0; i < size; i++) {
        var byte = bytes[position.at + i];
        for (var bit = 0; bit < 8; bit++) if (byte & (1 << bit)) docs.push(i * 8 + bit);
      }
      position.at += size;
    } else if (kind === 2) {
      var runs = varint(bytes, position);
      var end = 0;
      for (i = 0; i < runs; i++) {
        var start = end + varint(bytes, position);
        end = start + varint(bytes, position) + 1;
        if (end > total) throw new Error("bad run");
        for (var d = start; d < end; d++) docs.push(d);
      }
    } else {
      throw new Error("bad document set");
    }
    return docs;
  }

  function postings(alternative) {
    var stem = alternative.stem;
    return load("postings/" + stem[2] + ".bin", "bytes").then(function (pack) {
      var bytes = pack.subarray(stem[3], stem[3] + stem[4]);
      var position = { at: 0 };
      var docs = docSet(bytes, position, meta.documents);
      var nibbles = docs.length * 8 > meta.documents;
      var scores = docs.map(function (_, i) {
        if (!nibbles) return bytes[position.at + i];
        var byte = bytes[position.at + (i >> 1)];
        return ((i & 1) ? byte >> 4 : byte & 15) * 17;
      });
      return { docs: docs, scores: scores };
    });
  }

  // Per facet and value, a flag per document.
  function loadFacets() {
    if (facetSets) return Promise.resolve(facetSets);
    return load("facets.bin", "bytes").then(function (bytes) {
      var position = { at: 0 };
      facetSets = meta.facets.map(function (facet) {
        return facet.values.map(function () {
          var member = new Uint8Array(meta.documents);
          docSet(bytes, position, meta.documents).forEach(function (d) { member[d] = 1; });
          return member;
        });
      });
      return facetSets;
    });
  }

  // ---- Ranking, as Searcher::search in src/search/lookup.rs ----

  // Ranks the documents matching the query and each of its synonym variants (a document's best
  // score counts); then the first PAGE_SIZE by how their titles match (their cards are loaded
  // to show them anyway). `words` and `terms`: the query's words, then those synonyms added.
  function search(query) {
    var asked = queryWords(query);
    var variants = variantsOf(asked);
    return Promise.all(variants.map(rank)).then(function (ranked) {
      var best = new Map();
      var words = [];
      var terms = [];
      var allWords = false;
      ranked.forEach(function (result, v) {
        allWords = allWords || result.allWords;
        result.hits.forEach(function (hit) {
          var kept = best.get(hit.document);
          if (!kept || hit.score > kept.score) best.set(hit.document, hit);
        });
        variants[v].forEach(function (word, i) {
          if (words.indexOf(word) < 0) { words.push(word); terms.push(result.terms[i]); }
        });
      });
      var hits = Array.from(best.values());
      hits.sort(function (a, b) { return b.score - a.score || a.document - b.document; });
      var first = hits.slice(0, PAGE_SIZE);
      var cards = first.map(function (hit) {
        return card(hit.document).catch(function () { return null; }); // no title: no bonus
      });
      return Promise.all(cards).then(function (cards) {
        first.forEach(function (hit, i) {
          var title = cards[i] ? cards[i].title : "";
          hit.title = ranked.reduce(function (most, result, v) {
            return Math.max(most, titleMatch(title, variants[v], result.terms));
          }, 0);
        });
        // Stable (ES2019): equal titles keep their order by score.
        first.sort(function (a, b) { return b.title - a.title; });
        hits = first.concat(hits.slice(PAGE_SIZE));
        var found = { words: words, terms: terms, hits: hits, allWords: allWords, suggestion: null };
        if (hits.length > 0) return found;
        return suggestion(asked).then(function (suggested) { found.suggestion = suggested; return found; });
      });
    });
  }

  // The query's words, then the same with each synonym of a word or phrase of it in its place
  // (meta.synonyms), at most MAX_VARIANTS in all.
  function variantsOf(words) {
    var variants = [words];
    var key = function (list) { return JSON.stringify(list); };
    var seen = new Set([key(words)]);
    meta.synonyms.forEach(function (group) {
      var members = group.map(contentWords);
      members.forEach(function (member, m) {
        var at = findRun(words, member);
        if (at < 0) return;
        members.forEach(function (other, o) {
          if (o === m || other.length === 0) return;
          var variant = [];
          words.slice(0, at).concat(other, words.slice(at + member.length)).forEach(function (word) {
            if (variant.indexOf(word) < 0) variant.push(word);
          });
          variant = variant.slice(0, MAX_QUERY_WORDS);
          if (variants.length < MAX_VARIANTS && !seen.has(key(variant))) {
            seen.add(key(variant));
            variants.push(variant);
          }
        });
      });
    });
    return variants;
  }

  // Where `run` starts in `words` as consecutive words, or -1 (always for an empty run).
  function findRun(words, run) {
    if (run.length === 0) return -1;
    for (var at = 0; at + run.length <= words.length; at++) {
      var same = true;
      for (var i = 0; i < run.length && same; i++) same = words[at + i] === run[i];
      if (same) return at;
    }
    return -1;
  }

  // BM25 over the words each document matches, times the square of its coverage of the query
  // (each word weighted by its idf): {hits, terms, allWords}, hits in no particular order.
  function rank(words) {
    var idf = function (df) { return Math.log(1 + (meta.documents - df + 0.5) / (df + 0.5)); };
    return Promise.all(words.map(alternatives)).then(function (terms) {
      var all = [];
      terms.forEach(function (alts) { alts.forEach(function (a) { all.push(a); }); });
      return Promise.all(all.map(postings)).then(function (lists) {
        var scores = new Map();
        var index = 0;
        var allWeight = 0;
        terms.forEach(function (alts) {
          var best = new Map();
          var weight = alts.length === 0 ? idf(0)
            : alts.reduce(function (most, a) { return Math.max(most, idf(a.stem[1])); }, 0);
          allWeight += weight;
          alts.forEach(function (alternative) {
            var list = lists[index++];
            var stemIdf = idf(alternative.stem[1]);
            list.docs.forEach(function (doc, i) {
              var value = stemIdf * list.scores[i] / 255 * alternative.factor;
              if (!(best.get(doc) >= value)) best.set(doc, value);
            });
          });
          best.forEach(function (value, doc) {
            var entry = scores.get(doc);
            if (!entry) scores.set(doc, { document: doc, score: value, matched: 1, weight: weight, title: 0 });
            else { entry.score += value; entry.matched += 1; entry.weight += weight; }
          });
        });
        var most = 0;
        var hits = [];
        scores.forEach(function (e) {
          most = Math.max(most, e.matched);
          var coverage = e.weight / allWeight;
          e.score = e.score * coverage * coverage;
          hits.push(e);
        });
        return { hits: hits, terms: terms, allWords: most > 0 && most === words.length };
      });
    });
  }

  // "Did you mean": the query's words with each word that matches nothing replaced by the
  // closest word of its dictionary shard (at most SUGGESTION_EDITS edits; then the word of most
  // documents, then the first in the shard's order), or null when no word changed.
  function suggestion(words) {
    return Promise.all(words.map(function (word) {
      return loadShard("words", shardOf(word)).then(function (shard) {
        var closest = null;
        shard.words.forEach(function (candidate, index) {
          var edits = editDistance(word, candidate);
          if (edits > SUGGESTION_EDITS) return;
          var documents = shard.stems[shard.terms[index]][1];
          if (!closest || edits < closest.edits || (edits === closest.edits && documents > closest.documents)) {
            closest = { edits: edits, documents: documents, word: candidate };
          }
        });
        return closest ? closest.word : word;
      });
    })).then(function (suggested) {
      var changed = suggested.some(function (word, i) { return word !== words[i]; });
      return changed ? suggested.join(" ") : null;
    });
  }

  // Insertions, deletions, substitutions and swaps of neighbours from `a` to `b` (optimal
  // string alignment distance, by chars).
  function editDistance(a, b) {
    a = Array.from(a);
    b = Array.from(b);
    var before = [];
    var last = [];
    for (var j = 0; j <= b.length; j++) { before.push(0); last.push(j); }
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row.push(Math.min(last[j] + 1, row[j - 1] + 1, last[j - 1] + cost));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
      }
      before = last;
      last = row;
    }
    return last[b.length];
  }

  // Document `number`'s card, or null.
  function card(number) {
    var perFile = meta.docsPerFile;
    return load("docs/" + Math.floor(number / perFile) + ".json").then(function (cards) {
      return Array.isArray(cards) && cards[number % perFile] || null;
    });
  }

  // How a title matches the query: 2 when its words are the query's (word forms and typos
  // included), 1 when it has every query word among others, else 0. A title word is a query
  // word's when it is the word or starts with one of the stems the word matched.
  function titleMatch(title, words, terms) {
    var titleWords = contentWords(title);
    function matches(titleWord, q) { return isQueryWord(titleWord, q, words, terms); }
    var everyQueryWord = words.every(function (_, q) {
      return titleWords.some(function (w) { return matches(w, q); });
    });
    if (words.length === 0 || !everyQueryWord) return 0;
    var onlyQueryWords = titleWords.every(function (w) {
      return words.some(function (_, q) { return matches(w, q); });
    });
    return onlyQueryWords ? 2 : 1;
  }

  // Whether `word` (lowercase) is query word `q` of `words`: the word itself, or one starting
  // with one of the stems it matched (`terms[q]`).
  function isQueryWord(word, q, words, terms) {
    return word === words[q] || terms[q].some(function (a) {
      var stem = a.stem[0];
      return word === stem || (Array.from(stem).length >= PREFIX_MIN_CHARS && word.startsWith(stem));
    });
  }

  // Which of a card's sections (by `anchors`, the intro's "" first) a result's window of its
  // Markdown copy starts at, for a query that searched `words` (matching `terms`): the first
  // whose anchor's words (a heading's id is its words) hold the most query words, else the
  // intro (0). Only headings can be matched before the text is loaded. As lookup.rs's
  // chosen_section.
  function chosenSection(anchors, words, terms) {
    var best = 0;
    var most = 0;
    for (var i = 1; i < anchors.length; i++) {
      var anchorWords = contentWords(String(anchors[i]));
      var count = words.filter(function (_, q) {
        return anchorWords.some(function (w) { return isQueryWord(w, q, words, terms); });
      }).length;
      if (count > most) { best = i; most = count; }
    }
    return best;
  }

  // ---- Highlighting ----

  // For a search's result (`found`), a function telling which query word (by index) a word of
  // article text matches, or -1: a word of a loaded shard whose stem the query matched, the
  // query word itself, or a word that starts with a matched stem (forms in shards not loaded).
  function matcher(found) {
    var stems = new Map();
    found.terms.forEach(function (alts, t) {
      alts.forEach(function (a) { if (!stems.has(a.stem[0])) stems.set(a.stem[0], t); });
    });
    var known = new Map();
    Object.keys(shards).forEach(function (path) {
      var shard = shards[path];
      shard.words.forEach(function (word, i) {
        var t = stems.get(shard.stems[shard.terms[i]][0]);
        if (t !== undefined && !known.has(word)) known.set(word, t);
      });
    });
    found.words.forEach(function (word, t) { if (!known.has(word)) known.set(word, t); });
    var prefixes = [];
    stems.forEach(function (t, stem) { if (Array.from(stem).length >= 3) prefixes.push([stem, t]); });
    return function (word) {
      var lower = indexable(word);
      if (lower === null) return -1;
      var t = known.get(lower);
      if (t !== undefined) return t;
      for (var i = 0; i < prefixes.length; i++) if (lower.startsWith(prefixes[i][0])) return prefixes[i][1];
      return -1;
    };
  }

  // The words of `text` with their positions and the query word each matches.
  function wordsOf(text, match) {
    var out = [];
    var found;
    WORD.lastIndex = 0;
    while ((found = WORD.exec(text)) !== null) {
      out.push({ start: found.index, end: found.index + found[0].length, term: match(found[0]) });
    }
    return out;
  }

  // A result's document for the search `found` (its words and terms; none: the intro) from its
  // card and a window of its Markdown copy from the section the query picks (chosenSection,
  // search-markdown.js), else its title and summary. Kept once made, per document and section:
  // every filter change shows the results again. A failed load is not kept (tried again later).
  var documents = {};
  function loadDocument(number, found) {
    return card(number).then(function (c) {
      if (!c) throw new Error("document " + number + " is not in the index");
      var anchors = (Array.isArray(c.sections) ? c.sections : []).map(function (entry) { return entry[0]; });
      var chosen = found ? chosenSection(anchors, found.words, found.terms) : 0;
      var key = number + ":" + chosen;
      if (documents[key]) return documents[key];
      var made = !window.kbpressMarkdown
        ? Promise.resolve({ url: c.url, title: c.title, summary: typeof c.summary === "string" ? c.summary : "", sections: [] })
        : window.kbpressMarkdown.documentOf(c, chosen, load).then(function (result) {
          if (!result.complete) delete documents[key];
          return result.document;
        });
      documents[key] = made;
      made.catch(function () { delete documents[key]; });
      return made;
    });
  }

  window.kbpressSearch = {
    // Reads the index under `url` (the search/ folder, with a trailing slash).
    open: function (url) { base = url; }, meta: function () { return meta; },
    loadMeta: loadMeta, queryWords: queryWords, search: search, loadFacets: loadFacets,
    loadDocument: loadDocument, matcher: matcher, wordsOf: wordsOf
  };
})();
