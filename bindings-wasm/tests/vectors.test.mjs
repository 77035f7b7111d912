// Runs every conformance vector of tests/vectors/**/*.json (docs/contract.md#conformance-vectors)
// against the Node build, as core/tests/vectors.rs does against the core.
//
// How a vector's `input` reaches the binding: as the exact JSON text of the file, sliced out by
// the scanner in helpers.mjs, never through JSON.parse (a money number such as 1200.50 would
// become a float, which the JavaScript binding refuses) nor JSON.stringify (lossy for decimals
// and big numbers). The text goes to `assessJson`/`validate` as a JSON string, read by the same
// Rust code as the CLI and Python. The `params` layer is passed the same way.
//
// When the input (and layer) text means the same as a JavaScript object (every number a plain
// safe integer, no lone surrogate escapes), each vector is run a second time with
// `JSON.parse(input)` as an object, and must give byte-identical canonical JSON or the same
// error list: the object path of the binding checked over the whole corpus.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";

import { VECTORS, hengjie, jsonFiles, members, objectSafe, readText, subsetDiffs } from "./helpers.mjs";

const files = jsonFiles(VECTORS);

/** `{ok: canonical JSON}` or `{kind, errors}`, whatever assessJson does. */
function outcome(input, asOf, layer) {
  try {
    return { ok: hengjie.assessJson(input, asOf, layer) };
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    return { kind: e.kind, errors: e.errors };
  }
}

/** The error list a vector's `expected_errors` is compared with: the parameter errors of assess
 * (a bad layer, `parameter_undefined`), else the list of validate. */
function errorList(input, asOf, layer) {
  const result = outcome(input, asOf, layer);
  if (result.kind === "parameter") return result.errors;
  return hengjie.validate(input, asOf);
}

const pairs = (list) => [...new Set(list.map((e) => `${e.code} ${JSON.stringify(e.path)}`))].sort();

function runVector(text) {
  const doc = JSON.parse(text);
  const raw = members(text);
  const kind = doc.kind ?? "household";
  // Department comparison reads files; the WASM build has no tables layer. The Rust runner
  // (tables/tests/reconcile_vectors.rs) runs these vectors.
  if (kind === "reconcile") return;
  assert.ok(["household", "village", "farmland"].includes(kind), `unknown kind \`${kind}\``);
  assert.equal(typeof doc.as_of, "string", "as_of is required");
  if (kind !== "household") return runOther(kind, doc, raw);
  assert.ok(raw.has("input"), "input is required");
  const input = raw.get("input");
  const layer = doc.params == null ? undefined : raw.get("params");
  const asObjects = objectSafe(input) && (layer === undefined || objectSafe(layer));
  const inputObject = JSON.parse(input);
  const layerObject = layer === undefined ? undefined : JSON.parse(layer);

  if (Object.hasOwn(doc, "expected_errors")) {
    assert.ok(Array.isArray(doc.expected_errors), "expected_errors must be an array");
    const got = errorList(input, doc.as_of, layer);
    assert.deepEqual(pairs(got), pairs(doc.expected_errors), "error {code, path} sets differ");
    if (asObjects) {
      const again = errorList(inputObject, doc.as_of, layerObject);
      assert.deepEqual(again, got, "object input gave other errors than JSON text input");
    }
    return;
  }
  assert.ok(Object.hasOwn(doc, "expected"), "neither expected nor expected_errors");
  const result = outcome(input, doc.as_of, layer);
  assert.ok("ok" in result, `assess failed: ${JSON.stringify(result)}`);
  const actual = JSON.parse(result.ok);
  const diffs = subsetDiffs(doc.expected, actual);
  assert.deepEqual(diffs, [], `output differs:\n  ${diffs.join("\n  ")}`);
  // `assess` returns the same thing as an object.
  assert.deepEqual(hengjie.assess(input, doc.as_of, layer), actual);
  if (asObjects) {
    assert.equal(
      hengjie.assessJson(inputObject, doc.as_of, layerObject),
      result.ok,
      "object input gave other canonical JSON than JSON text input",
    );
  }
}

