// kbpress search: the documents of the results shown, from their cards and one section of their
// articles' Markdown copies, for search-index.js (loadDocument); no dependencies, no build step.
// A card (search/docs/<k>.json, see src/search/mod.rs) has its article's title and summary,
// names its copy (`<url>index.md`: line 1 `# <title>`, 2 empty, 3 `> <summary>`, then the body
// as written) and the byte where each section starts in it; `documentOf` fetches a window of
// it from one section's start (search-index.js picks the section and caps the window) and
// `searchDocument` makes its sections plain text.
// search.js inserts the result as text, never as HTML.
//
// Linear in the text, for a 1 MB article too: the lines are read in two passes (labels, then
// blocks), each paragraph is scanned once from left to right, and what the scan looks ahead
// for (closing backticks, brackets, parentheses) is found from positions that only move
// forward. The patterns run on whole lines (link definitions, table delimiter rows) have no
// two parts that can match the same characters, so a line that almost matches fails in
// linear time.
(function () {
  "use strict";

  var ATX = /^ {0,3}#{1,6}(?=[ \t]|$)/;
  var SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
  var THEMATIC_BREAK = /^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$/;
  var QUOTE = /^ {0,3}> ?/;
  var LIST_ITEM = /^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)/;
  var TASK = /^\[[ xX]\](?:[ \t]+|$)/;
  var FENCE = /^[ \t]*(`{3,}|~{3,})(.*)$/;
  var DEFINITION = /^ {0,3}\[((?:[^\]\\]|\\.){1,999})\]:/;
  var QUOTE_MARKER = / {0,3}> ?/y;
  // A delimiter row without its blockquote markers and outer whitespace. Each part of the
  // pattern ends where the next begins (spaces, then colons and dashes, then a pipe), so a
  // line that almost matches fails in linear time.
  var DELIMITER_ROW = /^\|?(?:[ \t]*:?-+:?[ \t]*\|)*[ \t]*:?-+:?[ \t]*\|?$/;
  var ALERT = /^\[!(note|tip|important|warning|caution)\][ \t]*$/i;
  // The characters the inline scan stops at; the text between them is copied as it is.
  var SPECIAL = /[\\`<!\[\]*_~&]/g;
  var ESCAPABLE = /[!-\/:-@\[-`{-~]/;
  var SPACE = /\s/;
  var PUNCTUATION = /[\p{P}\p{S}]/u;
  var AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+\/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/y;
  var ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/y;
  var NAMED = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0", copy: "\u00a9",
    reg: "\u00ae", trade: "\u2122", hellip: "\u2026", ndash: "\u2013", mdash: "\u2014", lsquo: "\u2018",
    rsquo: "\u2019", ldquo: "\u201c", rdquo: "\u201d" };

  // ---- Inline: the text of one paragraph ----

  // How many `char` there are at `text[at]` and after.
  function runLength(text, at, char) {
    var end = at;
    while (text[end] === char) end++;
    return end - at;
  }

  function normalLabel(label) {
    return label.trim().replace(/\s+/g, " ").toLowerCase();
  }

  // The plain text of `text`, a paragraph's inline content (its lines joined with "\n", block
  // markers removed), whitespace not collapsed yet: code spans keep their content as it is;
  // raw HTML stays text (kbpress shows it as text); links and images keep their text (the alt text), not their
  // destination; footnote references go; emphasis, strong and strikethrough markers go when
  // they pair up (a lone `*` stays, as on the page); backslash escapes and entities are
  // decoded. `labels` are the document's link and footnote labels (see labelsOf).
  function inline(text, labels) {
    var out = [];
    var openers = []; // "[" and "![" not closed yet: their index in `out`, where their text starts
    var emphasis = { "*": [], "_": [], "~": [] }; // runs that may open, by index in `out`
    var ticks = null; // backtick runs by length: {at: [positions], next}
    var parens = null; // the matching ")" of each "(", -1 for none
    var last = {}; // per string looked for, where it was found last (see find)
    var i = 0;

    function emit(piece, next) { out.push(piece); i = next; }

    // The first `what` at or after `from`, or -1. `from` never goes back between calls for
    // the same string, so the text is searched at most once per string.
    function find(what, from) {
      var known = last[what];
      if (known === undefined || (known !== -1 && known < from)) last[what] = text.indexOf(what, from);
      return last[what];
    }

    // Where the code span opened by `length` backticks ending at `from` closes, or -1.
    function closingTicks(length, from) {
      if (!ticks) {
        ticks = {};
        var run = /`+/g;
        for (var m = run.exec(text); m !== null; m = run.exec(text)) {
          (ticks[m[0].length] = ticks[m[0].length] || { at: [], next: 0 }).at.push(m.index);
        }
      }
      var runs = ticks[length];
      if (!runs) return -1;
      while (runs.next < runs.at.length && runs.at[runs.next] < from) runs.next++;
      return runs.next < runs.at.length ? runs.at[runs.next] : -1;
    }

    function closingParen(open) {
      if (!parens) {
        parens = new Int32Array(text.length).fill(-1);
        var stack = [];
        for (var j = 0; j < text.length; j++) {
          if (text[j] === "\\") j++;
          else if (text[j] === "(") stack.push(j);
          else if (text[j] === ")" && stack.length) parens[stack.pop()] = j;
        }
      }
      return parens[open];
    }

    function isSpace(c) { return c === undefined || SPACE.test(c); }
    function isPunctuation(c) { return c !== undefined && PUNCTUATION.test(c); }

    while (i < text.length) {
      SPECIAL.lastIndex = i;
      var special = SPECIAL.exec(text);
      if (!special) {
        emit(text.slice(i), text.length);
        break;
      }
      if (special.index > i) emit(text.slice(i, special.index), special.index);
      var c = text[i];
      var next = text[i + 1];
      var k;
      var end;
      var m;
      if (c === "\\") {
        if (next === "\n") emit(" ", i + 2); // a hard line break
        else if (next !== undefined && ESCAPABLE.test(next)) emit(next, i + 2);
        else emit("\\", i + 1);
      } else if (c === "`") {
        k = runLength(text, i, "`");
        end = closingTicks(k, i + k);
        if (end < 0) {
          emit(text.slice(i, i + k), i + k);
        } else {
          var code = text.slice(i + k, end);
          var padded = code.length > 2 && SPACE.test(code[0]) && SPACE.test(code[code.length - 1]);
          emit(padded && code.trim() ? code.slice(1, -1) : code, end + k);
        }
      } else if (c === "<") {
        // Raw HTML stays text, as kbpress shows it on the page; an autolink is its URL.
        AUTOLINK.lastIndex = i;
        if ((m = AUTOLINK.exec(text)) !== null) emit(m[1], AUTOLINK.lastIndex);
        else emit("<", i + 1);
      } else if (c === "!" && next !== "[") {
        emit("!", i + 1);
      } else if (c === "[" && next === "^" && (end = find("]", i + 2)) > i + 2 && end - i <= 1000 &&
          labels.footnotes.has(normalLabel(text.slice(i + 2, end)))) {
        i = end + 1; // a footnote reference
      } else if (c === "[" || c === "!") {
        k = c === "!" ? 2 : 1;
        openers.push({ at: out.length, from: i + k });
        emit(text.slice(i, i + k), i + k);
      } else if (c === "]") {
        var opener = openers.pop();
        var linked = -1; // where the text goes on after the link, if this closes one
        if (opener && next === "(") {
          end = closingParen(i + 1);
          if (end > 0) linked = end + 1; // inline: [text](destination "title")
        } else if (opener && next === "[") {
          end = find("]", i + 2); // full or collapsed reference: [text][label], [text][]
          var label = end < 0 || end - i > 1000 ? null
            : end > i + 2 ? text.slice(i + 2, end)
            : i - opener.from <= 999 ? text.slice(opener.from, i) : null;
          if (label !== null && labels.links.has(normalLabel(label))) linked = end + 1;
        } else if (opener && i - opener.from <= 999 && labels.links.has(normalLabel(text.slice(opener.from, i)))) {
          linked = i + 1; // shortcut reference: [label]
        }
        if (linked < 0) {
          emit("]", i + 1);
        } else {
          out[opener.at] = "";
          i = linked;
        }
      } else if (c === "&") {
        ENTITY.lastIndex = i;
        m = ENTITY.exec(text);
        var point = m && !m[3] ? parseInt(m[1] || m[2], m[1] ? 16 : 10) : 0;
        var decoded = !m ? null
          : m[3] ? (Object.prototype.hasOwnProperty.call(NAMED, m[3]) ? NAMED[m[3]] : null)
          : point > 0 && point <= 0x10ffff && (point < 0xd800 || point > 0xdfff) ? String.fromCodePoint(point)
          : "\ufffd";
        if (decoded === null) emit("&", i + 1);
        else emit(decoded, ENTITY.lastIndex);
      } else {
        // A run of `*`, `_` or `~`: markup when it pairs with an earlier run of the same
        // character, by CommonMark's flanking rules (so `snake_case` and `2 * 3` stay).
        k = runLength(text, i, c);
        var before = text[i - 1];
        var after = text[i + k];
        var token = out.length;
        emit(text.slice(i, i + k), i + k);
        if (c === "~" && k > 2) continue;
        var left = !isSpace(after) && (!isPunctuation(after) || isSpace(before) || isPunctuation(before));
        var right = !isSpace(before) && (!isPunctuation(before) || isSpace(after) || isPunctuation(after));
        var canOpen = c === "_" ? left && (!right || isPunctuation(before)) : left;
        var canClose = c === "_" ? right && (!left || isPunctuation(after)) : right;
        var open = emphasis[c];
        if (canClose && open.length) {
          out[open.pop()] = "";
          out[token] = "";
        } else if (canOpen) {
          open.push(token);
        }
      }
    }
    return out.join("");
  }

  // ---- Blocks: lines ----

  // Where the text of `line` starts after its blockquote markers (`> > `).
  function afterQuotes(line) {
    var at = 0;
    QUOTE_MARKER.lastIndex = 0;
    while (QUOTE_MARKER.exec(line) !== null) at = QUOTE_MARKER.lastIndex;
    return at;
  }

  function isDelimiterRow(line) {
    var at = 0;
    while (at < line.length && (line[at] === " " || line[at] === "\t" || line[at] === ">")) at++;
    return DELIMITER_ROW.test(line.slice(at).trim());
  }

  // The link reference and footnote labels defined anywhere in `lines`, normalised.
  function labelsOf(lines) {
    var labels = { links: new Set(), footnotes: new Set() };
    lines.forEach(function (line) {
      var m = line.indexOf("]:") > 0 ? DEFINITION.exec(line.slice(afterQuotes(line))) : null;
      if (m && m[1][0] === "^") labels.footnotes.add(normalLabel(m[1].slice(1)));
      else if (m) labels.links.add(normalLabel(m[1]));
    });
    return labels;
  }

  // An ATX heading's text: without `## `, a closing `##` and an attribute block (`{#id}`).
  function headingText(line) {
    var text = withoutAttributes(line.replace(ATX, ""));
    var end = text.length;
    while (end > 0 && text[end - 1] === "#") end--;
    if (end < text.length && (end === 0 || text[end - 1] === " " || text[end - 1] === "\t")) {
      text = text.slice(0, end);
    }
    return withoutAttributes(text);
  }

  // `text` trimmed, without a heading attribute block at its end (`{#steps audience=direct}`).
  function withoutAttributes(text) {
    text = text.trim();
    var open = text[text.length - 1] === "}" ? text.lastIndexOf("{") : -1;
    return open < 0 || text.indexOf("}", open) !== text.length - 1 ? text : text.slice(0, open).trim();
  }

  // `line` without the blockquote and list markers it starts with.
  function withoutContainers(line) {
    for (var m = QUOTE.exec(line) || LIST_ITEM.exec(line); m; m = QUOTE.exec(line) || LIST_ITEM.exec(line)) {
      line = line.slice(m[0].length).replace(TASK, "");
    }
    return line;
  }

  // The plain text of lines[from..to) of a document whose labels are `labels`: fence lines,
  // link reference definitions, thematic breaks, setext underlines and table
  // delimiter rows go; heading, blockquote, list and task markers and table pipes go, their text
  // stays; code inside fences stays as it is; paragraphs go through `inline`; whitespace is
  // collapsed.
  function blockText(lines, from, to, labels) {
    var out = [];
    var paragraph = []; // the current paragraph's lines, markers removed
    var fence = null; // the open code fence: its closing line and how many blockquotes it is in
    var table = false; // in a table's rows
    function flush() {
      if (paragraph.length) out.push(inline(paragraph.join("\n"), labels));
      paragraph = [];
    }
    for (var n = from; n < to; n++) {
      var line = lines[n];
      var quotes = 0;
      var m;
      if (fence) {
        while (quotes < fence.quotes && (m = QUOTE.exec(line)) !== null) {
          line = line.slice(m[0].length);
          quotes++;
        }
        if (fence.end.test(line)) fence = null;
        else out.push(line);
        continue;
      }
      var dropped = false; // a thematic break or a setext underline
      while (!dropped) {
        dropped = (paragraph.length > 0 && SETEXT_UNDERLINE.test(line)) || THEMATIC_BREAK.test(line);
        if (!dropped && (m = QUOTE.exec(line)) !== null) {
          quotes++;
          line = line.slice(m[0].length);
        } else if (!dropped && (m = LIST_ITEM.exec(line)) !== null) {
          flush(); // a new item is a new paragraph
          line = line.slice(m[0].length).replace(TASK, "");
        } else {
          break;
        }
      }
      if (dropped || !line.trim()) {
        flush();
        table = false;
      } else if ((m = FENCE.exec(line)) !== null && !(m[1][0] === "`" && m[2].indexOf("`") >= 0)) {
        flush();
        table = false;
        fence = { end: new RegExp("^[ \\t]*" + m[1] + m[1][0] + "*[ \\t]*$"), quotes: quotes };
      } else if (ATX.test(line)) {
        flush();
        table = false;
        out.push(inline(headingText(line), labels));
      } else if (!paragraph.length && (m = DEFINITION.exec(line)) !== null && m[1][0] !== "^") {
        continue; // a link reference definition
      } else if ((m = ALERT.exec(line.trim())) !== null) {
        flush();
        out.push(m[1][0].toUpperCase() + m[1].slice(1).toLowerCase()); // `> [!NOTE]`: Note
      } else if (table || (line.indexOf("|") >= 0 && n + 1 < to && lines[n + 1].indexOf("|") >= 0 &&
          lines[n + 1].indexOf("-") >= 0 && isDelimiterRow(lines[n + 1]))) {
        // A table row, each cell on its own (`\|` is a pipe inside a cell); the delimiter row goes.
        flush();
        if (!table) n++;
        table = true;
        out.push(inline(line.replace(/\\\||\|/g, function (pipe) { return pipe.length === 2 ? "|" : " "; }), labels));
      } else {
        m = paragraph.length ? null : DEFINITION.exec(line); // a footnote's: its text stays
        paragraph.push(m ? line.slice(m[0].length) : line);
      }
    }
    flush();
    return out.join(" ").replace(/\s+/g, " ").trim();
  }

  // The plain text of Markdown `text` (a whole document or part of one), as search results
  // show it: what a reader sees of it on the page, without the markup (see blockText, inline).
  function plainText(text) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    return blockText(lines, 0, lines.length, labelsOf(lines));
  }

  // The plain text of the section heading at lines[start] (the section ends before `end`) and
  // the index of the line after it: ATX (`## Steps {#steps}`) or setext (text, then a `===` or
  // `---` line).
  function sectionHeading(lines, start, end, labels) {
    var line = withoutContainers(lines[start]);
    var text = ATX.test(line) ? headingText(line) : null;
    var next = start + 1;
    for (var n = start + 1; text === null && n < end && lines[n].trim(); n++) {
      if (SETEXT_UNDERLINE.test(withoutContainers(lines[n]))) {
        text = lines.slice(start, n).map(withoutContainers).join("\n");
        next = n + 1;
      }
    }
    text = inline(withoutAttributes(text === null ? line : text), labels);
    return { text: text.replace(/\s+/g, " ").trim(), next: next };
  }

  // A document as search.js shows it, {url, title, summary, sections: [[anchor, heading,
  // text], ...]}, from its card {url, title, summary, markdown, sections: [[anchor, start], ...]}
  // and `markdown`, a window of its Markdown copy from the start of its section number `chosen`
  // (possibly cut short): the sections that start in the window get their text (the last one
  // what the window holds of it); the others their anchors only, as every one without
  // `markdown`.
  function searchDocument(card, chosen, markdown) {
    var entries = Array.isArray(card.sections) ? card.sections : [];
    var summary = typeof card.summary === "string" ? card.summary.replace(/\s+/g, " ").trim() : "";
    var doc = { url: card.url, title: card.title, summary: summary, sections: [] };
    doc.sections = entries.map(function (entry) { return [entry[0], "", ""]; });
    var base = entries[chosen] ? entries[chosen][1] : null;
    if (typeof markdown !== "string" || typeof base !== "number") return doc;
    var bytes = new TextEncoder().encode(markdown);
    var decoder = new TextDecoder();
    var all = markdown.replace(/\r\n?/g, "\n").split("\n");
    var labels = labelsOf(all);
    for (var i = chosen; i < entries.length; i++) {
      var from = entries[i][1] - base;
      if (typeof entries[i][1] !== "number" || from < 0 || from >= bytes.length) break;
      var to = i + 1 < entries.length && typeof entries[i + 1][1] === "number" ? entries[i + 1][1] - base : bytes.length;
      var text = decoder.decode(bytes.subarray(from, Math.max(from, Math.min(to, bytes.length))));
      var lines = text.replace(/\r\n?/g, "\n").split("\n");
      var end = lines.length;
      if (entries[i][0] === "") {
        doc.sections[i] = ["", "", blockText(lines, 0, end, labels)];
      } else {
        var heading = end > 0 ? sectionHeading(lines, 0, end, labels) : { text: "", next: end };
        doc.sections[i] = [entries[i][0], heading.text, blockText(lines, heading.next, end, labels)];
      }
    }
    return doc;
  }

  // The document of `card` (search-index.js found it in its file) with the text of its
  // sections from number `chosen` on: a window of its Markdown copy (a site path) from that
  // section's start, fetched through search-index.js's `load`, which caps it at
  // meta.sectionBytes. When the copy is missing or fails to load, the result shows its title and
  // summary. Resolves to {document, complete}: `complete` is false when the copy failed to
  // load, so the caller does not keep that document and a later query tries it again.
  function documentOf(card, chosen, load) {
    var entries = Array.isArray(card.sections) ? card.sections : [];
    var entry = entries[chosen];
    var start = entry && typeof entry[1] === "number" && entry[1] >= 0 ? Math.floor(entry[1]) : -1;
    var wanted = start >= 0 && typeof card.markdown === "string" && /^\/(?!\/)/.test(card.markdown);
    var copy = wanted ? load(card.markdown, "text", start).catch(function () { return null; }) : Promise.resolve(null);
    return copy.then(function (markdown) {
      return { document: searchDocument(card, chosen, markdown), complete: !wanted || markdown !== null };
    });
  }

  // plainText is here for its tests.
  window.kbpressMarkdown = { plainText: plainText, searchDocument: searchDocument, documentOf: documentOf };
})();
