// The browser build (pkg/web, an ES module) gives the same answers as the Node build. Node cannot
// fetch a file: URL, so the module is handed the .wasm bytes, as a bundler or a page may do.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { PKG, SAMPLE, hengjie } from "./helpers.mjs";

const web = await import(pathToFileURL(join(PKG, "web", "hengjie_wasm.js")).href);
await web.default({ module_or_path: readFileSync(join(PKG, "web", "hengjie_wasm_bg.wasm")) });

const LAYER = {
  jurisdiction: "what-if",
  parameters: { "dibao.standard_monthly": [{ from: "2023-01-01", value: "550" }] },
};

test("the web build gives byte-identical canonical JSON", () => {
  for (const [household, asOf, layer] of [
    [SAMPLE, "2023-06-30", undefined],
    [JSON.stringify(SAMPLE), "2022-01-01", undefined],
    [SAMPLE, "2023-06-30", LAYER],
  ]) {
    assert.equal(web.assessJson(household, asOf, layer), hengjie.assessJson(household, asOf, layer));
  }
  assert.equal(web.assess(SAMPLE, "2023-06-30", LAYER).dibao.monthly_benefit, "133.33"); // (550 × 12 − 5000) / 12
});

test("the web build reports the same errors and throws the same way", () => {
  const bad = { ...SAMPLE, income: { wages: 1200.5 } };
  assert.deepEqual(web.validate(bad, "2023-06-30"), hengjie.validate(bad, "2023-06-30"));
  let caught;
  try {
    web.assess(SAMPLE, "2020-12-31");
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error);
  assert.equal(caught.kind, "parameter");
  assert.equal(caught.errors[0].code, "parameter_undefined");
  assert.deepEqual(web.errorCodes(), hengjie.errorCodes());
  assert.deepEqual(web.params("2023-06-30"), hengjie.params("2023-06-30"));
});
