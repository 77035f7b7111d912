// The package's entries (js/, copied into pkg/ by scripts/build.sh): one import works in the
// browser build and in Node.js, `init` is a no-op in Node.js, a function called before `init`
// throws a clear HengjieError, `HengjieError` is a runtime class, the word lists are exported,
// the tarball carries one .wasm, and `exports` lists it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { PKG, SAMPLE } from "./helpers.mjs";

const HERE = join(PKG, "..");
const web = await import(pathToFileURL(join(PKG, "web", "index.js")).href);

test("the browser entry refuses to run before init, then runs; HengjieError is a class", () => {
  let e;
  try {
    web.validate(SAMPLE, "2023-06-30");
  } catch (x) {
    e = x;
  }
  assert.ok(e instanceof web.HengjieError, String(e));
  assert.equal(e.kind, "not_initialized");
  assert.match(e.message, /await init\(\) \(or call initSync\) before calling validate/);
  web.initSync({ module: readFileSync(join(PKG, "web", "hengjie_wasm_bg.wasm")) });
  assert.deepEqual(web.validate(SAMPLE, "2023-06-30"), []);
  let thrown;
  try {
    web.assess({ ...SAMPLE, members: [] }, "2023-06-30");
  } catch (x) {
    thrown = x;
  }
  assert.ok(thrown instanceof web.HengjieError && web.isHengjieError(thrown));
  assert.ok(!(new Error("x") instanceof web.HengjieError));
  assert.deepEqual(web.LABOR_CAPACITY, ["full", "partial", "none"]);
  assert.deepEqual(web.DISABILITY_GRADE, [1, 2, 3, 4]);
  assert.ok(Object.isFrozen(web.HOUSING_GRADE));
});

test("the Node.js entries: import init (a no-op) and require give the same functions", async () => {
  const esm = await import(pathToFileURL(join(PKG, "node", "index.mjs")).href);
  assert.equal(typeof esm.default, "function");
  await esm.default(); // nothing to do, and no error
  assert.deepEqual(esm.validate(SAMPLE, "2023-06-30"), []);
  const cjs = createRequire(import.meta.url)(join(PKG, "node", "index.cjs"));
  assert.equal(cjs.assessJson(SAMPLE, "2023-06-30"), esm.assessJson(SAMPLE, "2023-06-30"));
  assert.deepEqual(esm.MONITORING_CATEGORY, ["unstable_alleviated", "marginal", "sudden_hardship"]);
  assert.equal(esm.labels("zh").rules.education, "教育资助");
  assert.equal(esm.normalize({ income: { wages: "１，２００元" } }).income.wages, "1200");
  const summary = esm.applicantSummary(esm.assess(SAMPLE, "2023-06-30"), "zh");
  assert.equal(summary.items[0].code, "dibao");
  assert.equal(summary.items[0].apply_at[0], "阳和街道办事处");
});

test("the tarball carries one .wasm, listed in exports", () => {
  const pkg = JSON.parse(readFileSync(join(HERE, "package.json"), "utf8"));
  assert.equal(pkg.exports["./hengjie_wasm_bg.wasm"], "./pkg/web/hengjie_wasm_bg.wasm");
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: HERE, encoding: "utf8" }),
  );
  const files = packed.files.map((f) => f.path);
  assert.deepEqual(files.filter((f) => f.endsWith(".wasm")), ["pkg/web/hengjie_wasm_bg.wasm"]);
  for (const entry of ["pkg/web/index.d.ts", "pkg/node/index.d.cts", "pkg/node/index.cjs", "pkg/node/index.mjs", "pkg/web/index.js", "README.md"]) {
    assert.ok(files.includes(entry), entry);
  }
});
