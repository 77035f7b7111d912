// Shared by the test files: the Node build of the package, and reading of vector files.
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, "..", "..");
export const PKG = join(here, "..", "pkg");
export const VECTORS = join(ROOT, "tests", "vectors");

// The `--target nodejs` build is CommonJS.
export const hengjie = createRequire(import.meta.url)(join(PKG, "node", "hengjie_wasm.js"));

export const SAMPLE = {
  id: "HH-1",
  poverty_alleviated: false,
  members: [{ id: "P1", birth_date: "1980-05-01", labor_capacity: "full", medical_insured: true }],
  income: { wages: "5000" },
};

/** Every `*.json` file under `dir`, sorted, as paths relative to `dir`; [] when `dir` is absent. */
export function jsonFiles(dir, prefix = "") {
  let entries;
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch (e) {
    if (e.code === "ENOENT") return [];
    throw e;
  }
  const out = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...jsonFiles(dir, rel));
    else if (entry.name.endsWith(".json")) out.push(rel);
  }
  return out;
}

export function readText(path) {
  return readFileSync(path, "utf8");
}

// ---------------------------------------------------------------------------------------------
// Exact JSON text of a top-level member.
//
// A vector's `input` must reach the binding as the exact bytes of the file: `JSON.parse` would
// turn a money number such as 1200.50 into a float (which the JavaScript binding rightly refuses
// as `invalid_type`), and `JSON.stringify` of the parsed value would rewrite 1200.50 as 1200.5 and
// 12345678901234567890 as 12345678901234567000. So this small scanner walks the JSON text of the
// file, finds the top-level members and returns each one's source slice untouched; the slice is
// what `assessJson`/`validate` receive (as a JSON string, read by the same Rust code as the CLI
// and Python). The scanner only delimits values; `JSON.parse` of the whole file has already
// checked that the text is JSON, and `members()` checks each slice against it.
// ---------------------------------------------------------------------------------------------

const WS = new Set([" ", "\t", "\n", "\r"]);
const SCALAR = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

function skipWs(text, i) {
  while (i < text.length && WS.has(text[i])) i++;
  return i;
}

function fail(i, what) {
  throw new SyntaxError(`vector scanner: ${what} at offset ${i}`);
}

/** The index just past the JSON string starting at `i` (a `"`). */
function scanString(text, i) {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === '"') return j + 1;
  }
  return fail(i, "unterminated string");
}

/** The index just past the JSON value starting at `i`; `onNumber(text)` sees every number token. */
function scanValue(text, i, onNumber) {
  i = skipWs(text, i);
  const c = text[i];
  if (c === '"') return scanString(text, i);
  if (c === "{" || c === "[") {
    const close = c === "{" ? "}" : "]";
    i = skipWs(text, i + 1);
    if (text[i] === close) return i + 1;
    for (;;) {
      if (c === "{") {
        i = skipWs(text, i);
        if (text[i] !== '"') fail(i, "expected a key");
        i = skipWs(text, scanString(text, i));
        if (text[i] !== ":") fail(i, "expected `:`");
        i += 1;
      }
      i = skipWs(text, scanValue(text, i, onNumber));
      if (text[i] === ",") i += 1;
      else if (text[i] === close) return i + 1;
      else fail(i, `expected \`,\` or \`${close}\``);
    }
  }
  SCALAR.lastIndex = i;
  const m = SCALAR.exec(text);
  if (!m) fail(i, "unexpected character");
  if (m[0] !== "true" && m[0] !== "false" && m[0] !== "null") onNumber?.(m[0]);
  return i + m[0].length;
}

/** Map of each top-level member's name to its exact source text. */
export function members(text) {
  const doc = JSON.parse(text);
  const out = new Map();
  let i = skipWs(text, 0);
  if (text[i] !== "{") fail(i, "the vector is not an object");
  i = skipWs(text, i + 1);
  if (text[i] === "}") return out;
  for (;;) {
    const keyEnd = scanString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd));
    i = skipWs(text, keyEnd);
    if (text[i] !== ":") fail(i, "expected `:`");
    const start = skipWs(text, i + 1);
    const end = scanValue(text, start);
    out.set(name, text.slice(start, end)); // a repeated key: the last wins, as in JSON.parse
    i = skipWs(text, end);
    if (text[i] === ",") i = skipWs(text, i + 1);
    else if (text[i] === "}") break;
    else fail(i, "expected `,` or `}`");
  }
  // Guard the scanner itself: each slice must be the value `JSON.parse` saw.
  for (const [name, slice] of out) {
    if (JSON.stringify(JSON.parse(slice)) !== JSON.stringify(doc[name])) {
      fail(0, `member \`${name}\` was not delimited correctly`);
    }
  }
  return out;
}

/**
 * True when the JSON text has the same meaning as a JavaScript object: every number is a safe
 * integer written plainly (no fraction, no exponent, not `-0`) and no string escapes a lone
 * surrogate. Only then may a test also pass `JSON.parse(text)` as an object and expect the very
 * same answer as for the text.
 */
export function objectSafe(text) {
  let safe = !/\\u[dD][89abAB]/.test(text);
  scanValue(text, 0, (n) => {
    if (!/^-?\d+$/.test(n) || n === "-0" || !Number.isSafeInteger(Number(n))) safe = false;
  });
  return safe;
}

// ---------------------------------------------------------------------------------------------
// docs/contract.md#conformance-vectors: `expected` ⊆ actual.
// ---------------------------------------------------------------------------------------------

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const show = (v) => JSON.stringify(v);

/** Differences between `expected` and `actual`: objects by the keys `expected` names, arrays
 * element-wise with equal length, scalars (null included) equal and of the same type. */
export function subsetDiffs(expected, actual, path = "", diffs = []) {
  if (isObject(expected)) {
    if (!isObject(actual)) {
      diffs.push(`${path}: expected an object, got ${show(actual)}`);
      return diffs;
    }
    for (const [k, v] of Object.entries(expected)) {
      if (!Object.hasOwn(actual, k)) diffs.push(`${path}/${k}: missing in output`);
      else subsetDiffs(v, actual[k], `${path}/${k}`, diffs);
    }
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      diffs.push(`${path}: expected ${expected.length} elements, got ${show(actual)}`);
      return diffs;
    }
    expected.forEach((v, i) => subsetDiffs(v, actual[i], `${path}/${i}`, diffs));
  } else if (typeof expected !== typeof actual || expected !== actual) {
    // `typeof` first: "129.96" never matches 129.96.
    diffs.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
  }
  return diffs;
}
