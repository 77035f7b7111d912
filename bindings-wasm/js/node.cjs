// The package's entry for Node.js `require` (the `node` export condition): the wasm-bindgen
// Node.js build, which instantiates the module synchronously when loaded, with a no-op `init` /
// `initSync` (so code written for the browser build runs unchanged under SSR and test runners),
// `HengjieError` as a runtime class, `isHengjieError` and the lists of allowed words.
"use strict";
const wasm = require("./hengjie_wasm.js");
const enums = require("./enums.cjs");

class HengjieError extends Error {
  constructor(message, kind, errors = []) {
    super(message);
    this.name = "HengjieError";
    this.kind = kind;
    this.errors = errors;
  }

  static [Symbol.hasInstance](value) {
    return isHengjieError(value);
  }
}

function isHengjieError(value) {
  return (
    value instanceof Error && value.name === "HengjieError" && Array.isArray(value.errors)
  );
}

/** Nothing to do in Node.js: the module is ready once loaded. */
async function init() {
  return wasm;
}

function initSync() {
  return wasm;
}

module.exports = { ...wasm, ...enums, HengjieError, isHengjieError, init, initSync, default: init };
