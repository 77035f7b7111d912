// Latency of `assess` and `validate` for a typical household (examples/households.jsonl, first
// line) in Node and in headless Chromium (the demo page's module): `make bench-wasm`.
// Prints µs per call (median of 7 rounds of N calls each, after a warm-up): wall-clock time, and
// in Node also the process's CPU time, which other jobs on the machine do not inflate.
// `JSON_parse_of_answer` is JavaScript's own `JSON.parse` of the explained answer's text (about
// 26 KB): what building the answer object costs before any rule runs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const household = JSON.parse(readFileSync(`${root}examples/households.jsonl`, "utf8").split("\n")[0]);
const AS_OF = "2023-06-30";
const N = Number(process.env.N ?? 2000);

// Runs in Node and, serialised, in the page: returns µs per call of each function.
function measure(api, household, asOf, n, now = () => performance.now()) {
  const time = (fn) => {
    for (let i = 0; i < Math.min(n, 500); i++) fn();
    const rounds = [];
    for (let r = 0; r < 7; r++) {
      const t0 = now();
      for (let i = 0; i < n; i++) fn();
      rounds.push(((now() - t0) * 1000) / n);
    }
    return rounds.sort((a, b) => a - b)[3];
  };
  const text = JSON.stringify(household);
  // The answer `assess` returns, as text: `JSON.parse` of it alone is the floor of `assess`
  // (the object is made by the engine's own JSON.parse of the same bytes).
  const answer = api.assessJson(household, asOf);
  return {
    assess: time(() => api.assess(household, asOf)),
    assess_explain_off: time(() => api.assess(household, asOf, null, { explain: false })),
    assessJson_text: time(() => api.assessJson(text, asOf)),
    assessJson_object: time(() => api.assessJson(household, asOf)),
    JSON_parse_of_answer: time(() => JSON.parse(answer)),
    validate: time(() => api.validate(household, asOf)),
  };
}

const fmt = (r) => Object.entries(r).map(([k, v]) => `${k} ${v.toFixed(1)} µs`).join(", ");

const node = createRequire(import.meta.url)("../pkg/node/hengjie_wasm.js");
console.log(`node ${process.version}, wall: ${fmt(measure(node, household, AS_OF, N))}`);
// CPU time of this process (user + system): robust when other jobs share the cores.
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
console.log(`node ${process.version}, cpu:  ${fmt(measure(node, household, AS_OF, N, cpuNow))}`);

if (process.env.SKIP_BROWSER !== "1") {
  const { chromium } = await import("playwright-core");
  const { LAUNCH, serve } = await import("../tests/browser/server.mjs");
  const server = await serve();
  const browser = await chromium.launch(LAUNCH);
  try {
    const page = await browser.newPage({ bypassCSP: true }); // the bench evaluates its code
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready=true]");
    const result = await page.evaluate(
      async ([source, h, asOf, n]) => {
        const api = await import("./pkg/hengjie_wasm.js"); // the instance the page initialised
        return (0, eval)(`(${source})`)(api, h, asOf, n);
      },
      [measure.toString(), household, AS_OF, N],
    );
    console.log(`chromium ${browser.version()}, wall: ${fmt(result)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}
