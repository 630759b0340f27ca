//! Conversions at the JavaScript boundary (feature `js`), shared by the core module's
//! bindings (`wasm`, feature `wasm`), the plan module (`crates/plan`) and the batches module
//! (`crates/batches`): results cross as JSON text (decimals as strings), errors as `Error`
//! objects with a stable `code` and a Chinese `messageZh`, input objects are read through
//! their JSON text ([`from_js`]), cells (text, or a number through `Number#toString`) and
//! sheets of cells ([`read_rows`]), estimate options ([`read_options`]).
//! No `#[wasm_bindgen]` export lives here, so a module that uses these helpers carries
//! only its own exports.

mod input;
pub mod lines;

pub use input::from_js;

use js_sys::{Array, Reflect};
use serde::Serialize;
use vbp_savings::error::{Error, ErrorCode};
use vbp_savings::estimate::{Estimate, Options};
use wasm_bindgen::prelude::*;

/// Every binding that reads file bytes (CSV text) calls this first — each module is its
/// own WebAssembly instance with its own registration: GB18030/GBK files are then
/// decoded with the host's `TextDecoder` (the WebAssembly build carries no encoding
/// tables). Registering again is a no-op.
pub fn use_host_decoders() {
    vbp_savings::import::decode::set_gb18030_decoder(gb18030_with_text_decoder);
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
    let fail = |e: String| {
        to_js_error(Error::new(
            ErrorCode::InvalidInput,
            format!("could not build the result: {e}"),
            "无法生成结果",
        ))
    };
    let json = serde_json::to_string(value).map_err(|e| fail(e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| fail("JSON".into()))
}

pub fn invalid(en: String, zh: String) -> JsValue {
    to_js_error(Error::new(ErrorCode::InvalidInput, en, zh))
}

/// The JSON text of a JS value (`JSON.stringify`); `None` when it has none (undefined, a
/// function, a BigInt, a cycle). Every object read through serde starts here.
pub(crate) fn json_text(value: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
}

/// An estimate report handed back from JS (as `estimate` returned it; decimals are strings).
pub fn estimate_report(report: &JsValue) -> Result<Estimate, JsValue> {
    let json = json_text(report).ok_or_else(|| {
        invalid(
            "the report is not a JSON value".into(),
            "报告不是 JSON 值".into(),
        )
    })?;
    serde_json::from_str(&json).map_err(|e| {
        let e = shape_error(&e);
        invalid(
            format!("not an estimate report: {e}"),
            format!("不是测算报告：{e}"),
        )
    })
}

/// Reads one cell: string as is, number through `Number.prototype.toString`,
/// null/undefined as absent. Anything else is a row problem.
pub fn cell(obj: &JsValue, field: &'static str) -> Result<Option<String>, &'static str> {
    cell_value(&field_value(obj, field)).map_err(|()| field)
}

/// `obj[field]` (undefined when absent). Field names are interned: the key crosses to JS
/// once, not once per line.
pub fn field_value(obj: &JsValue, field: &'static str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(wasm_bindgen::intern(field))).unwrap_or(JsValue::UNDEFINED)
}

/// A cell's value read as [`cell`] does: `Err(())` when it is neither text, a number nor absent.
/// (The caller names the field in its own error.)
#[allow(clippy::result_unit_err)]
pub fn cell_value(v: &JsValue) -> Result<Option<String>, ()> {
    if v.is_null() || v.is_undefined() {
        Ok(None)
    } else if let Some(s) = js_text(v) {
        Ok(Some(s))
    } else if v.is_bigint() {
        Ok(js_sys::BigInt::from(v.clone())
            .to_string(10)
            .ok()
            .and_then(|s| s.as_string()))
    } else {
        Err(())
    }
}

// Arguments. A binding that took `&str`, `Option<String>` or `&[u8]` would hand a wrong JS
// value (a number, an object, null) to wasm-bindgen's copying glue, which then fails
// inside the module ("memory access out of bounds", no code). The bindings take `JsValue`
// and read it here, so a wrong argument is a `VbpError` with code `invalid_input`.

/// A text argument: a string as is, a number through `Number#toString` (e.g.
/// `roundDisplay(2.345)` reads "2.345"); anything else is an `invalid_input` error.
pub fn text_arg(value: &JsValue, what: &str) -> Result<String, JsValue> {
    opt_text_arg(value, what)?.ok_or_else(|| {
        invalid(
            format!("{what} is missing: expected a string"),
            format!("缺少{what}：应为字符串"),
        )
    })
}

/// An optional text argument: null/undefined give `None`, otherwise as [`text_arg`].
pub fn opt_text_arg(value: &JsValue, what: &str) -> Result<Option<String>, JsValue> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    match js_text(value) {
        Some(s) => Ok(Some(s)),
        None => Err(invalid(
            format!("{what} must be a string, not {}", js_type(value)),
            format!("{what} 必须是字符串，而不是{}", js_type(value)),
        )),
    }
}

/// The language argument of the text and file renderers: `"zh"` (also the default) or `"en"`.
pub fn lang_arg(value: Option<JsValue>) -> Result<vbp_savings::report::text::Lang, JsValue> {
    let text = match value {
        Some(v) => opt_text_arg(&v, "lang")?,
        None => None,
    };
    Ok(vbp_savings::report::text::Lang::parse(
        text.as_deref().unwrap_or("zh"),
    ))
}

/// A file's bytes: a `Uint8Array` (a Node `Buffer` is one), another typed array or
/// `DataView` (its bytes), or an `ArrayBuffer`. Text is refused with a hint, as a string
/// is not the file: its encoding (GBK, UTF-16) is gone.
pub fn bytes_arg(value: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(a) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(a.to_vec());
    }
    if js_sys::ArrayBuffer::is_view(value) {
        // a view from another realm, or of another element type: its bytes
        let number = |k: &str| {
            Reflect::get(value, &k.into())
                .ok()
                .and_then(|v| v.as_f64())
                .map(|n| n as u32)
        };
        if let (Ok(buffer), Some(offset), Some(length)) = (
            Reflect::get(value, &"buffer".into()),
            number("byteOffset"),
            number("byteLength"),
        ) {
            return Ok(js_sys::Uint8Array::new_with_byte_offset_and_length(
                &buffer, offset, length,
            )
            .to_vec());
        }
    }
    if value.is_instance_of::<js_sys::ArrayBuffer>() {
        return Ok(js_sys::Uint8Array::new(value).to_vec());
    }
    if value.is_string() {
        return Err(invalid(
            format!("{what} must be the file's bytes (a Uint8Array), not text: pass what readFileSync(path) or File#arrayBuffer() gives, or new TextEncoder().encode(text)"),
            format!("{what} 必须是文件的字节（Uint8Array），而不是文本：请传入 readFileSync(path) 或 File#arrayBuffer() 的结果，或 new TextEncoder().encode(text)"),
        ));
    }
    Err(invalid(
        format!(
            "{what} must be the file's bytes (a Uint8Array), not {}",
            js_type(value)
        ),
        format!(
            "{what} 必须是文件的字节（Uint8Array），而不是{}",
            js_type(value)
        ),
    ))
}

