//! Reading input objects of the supply, volume, cycle, retention and sensitivity
//! bindings: a JS object becomes the core's input struct through its JSON text and
//! serde, numbers are read through their shortest round-trip text
//! ([`vbp_savings::values::cells::Cell`]), and a shape error (an unknown or mistyped key) is an
//! `invalid_input` error naming it.
//!
//! The JSON text is used rather than walking the object with `serde-wasm-bindgen`,
//! whose struct reader looks up only the known keys and so cannot refuse a
//! misspelt one (`primary_failure_shares` would silently read as no failure).

use crate::{json_text, to_js_error};
use serde::de::DeserializeOwned;
use vbp_savings::values::cells::invalid_input;
use wasm_bindgen::prelude::*;

/// Deserialises `value` as `T`; `what` names it in the error.
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(to_js_error(invalid_input(what, "not an object")));
    }
    let json =
        json_text(&value).ok_or_else(|| to_js_error(invalid_input(what, "not a JSON value")))?;
    // the error keeps serde's position in this JSON text: the CLI maps it back to the line
    // and column of the user's file (bin/vbp-savings.mjs)
    serde_json::from_str(&json).map_err(|e| to_js_error(invalid_input(what, e)))
}
