//! Helpers the wasm-bindgen tests share (included with `#[path]` by `tests/wasm*.rs` and the
//! modules' `crates/*/tests/wasm*.rs`): JSON in, a value at a dotted path out, an error's code.
#![allow(dead_code)]

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// File bytes as JS hands them over (a `Uint8Array`).
pub fn bytes(b: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(b).into()
}

/// A JS string.
pub fn text(t: &str) -> JsValue {
    JsValue::from_str(t)
}

/// A JS value from JSON text.
pub fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

/// The value at a dotted path (`"lines.0.savings"`).
pub fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |acc, k| {
        if let Ok(i) = k.parse::<u32>() {
            Reflect::get(&acc, &JsValue::from(i)).unwrap()
        } else {
            Reflect::get(&acc, &k.into()).unwrap()
        }
    })
}

/// The string at a path (a test failure if it is not a string).
pub fn s(v: &JsValue, path: &str) -> String {
    get(v, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string: {:?}", get(v, path)))
}

/// The number at a path (counts only: amounts are strings).
pub fn n(v: &JsValue, path: &str) -> f64 {
    get(v, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number: {:?}", get(v, path)))
}

/// The length of the array at a path.
pub fn len(v: &JsValue, path: &str) -> u32 {
    Array::from(&get(v, path)).length()
}

/// The stable code of a thrown error (which must be an `Error` object).
pub fn code(e: &JsValue) -> String {
    assert!(
        e.is_instance_of::<js_sys::Error>(),
        "errors are Error objects"
    );
    s(e, "code")
}