/// What a wrong argument is, in words: "a number", "null", "an array", "an object" …
fn js_type(value: &JsValue) -> &'static str {
    if value.is_null() {
        "null"
    } else if value.is_undefined() {
        "undefined"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.is_string() {
        "a string"
    } else if Array::is_array(value) {
        "an array"
    } else if value.is_function() {
        "a function"
    } else {
        "an object"
    }
}

// Keys. An object read field by field would ignore a misspelt or camelCase key
// (`vbpUnitPrice` for `vbp_unit_price`) and give other figures without a word; every key
// must be one the reader knows, as serde's deny_unknown_fields does for JSON input.

/// The first own key of `value` that is not in `known`.
pub fn unknown_key(value: &JsValue, known: &[&str]) -> Option<String> {
    if !value.is_object() {
        return None;
    }
    js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .find(|k| !known.contains(&k.as_str()))
}

/// The message for an unknown key of `what`, naming the known key it resembles
/// (`vbpUnitPrice` → `vbp_unit_price`) and the known ones.
pub fn unknown_key_error(what: &str, key: &str, known: &[&str]) -> Error {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let near = known.iter().find(|k| squash(k) == squash(key));
    let (hint, hint_zh) = match near {
        Some(k) => (
            format!(" (did you mean '{k}'?)"),
            format!("（是否应为“{k}”？）"),
        ),
        None => (String::new(), String::new()),
    };
    let list = known.join(", ");
    Error::new(
        ErrorCode::InvalidInput,
        format!("{what}: unknown field '{key}'{hint}; the fields are {list}"),
        format!("{what}：未知字段“{key}”{hint_zh}；可用字段为 {list}"),
    )
}

