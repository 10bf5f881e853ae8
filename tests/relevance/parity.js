// Runs queries through themes/default/static/search-index.js under Node, against a built index
// on disk, for tests/relevance.rs, which compares the order with search::lookup's.
//   node parity.js SEARCH_INDEX_JS SITE_DIR QUERIES_JSON
// Prints, per query, the documents of its hits in order and its suggestion (JSON).
"use strict";
const fs = require("fs");
const path = require("path");
const [script, site, queriesFile] = process.argv.slice(2);

// Just what search-index.js uses of the browser: `window` and `fetch` (files of the site).
global.window = {};
global.fetch = function (url) {
  const file = path.join(site, url.split("?")[0]);
  if (!fs.existsSync(file)) return Promise.resolve({ ok: false, status: 404 });
  const bytes = fs.readFileSync(file);
  return Promise.resolve({
    ok: true,
    status: 200,
    json: () => Promise.resolve(JSON.parse(bytes.toString("utf8"))),
    text: () => Promise.resolve(bytes.toString("utf8")),
    arrayBuffer: () => Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)),
  });
};
require(path.resolve(script));

(async function () {
  const search = window.kbpressSearch;
  await search.loadMeta();
  const out = [];
  for (const query of JSON.parse(fs.readFileSync(queriesFile, "utf8"))) {
    const found = await search.search(query);
    out.push({ hits: found.hits.map((hit) => hit.document), suggestion: found.suggestion });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => {
  process.stderr.write(String(error.stack || error));
  process.exit(1);
});
