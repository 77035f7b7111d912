// The self-application form in headless Chromium (make test-browser): served from 127.0.0.1,
// filled like a family would, checked for its decisions, its live errors and its language
// switch; no request may leave the page after it loads. Saves target/demo.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { LAUNCH, serve } from "./server.mjs";

const SCREENSHOT = fileURLToPath(new URL("../../../target/demo.png", import.meta.url));

let server;
let browser;
before(async () => {
  server = await serve();
  browser = await chromium.launch(LAUNCH);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("a household fills in, comes out marginal and dibao-eligible, errors show at the field", async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const requests = [];
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e));
  let loaded = false;
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    requests.push({ url: url.href, afterLoad: loaded });
    if (url.hostname !== "127.0.0.1") return route.abort();
    return route.continue();
  });
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]");
  loaded = true;

  // Defaults: today's date, Chinese, one member whose birth date is still empty.
  const today = await page.inputValue("#as_of");
  assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");

  // A fixed as-of date keeps the expected values stable: 2025-06-30 is inside the transition
  // period (2021–2025), where every default parameter has a value. The default parameters
  // (RULES §14) on that date: dibao.standard_monthly 500 (local, Liuzhou, from 2022-12-01),
  // monitoring.income_line 8000 (illustrative).
  await page.fill("#as_of", "2025-06-30");
  await page.fill('[data-path="/members/0/birth_date"]', "1970-01-01");
  await page.selectOption('[data-path="/members/0/labor_capacity"]', "partial");
  await page.click("#add-member");
  await page.fill('[data-path="/members/1/birth_date"]', "2012-03-01");
  await page.selectOption('[data-path="/members/1/labor_capacity"]', "none");
  await page.selectOption('[data-path="/members/1/schooling/status"]', "enrolled");
  await page.selectOption('[data-path="/members/1/schooling/stage"]', "primary");
  await page.click("#add-member");
  await page.click('.member:nth-child(3) .remove-member'); // add/remove works; two members remain
  assert.equal(await page.locator(".member").count(), 2);
  await page.selectOption("#hh-assets", "true");
  await page.locator("#inc-wages").pressSequentially("6000");

  // n = 2, net = 6000, not alleviated:
  //   monitoring: 6000 < 8000 × 2 = 16000 → income_below_line, no drop or rigid spending → marginal;
  //   dibao: 6000 < 500 × 12 × 2 = 12000 → eligible; benefit = (12000 − 6000) / 12 = 500.00 a month.
  await page.waitForFunction(() => document.querySelector("#dibao-result")?.textContent);
  assert.equal(await page.textContent("#monitoring-category"), "边缘易致贫户");
  assert.equal(await page.textContent("#dibao-result"), "符合条件 · 500.00 元/月");
  const dibao = page.locator('.decision[data-rule="dibao"]');
  assert.match(await dibao.textContent(), /条款 §五\(二\)/);
  // dibao.standard_monthly is a local figure and the gradual-exit months a seed value: no mark;
  // monitoring.income_line of 2025 is illustrative: marked.
  assert.doesNotMatch(await dibao.textContent(), /示例参数/);
  assert.match(await page.locator('.decision[data-rule="monitoring"]').textContent(), /示例参数/);
  //   low-income (RULES §15): dibao-eligible → dibao; monitored → at_risk; housing grade not given.
  //   work relief (§18): P1 is 55 (working age), partial capacity, not employed, low-income → yes.
  assert.equal(await page.textContent("#low-income-result"), "低保对象、易返贫致贫人口");
  assert.equal(await page.textContent("#housing-result"), "未鉴定");
  assert.equal(await page.textContent("#work-relief-result"), "P1 优先；P2 —");
  // P2 (13) becomes an orphan who cannot look after themselves: §17 orphan support of
  // children.orphan_basic_living_monthly = 1200.00 a month; §19 care visits in a dibao-eligible
  // household for a minor without self-care.
  await page.selectOption('[data-path="/members/1/guardianship"]', "orphan");
  await page.uncheck('[data-path="/members/1/self_care_able"]');
  await page.waitForFunction(() => document.querySelector("#children-result")?.textContent.includes("孤儿"));
  assert.equal(await page.textContent("#children-result"), "P1 —；P2 孤儿 · 1200.00 元/月");
  assert.equal(await page.textContent("#care-result"), "P1 —；P2 符合条件");
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);

  // A birth date after today: the Chinese error appears at that field, as typed.
  const birth = page.locator('[data-path="/members/1/birth_date"]');
  const [y, m, d] = today.split("-").map(Number);
  const future = `${y + 1}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  await birth.fill(future);
  await page.waitForSelector('[data-path="/members/1/birth_date"][aria-invalid="true"]');
  const errorId = await birth.getAttribute("aria-describedby");
  const message = await page.textContent(`#${errorId}`);
  assert.match(message, /[\u4e00-\u9fff]/, `a Chinese message: ${message}`);
  assert.match(message, /出生日期/);
  assert.equal(await page.locator('[aria-invalid="true"]').count(), 1);
  assert.equal(await page.locator("#dibao-result").count(), 0, "no decisions while an error stands");

  // English: the same error in English, then the fixed form's decisions in English.
  await page.click("#lang-toggle");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.textContent(`#${errorId}`), /birth/i);
  await birth.fill("2012-03-01");
  await page.waitForFunction(() => document.querySelector("#dibao-result")?.textContent);
  assert.equal(await page.textContent("#dibao-result"), "eligible · 500.00 yuan a month");
  assert.equal(await page.textContent("#monitoring-category"), "marginal household");
  assert.doesNotMatch(await dibao.textContent(), /illustrative parameter/);
  assert.match(await page.locator('.decision[data-rule="monitoring"]').textContent(), /illustrative parameter/);
  assert.equal(await page.textContent("#children-result"), "P1 —; P2 orphan · 1200.00 yuan a month");

  mkdirSync(fileURLToPath(new URL("../../../target/", import.meta.url)), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  assert.deepEqual(requests.filter((r) => r.afterLoad), [], "no request after the page loaded");
  assert.ok(requests.every((r) => r.url.startsWith(server.url)), JSON.stringify(requests));
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test("a phone-sized viewport lays the form out in one column, every field labelled", async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 }, isMobile: true });
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
  assert.equal(overflow, false, "no horizontal scrolling");
  const form = await page.locator("#form").boundingBox();
  const result = await page.locator("#result").boundingBox();
  assert.ok(result.y >= form.y + form.height - 1, "the result panel is below the form");
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select")]
      .filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id));
  assert.deepEqual(unlabelled, []);
  await page.close();
});
