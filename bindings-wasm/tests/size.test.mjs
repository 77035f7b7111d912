// The browser downloads the module: its gzipped size stays within the budget (300 KiB).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

import { PKG } from "./helpers.mjs";

test("pkg/web's .wasm is at most 300 KiB gzipped", () => {
  const wasm = readFileSync(join(PKG, "web", "hengjie_wasm_bg.wasm"));
  const gz = gzipSync(wasm, { level: 9 }).length;
  assert.ok(gz <= 300 * 1024, `${gz} bytes gzipped`);
});
