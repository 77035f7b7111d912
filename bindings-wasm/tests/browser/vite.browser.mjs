// A consumer's production build (make test-browser): the packed tarball installed into a fresh
// Vite app (npm registry needed; skipped without it), `vite build`, the built page served from
// 127.0.0.1 and run in headless Chromium: one import, `await init()`, validate, assess and the
// applicant's summary, with the .wasm emitted as an asset and served as application/wasm.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { LAUNCH, serve } from "./server.mjs";

const PACKAGE = fileURLToPath(new URL("../../", import.meta.url));
const VITE = process.env.HENGJIE_VITE ?? "vite@7";

let app;
let server;
let browser;
let skip = false;
before(async () => {
  app = mkdtempSync(join(tmpdir(), "hengjie-vite-"));
  const tarball = execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", app], {
    cwd: PACKAGE, encoding: "utf8",
  }).trim().split("\n").pop();
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  try {
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `./${tarball}`, VITE], {
      cwd: app, stdio: "pipe", timeout: 240_000,
    });
  } catch (e) {
    skip = `npm install failed (registry unreachable?): ${String(e.stderr ?? e).slice(0, 200)}`;
    return;
  }
  mkdirSync(join(app, "src"));
  writeFileSync(join(app, "index.html"), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'">
<script type="module" src="/src/main.ts"></script></head><body><pre id="out"></pre></body></html>`);
  writeFileSync(join(app, "src", "main.ts"), `
import init, { validate, assess, applicantSummary, normalize, params, LABOR_CAPACITY, HengjieError } from "hengjie";
import type { FormHousehold } from "hengjie";
await init();
const form: FormHousehold = { id: "自助申请", poverty_alleviated: false,
  members: [{ id: "P1", birth_date: "1980-05-01", labor_capacity: LABOR_CAPACITY[0], medical_insured: true }],
  income: { wages: "５０００元" } };
const h = normalize(form);
const errors = validate(h, "2023-06-30");
const summary = applicantSummary(assess(h, "2023-06-30"), "zh");
let guard = "";
try { assess({ ...h, members: [] }, "2023-06-30"); } catch (e) { guard = e instanceof HengjieError ? e.errors[0].message_zh : "?"; }
const standard = params("2023-06-30").find((p) => p.name === "dibao.standard_monthly")!.value;
document.querySelector("#out")!.textContent = JSON.stringify({ errors, first: summary.items[0], guard, standard });
document.body.dataset.ready = "true";
`);
  execFileSync(join(app, "node_modules", ".bin", "vite"), ["build", "--logLevel", "error"], {
    cwd: app, stdio: "pipe", timeout: 120_000,
  });
  server = await serve(join(app, "dist"));
  browser = await chromium.launch(LAUNCH);
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

test("a Vite production build of a small app runs the packed package in Chromium", async (t) => {
  if (skip) return t.skip(skip);
  const assets = readdirSync(join(app, "dist", "assets"));
  assert.equal(assets.filter((f) => f.endsWith(".wasm")).length, 1, assets.join(" "));
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  const failed = [];
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && failed.push(r.url()));
  let wasmType = null;
  page.on("response", (r) => r.url().endsWith(".wasm") && (wasmType = r.headers()["content-type"]));
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]");
  const out = JSON.parse(await page.textContent("#out"));
  assert.deepEqual(out.errors, []);
  // n = 1, wages 5000 (typed ５０００元) on 2023-06-30, S = dibao.standard_monthly on that date
  // (from the parameter table): (S × 12 − 5000) / 12 a month (S = 440: 23.33; S = 500: 83.33).
  const fen = Math.round((Number(out.standard) * 1200 - 500000) / 12);
  assert.equal(out.first.code, "dibao");
  assert.equal(out.first.amount, `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`);
  assert.equal(out.guard, "请至少填写一位家庭成员。");
  assert.deepEqual(errors, []);
  assert.deepEqual(failed, []);
  assert.equal(wasmType, "application/wasm");
  await page.close();
});
