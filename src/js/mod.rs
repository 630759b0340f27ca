//! Conversions at the JavaScript boundary (feature `js`), shared by the core module's
//! bindings (`wasm`, feature `wasm`), the plan module (`crates/plan`) and the batches module
//! (`crates/batches`): results cross as JSON text (decimals as strings), errors as `Error`
//! objects with a stable `code` and a Chinese `messageZh`, input objects are read through
//! their JSON text ([`from_js`]), cells (text, or a number through `Number#toString`) and
//! sheets of cells ([`read_rows`]), estimate options ([`read_options`]).
//! No `#[wasm_bindgen]` export lives here, so a module that uses these helpers carries
//! only its own exports.

mod input;

pub use input::from_js;

use crate::error::{Error, ErrorCode};
use crate::estimate::{Estimate, Options};
use js_sys::{Array, Reflect};
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

/// The JSON text of a JS value (`JSON.stringify`); `None` when it has none (undefined, a
/// function, a BigInt, a cycle). Every object read through serde starts here.
pub(crate) fn json_text(value: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string())
}

/// An estimate report handed back from JS (as `estimate` returned it; decimals are strings).
pub fn estimate_report(report: &JsValue) -> Result<Estimate, JsValue> {
    let json = json_text(report).ok_or_else(|| invalid("the report is not a JSON value".into(), "报告不是 JSON 值".into()))?;
    serde_json::from_str(&json).map_err(|e| invalid(format!("not an estimate report: {e}"), format!("不是测算报告：{e}")))
}

/// Reads one cell: string as is, number through `Number.prototype.toString`,
/// null/undefined as absent. Anything else is a row problem.
pub fn cell(obj: &JsValue, field: &'static str) -> Result<Option<String>, &'static str> {
    // field names are interned: the key crosses to JS once, not once per line
    let v = Reflect::get(obj, &JsValue::from_str(wasm_bindgen::intern(field))).unwrap_or(JsValue::UNDEFINED);
    if v.is_null() || v.is_undefined() {
        Ok(None)
    } else if let Some(s) = v.as_string() {
        Ok(Some(s))
    } else if v.as_f64().is_some() {
        // The JS text of the number: no float arithmetic happens here.
        Ok(js_sys::Number::from(v).to_string_with_radix(10).ok().and_then(|s| s.as_string()))
    } else if v.is_bigint() {
        Ok(js_sys::BigInt::from(v).to_string(10).ok().and_then(|s| s.as_string()))
    } else {
        Err(field)
    }
}

/// A JS value read through `JSON.stringify` into a serde type (decimals as strings).
pub fn from_js_json<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    let json = json_text(value).ok_or_else(|| invalid(format!("{what} is not a JSON value"), format!("{what} 不是 JSON 值")))?;
    serde_json::from_str(&json).map_err(|e| invalid(format!("{what} has the wrong form: {e}"), format!("{what} 格式不对：{e}")))
}

/// Reads `options.catalog` (a catalog object), checked; `None` when absent.
pub fn read_catalog_option(options: &JsValue) -> Result<Option<crate::catalog::Catalog>, JsValue> {
    if !options.is_object() {
        return Ok(None);
    }
    let v = Reflect::get(options, &"catalog".into()).unwrap_or(JsValue::UNDEFINED);
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    let c: crate::catalog::Catalog = from_js_json(&v, "catalog")?;
    crate::result_table::check_catalog(&c).map_err(to_js_error)?;
    Ok(Some(c))
}

/// Reads an overrides object `{ "12": "t3#1" }` (line → product).
pub fn read_overrides(v: &JsValue) -> Result<std::collections::BTreeMap<u64, String>, JsValue> {
    let mut out = std::collections::BTreeMap::new();
    if v.is_null() || v.is_undefined() {
        return Ok(out);
    }
    if !v.is_object() || Array::is_array(v) {
        return Err(invalid("overrides must be an object { line: product }".into(), "overrides 必须是对象 { 行号: 产品 }".into()));
    }
    for entry in js_sys::Object::entries(&js_sys::Object::from(v.clone())).iter() {
        let pair = Array::from(&entry);
        let key = pair.get(0).as_string().unwrap_or_default();
        let line: u64 = key.trim().parse().map_err(|_| invalid(format!("overrides: '{key}' is not a line number"), format!("overrides：“{key}”不是行号")))?;
        let product = pair
            .get(1)
            .as_string()
            .ok_or_else(|| invalid(format!("overrides: the value for line {line} must be a string"), format!("overrides：第{line}行的值必须是字符串")))?;
        out.insert(line, product);
    }
    Ok(out)
}

/// A string as is, or a number through `Number#toString` (the decimal a person typed); else `None`.
pub fn js_text(v: &JsValue) -> Option<String> {
    if let Some(s) = v.as_string() {
        Some(s)
    } else if v.as_f64().is_some() {
        js_sys::Number::from(v.clone()).to_string_with_radix(10).ok().and_then(|s| s.as_string())
    } else {
        None
    }
}

/// Reads rows of cells (`CellValue[][]`): text as is, numbers through `Number#toString`,
/// booleans as TRUE/FALSE, null/undefined as empty.
pub fn read_rows(value: &JsValue) -> Result<Vec<Vec<String>>, JsValue> {
    if !Array::is_array(value) {
        return Err(invalid("rows must be an array of arrays of cells".into(), "rows 必须是由单元格数组组成的数组".into()));
    }
    let mut out = Vec::new();
    for (i, row) in Array::from(value).iter().enumerate() {
        if row.is_null() || row.is_undefined() {
            out.push(Vec::new());
            continue;
        }
        if !Array::is_array(&row) {
            return Err(invalid(format!("row {} is not an array of cells", i + 1), format!("第{}行不是单元格数组", i + 1)));
        }
        let cells = Array::from(&row)
            .iter()
            .map(|v| {
                if let Some(b) = v.as_bool() {
                    if b { "TRUE" } else { "FALSE" }.to_string()
                } else {
                    // text as is; a number as its JS text (no float arithmetic happens here)
                    js_text(&v).unwrap_or_default()
                }
            })
            .collect();
        out.push(cells);
    }
    Ok(out)
}

/// Reads estimate options (`EstimateOptions`): the estimate cut, omit_lines, overrides.
pub fn read_options(value: &JsValue) -> Result<Options, JsValue> {
    if value.is_null() || value.is_undefined() {
        return Ok(Options::default());
    }
    if !value.is_object() {
        return Err(invalid("options must be an object".into(), "options 必须是对象".into()));
    }
    let estimate_cut = match cell(value, "estimate_cut") {
        Ok(Some(s)) => Some(
            crate::number::parse_decimal(&s)
                .map_err(to_js_error)?
                .ok_or_else(|| invalid("estimate_cut is empty".into(), "estimate_cut 为空".into()))?,
        ),
        Ok(None) => None,
        Err(_) => return Err(invalid("estimate_cut must be a decimal string".into(), "estimate_cut 必须是小数字符串".into())),
    };
    let omit_lines = Reflect::get(value, &"omit_lines".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false);
    let overrides = read_overrides(&Reflect::get(value, &"overrides".into()).unwrap_or(JsValue::UNDEFINED))?;
    let options = Options { estimate_cut, omit_lines, overrides };
    options.validate().map_err(to_js_error)?;
    Ok(options)
}