/** Villages and farmland projects: the result, or the errors the call throws. */
function runOther(kind, doc, raw) {
  const input = raw.get("input");
  const layer = doc.params == null ? undefined : raw.get("params");
  const call = (document) =>
    kind === "village" ? hengjie.assessVillage(document, doc.as_of, layer) : hengjie.checkFarmland(document);
  let actual;
  try {
    actual = call(input);
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    assert.ok(Object.hasOwn(doc, "expected_errors"), `failed: ${JSON.stringify(e.errors)}`);
    assert.deepEqual(pairs(e.errors), pairs(doc.expected_errors), "error {code, path} sets differ");
    return;
  }
  assert.ok(!Object.hasOwn(doc, "expected_errors"), `expected errors, got ${JSON.stringify(actual)}`);
  const diffs = subsetDiffs(doc.expected, actual);
  assert.deepEqual(diffs, [], `output differs:\n  ${diffs.join("\n  ")}`);
  if (objectSafe(input)) assert.deepEqual(call(JSON.parse(input)), actual, "object input differs from JSON text");
}

test(`conformance vectors under tests/vectors (${files.length} found)`, async (t) => {
  for (const name of files) {
    await t.test(name, () => runVector(readText(join(VECTORS, name))));
  }
});

// The runner's own rules, checked on vectors made here (so they hold even while the corpus is empty).
test("the runner refuses a vector of an unknown kind instead of skipping it", () => {
  const vector = JSON.stringify({ kind: "hamlet", as_of: "2023-06-30", input: {}, expected: {} });
  assert.throws(() => runVector(vector), /unknown kind `hamlet`/);
});

test("the runner checks village vectors", () => {
  const village = { id: "V", clinic: { present: false, standardised: false, qualified_doctors: 0, visit_half_days_per_week: 0 },
    platform_staff: 2, period_start: "2023-01", period_end: "2023-01", job_info_months: ["2023-01"] };
  runVector(JSON.stringify({ kind: "village", as_of: "2023-06-30", input: village, expected: { gaps: ["no_clinic"] } }));
  assert.throws(() =>
    runVector(JSON.stringify({ kind: "village", as_of: "2023-06-30", input: village, expected: { gaps: [] } })));
});

test("the runner passes a vector's money numbers to the binding exactly", () => {
  const vector = `{"as_of": "2023-06-30", "input": {"id": "HH-1", "poverty_alleviated": false,
    "members": [{"id": "P1", "birth_date": "1980-05-01", "labor_capacity": "full", "medical_insured": true}],
    "income": {"wages": 4999.50}}, "expected": {"dibao": {"monthly_benefit": "83.38"}}}`; // (6000 − 4999.50) / 12 = 83.375
  assert.equal(members(vector).get("input").includes("4999.50"), true);
  runVector(vector);
  assert.equal(objectSafe(members(vector).get("input")), false);
});

test("the runner's subset match is type-strict and length-strict", () => {
  assert.deepEqual(subsetDiffs({ a: "1.00" }, { a: "1.00", b: 2 }), []);
  assert.equal(subsetDiffs({ a: "129.96" }, { a: 129.96 }).length, 1);
  assert.equal(subsetDiffs({ a: null }, { a: "0.00" }).length, 1);
  assert.equal(subsetDiffs({ a: [{}] }, { a: [{}, {}] }).length, 1);
  assert.equal(subsetDiffs({ a: {} }, {}).length, 1);
  assert.deepEqual(subsetDiffs({ m: [{ age: 43 }, {}] }, { m: [{ age: 43, x: 1 }, { y: 2 }] }), []);
});

test("the runner fails a vector whose errors differ", () => {
  const vector = JSON.stringify({
    as_of: "2023-06-30",
    input: { id: "HH-1", members: [] },
    expected_errors: [{ code: "missing_field", path: "/poverty_alleviated" }],
  });
  assert.throws(() => runVector(vector), /error \{code, path\} sets differ/);
});
