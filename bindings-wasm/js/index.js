// The package's entry for browsers and bundlers (the `default` export condition): the
// wasm-bindgen web build, with
// - `init` / `initSync` that remember the module is ready, and every function refusing, with a
//   `HengjieError` of kind "not_initialized", to run before it is;
// - `HengjieError` as a runtime class (`e instanceof HengjieError` is true of every error the
//   module throws) and `isHengjieError`;
// - the lists of allowed words of the household input (`LABOR_CAPACITY`, ...), from the schema.
import initWasm, * as wasm from "./hengjie_wasm.js";

export * from "./enums.js";

/** What the functions throw: `kind` and the contract's `errors` list. */
export class HengjieError extends Error {
  constructor(message, kind, errors = []) {
    super(message);
    this.name = "HengjieError";
    this.kind = kind;
    this.errors = errors;
  }

  /** Errors thrown by the WebAssembly module are plain `Error`s named HengjieError: they count. */
  static [Symbol.hasInstance](value) {
    return isHengjieError(value);
  }
}

/** Whether a value is an error thrown by hengjie (a `HengjieError`). */
export function isHengjieError(value) {
  return (
    value instanceof Error && value.name === "HengjieError" && Array.isArray(value.errors)
  );
}

let ready = false;

/** Loads and instantiates the module (fetches `hengjie_wasm_bg.wasm` beside this file unless told). */
export default async function init(input) {
  const out = await initWasm(input);
  ready = true;
  return out;
}

/** Instantiates the module from its bytes or a compiled `WebAssembly.Module`, synchronously. */
export function initSync(module) {
  const out = wasm.initSync(module);
  ready = true;
  return out;
}

function guard(name) {
  const f = wasm[name];
  return function (...args) {
    if (!ready) {
      throw new HengjieError(
        `hengjie is not initialised: await init() (or call initSync) before calling ${name}`,
        "not_initialized",
      );
    }
    return f.apply(this, args);
  };
}

export const applicantSummary = guard("applicantSummary");
export const assess = guard("assess");
export const assessJson = guard("assessJson");
export const assessVillage = guard("assessVillage");
export const checkFarmland = guard("checkFarmland");
export const duties = guard("duties");
export const errorCodes = guard("errorCodes");
export const householdSchema = guard("householdSchema");
export const labels = guard("labels");
export const normalize = guard("normalize");
export const params = guard("params");
export const ruleParams = guard("ruleParams");
export const validate = guard("validate");
export const withLayer = guard("withLayer");
export const Policy = wasm.Policy;
