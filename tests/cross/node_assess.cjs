// Reads a JSON array of {kind, input, as_of, params} (input and params as JSON text) on stdin and prints
// a JSON array with, per case, {ok: <canonical JSON text>} or {errors: [...]}, using the Node build.
"use strict";
const path = require("node:path");
const hengjie = require(path.join(__dirname, "../../bindings-wasm/pkg/node/hengjie_wasm.js"));

const cases = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
const out = cases.map(({ kind, input, as_of, params }) => {
  const layer = params === null ? undefined : params;
  try {
    if (kind === "village") return { ok: JSON.stringify(hengjie.assessVillage(input, as_of, layer)) };
    if (kind === "farmland") return { ok: JSON.stringify(hengjie.checkFarmland(input)) };
    return { ok: hengjie.assessJson(input, as_of, layer) };
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    return { errors: e.errors };
  }
});
process.stdout.write(JSON.stringify(out));
