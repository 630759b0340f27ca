//! Conversions at the JavaScript boundary (feature `js`), shared by the core module's
//! bindings (`wasm`, feature `wasm`) and the plan module (`crates/plan`): results cross
//! as JSON text (decimals as strings), errors as `Error` objects with a stable `code` and
//! a Chinese `messageZh`, input objects are read through their JSON text ([`from_js`]).
//! No `#[wasm_bindgen]` export lives here, so a module that uses these helpers carries
//! only its own exports.

mod input;

pub use input::from_js;

use crate::error::{Error, ErrorCode};
use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Every binding that reads file bytes calls this first: GB18030/GBK files are then
/// decoded with the host's `TextDecoder` (the WebAssembly build carries no encoding
/// tables). Registering again is a no-op.
pub fn use_host_decoders() {
    crate::import::decode::set_gb18030_decoder(gb18030_with_text_decoder);
}

fn gb18030_with_text_decoder(bytes: &[u8]) -> Option<String> {
    let decoder = web_sys::TextDecoder::new_with_label("gb18030").ok()?;
    decoder.decode_with_u8_array(bytes).ok()
}

pub fn to_js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&format!("{}: {}", e.code, e.message));
    let _ = Reflect::set(&err, &"code".into(), &e.code.as_str().into());
    let _ = Reflect::set(&err, &"messageZh".into(), &e.message_zh.into());
    err.into()
}

pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let fail = |e: String| to_js_error(Error::new(ErrorCode::InvalidInput, format!("could not build the result: {e}"), "无法生成结果"));
    let json = serde_json::to_string(value).map_err(|e| fail(e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| fail("JSON".into()))
}

pub fn invalid(en: String, zh: String) -> JsValue {
    to_js_error(Error::new(ErrorCode::InvalidInput, en, zh))
}

