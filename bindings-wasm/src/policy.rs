//! `withLayer` and its `Policy` class: the default policy with a deploying office's layer, read
//! once.

use hengjie::{Error, Policy};
use js_sys::JSON;
use wasm_bindgen::prelude::*;

use crate::input::{Options, as_of_date, assess_with, policy_from, village_with};
use crate::thrown::throwable;

/// The default policy with a deploying office's parameter layer (an object or JSON text) read
/// once: assess many households against it without reparsing. Throws a `HengjieError` of kind
/// `"parameter"` for a bad layer.
#[wasm_bindgen(js_name = withLayer, skip_typescript)]
pub fn with_layer(layer: JsValue) -> Result<LayeredPolicy, JsValue> {
    let policy = policy_from(&layer).map_err(|e| throwable(&Error::Parameter(e)))?;
    Ok(LayeredPolicy { policy })
}

/// A policy with a layer, made by `withLayer`; its methods take no layer argument.
#[wasm_bindgen(js_name = Policy, skip_typescript)]
#[derive(Debug)]
pub struct LayeredPolicy {
    policy: Policy,
}

#[wasm_bindgen(js_class = Policy)]
impl LayeredPolicy {
    /// The jurisdiction of the top layer.
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn jurisdiction(&self) -> String {
        self.policy.jurisdiction().to_owned()
    }

    /// Like the free `assess`, with this policy.
    #[wasm_bindgen(skip_typescript)]
    pub fn assess(
        &self,
        household: JsValue,
        as_of: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        JSON::parse(&self.assess_json(household, as_of, options)?)
    }

    /// Like the free `assessJson`, with this policy.
    #[wasm_bindgen(js_name = assessJson, skip_typescript)]
    pub fn assess_json(
        &self,
        household: JsValue,
        as_of: JsValue,
        options: JsValue,
    ) -> Result<String, JsValue> {
        let options = Options::of(&options)?;
        let run = || -> Result<String, Error> {
            let as_of = as_of_date(&as_of).map_err(Error::InvalidInput)?;
            assess_with(&household, as_of, &self.policy, &options)
                .map(|a| hengjie::canonical_json(&a))
        };
        run().map_err(|e| throwable(&e))
    }

    /// Like the free `assessVillage`, with this policy.
    #[wasm_bindgen(js_name = assessVillage, skip_typescript)]
    pub fn assess_village(&self, village: JsValue, as_of: JsValue) -> Result<JsValue, JsValue> {
        let run = || -> Result<String, Error> {
            let as_of = as_of_date(&as_of).map_err(Error::InvalidInput)?;
            village_with(&village, as_of, &self.policy)
        };
        JSON::parse(&run().map_err(|e| throwable(&e))?)
    }

    /// Like the free `params`, with this policy.
    #[wasm_bindgen(skip_typescript)]
    pub fn params(&self, as_of: JsValue) -> Result<JsValue, JsValue> {
        let rows = if as_of.is_undefined() || as_of.is_null() {
            self.policy.rows()
        } else {
            let on = as_of_date(&as_of).map_err(|e| throwable(&Error::InvalidInput(e)))?;
            self.policy
                .rows_on(on)
                .map_err(|e| throwable(&Error::Parameter(e)))?
        };
        let text = serde_json::to_string(&rows)
            .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
        JSON::parse(&text)
    }
}