/// Fails with [`unknown_key_error`] when `value` has a key not in `known`.
pub fn known_keys(value: &JsValue, what: &str, known: &[&str]) -> Result<(), JsValue> {
    match unknown_key(value, known) {
        Some(key) => Err(to_js_error(unknown_key_error(what, &key, known))),
        None => Ok(()),
    }
}

/// A JS value read through `JSON.stringify` into a serde type (decimals as strings).
pub fn from_js_json<T: serde::de::DeserializeOwned>(
    value: &JsValue,
    what: &str,
) -> Result<T, JsValue> {
    let zh = vbp_savings::values::cells::what_zh(what);
    let json = json_text(value).ok_or_else(|| {
        invalid(
            format!("{what} is not a JSON value"),
            format!("{zh}不是 JSON 值"),
        )
    })?;
    // the error keeps serde's position in this JSON text: the CLI maps it back to the
    // user's file (bin/vbp-savings.mjs)
    serde_json::from_str(&json).map_err(|e| {
        invalid(
            format!("{what} has the wrong form: {e}"),
            format!("{zh}格式不对：{e}"),
        )
    })
}

/// A serde error on the JSON text of a JS object, without its position ("at line 1
/// column 898"): that text is this reader's own one-line `JSON.stringify`, not a file
/// the user wrote, so the position would point nowhere. The field it names stays.
pub(crate) fn shape_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&position)
        .map(str::to_string)
        .unwrap_or(text)
}

/// Reads `options.catalog` (a catalog object); `None` when absent.
pub fn read_catalog_option(
    options: &JsValue,
) -> Result<Option<vbp_savings::catalog::Catalog>, JsValue> {
    if !options.is_object() {
        return Ok(None);
    }
    let v = Reflect::get(options, &"catalog".into()).unwrap_or(JsValue::UNDEFINED);
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    // checked where it is used (catalog::given_or_batch7)
    let c: vbp_savings::catalog::Catalog = from_js_json(&v, "catalog")?;
    Ok(Some(c))
}

/// Reads an overrides object `{ "12": "t3#1" }` (line → product).
pub fn read_overrides(v: &JsValue) -> Result<std::collections::BTreeMap<u64, String>, JsValue> {
    let mut out = std::collections::BTreeMap::new();
    if v.is_null() || v.is_undefined() {
        return Ok(out);
    }
    if !v.is_object() || Array::is_array(v) {
        return Err(invalid(
            "overrides must be an object { line: product }".into(),
            "overrides 必须是对象 { 行号: 产品 }".into(),
        ));
    }
    for entry in js_sys::Object::entries(&js_sys::Object::from(v.clone())).iter() {
        let pair = Array::from(&entry);
        let key = pair.get(0).as_string().unwrap_or_default();
        let line: u64 = key.trim().parse().map_err(|_| {
            invalid(
                format!("overrides: '{key}' is not a line number"),
                format!("overrides：“{key}”不是行号"),
            )
        })?;
        let product = pair.get(1).as_string().ok_or_else(|| {
            invalid(
                format!("overrides: the value for line {line} must be a string"),
                format!("overrides：第{line}行的值必须是字符串"),
            )
        })?;
        out.insert(line, product);
    }
    Ok(out)
}

