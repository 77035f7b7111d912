// Reads JSON Lines households on stdin and prints, per line, the canonical assessment (or the
// error wrapper the CLI prints) using the Node build. Argument: the as-of date.
"use strict";
const path = require("node:path");
const hengjie = require(path.join(__dirname, "../../bindings-wasm/pkg/node/hengjie_wasm.js"));

const asOf = process.argv[2];
const lines = require("node:fs").readFileSync(0, "utf8").split("\n").filter((l) => l.trim() !== "");
const out = lines.map((line) => {
  try {
    return hengjie.assessJson(line, asOf);
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    return JSON.stringify({ household_id: null, errors: e.errors });
  }
});
process.stdout.write(out.join("\n") + "\n");
