// Reads a JSON array of {input, as_of, params} (input and params as JSON text) on stdin and prints
// a JSON array with, per case, {ok: <canonical JSON text>} or {errors: [...]}, using the Node build.
"use strict";
const path = require("node:path");
const hengjie = require(path.join(__dirname, "../../bindings-wasm/pkg/node/hengjie_wasm.js"));

const cases = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
const out = cases.map(({ input, as_of, params }) => {
  try {
    return params === null
      ? { ok: hengjie.assessJson(input, as_of) }
      : { ok: hengjie.assessJson(input, as_of, params) };
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    return { errors: e.errors };
  }
});
process.stdout.write(JSON.stringify(out));