/// A string as is, or a number through `Number#toString` (the decimal a person typed); else `None`.
pub fn js_text(v: &JsValue) -> Option<String> {
    if let Some(s) = v.as_string() {
        Some(s)
    } else if v.as_f64().is_some() {
        // The JS text of the number: no float arithmetic happens here.
        js_sys::Number::from(v.clone())
            .to_string_with_radix(10)
            .ok()
            .and_then(|s| s.as_string())
    } else {
        None
    }
}

/// Reads rows of cells (`CellValue[][]`): text as is, numbers through `Number#toString`,
/// booleans as TRUE/FALSE, null/undefined as empty.
pub fn read_rows(value: &JsValue) -> Result<Vec<Vec<String>>, JsValue> {
    if !Array::is_array(value) {
        return Err(invalid(
            "rows must be an array of arrays of cells".into(),
            "rows 必须是由单元格数组组成的数组".into(),
        ));
    }
    let mut out = Vec::new();
    for (i, row) in Array::from(value).iter().enumerate() {
        if row.is_null() || row.is_undefined() {
            out.push(Vec::new());
            continue;
        }
        if !Array::is_array(&row) {
            return Err(invalid(
                format!("row {} is not an array of cells", i + 1),
                format!("第{}行不是单元格数组", i + 1),
            ));
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

/// The keys of `EstimateOptions`.
pub const OPTION_KEYS: [&str; 4] = ["estimate_cut", "omit_lines", "overrides", "catalog"];

/// Reads estimate options (`EstimateOptions`): the estimate cut, omit_lines, overrides
/// (the catalog is [`read_catalog_option`]'s). Any other key is an error.
pub fn read_options(value: &JsValue) -> Result<Options, JsValue> {
    read_options_with(value, &[])
}

/// As [`read_options`], for a binding whose options also take the keys `extra`.
pub fn read_options_with(value: &JsValue, extra: &[&str]) -> Result<Options, JsValue> {
    if value.is_null() || value.is_undefined() {
        return Ok(Options::default());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(invalid(
            "options must be an object".into(),
            "options 必须是对象".into(),
        ));
    }
    let known: Vec<&str> = OPTION_KEYS.iter().chain(extra).copied().collect();
    known_keys(value, "options", &known)?;
    let estimate_cut = match cell(value, "estimate_cut") {
        Ok(Some(s)) => Some(
            vbp_savings::estimate::parse_cut(&s)
                .map_err(to_js_error)?
                .ok_or_else(|| {
                    invalid("estimate_cut is empty".into(), "estimate_cut 为空".into())
                })?,
        ),
        Ok(None) => None,
        Err(_) => {
            return Err(invalid(
                "estimate_cut must be a decimal string".into(),
                "estimate_cut 必须是小数字符串".into(),
            ))
        }
    };
    let omit = Reflect::get(value, &"omit_lines".into()).unwrap_or(JsValue::UNDEFINED);
    let omit_lines = match omit.as_bool() {
        Some(b) => b,
        None if omit.is_null() || omit.is_undefined() => false,
        None => {
            return Err(invalid(
                "omit_lines must be true or false".into(),
                "omit_lines 必须是 true 或 false".into(),
            ))
        }
    };
    let overrides =
        read_overrides(&Reflect::get(value, &"overrides".into()).unwrap_or(JsValue::UNDEFINED))?;
    let options = Options {
        estimate_cut,
        omit_lines,
        overrides,
    };
    options.validate().map_err(to_js_error)?;
    Ok(options)
}
