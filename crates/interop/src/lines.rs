//! Line objects (`estimate({ lines })`) read into the core's line inputs, each with its
//! line number: a string cell as is, a number through `Number#toString` (what a person typed),
//! null or absent as empty; a cell of another type, a key no line has, or a bad `line` number
//! rejects that line (and only that line), naming the field.
//!
//! Two readers with one result. The fast one takes the array's JSON text in one call
//! (`JSON.stringify`, whose numbers are `Number#toString`'s) and reads it with serde, instead
//! of a dozen calls into JavaScript per line. A line whose JSON holds a `null` (an explicit
//! null, or `NaN` / `Infinity`, which JSON writes as null) is read again from its object, and
//! an array JSON can't write (a BigInt, a cycle) is read object by object: the slow reader is
//! the reference.

use crate::{cell_value, field_value, unknown_key, unknown_key_error};
use js_sys::{Array, JsString};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;
use vbp_savings::error::{Error, ErrorCode};
use vbp_savings::line::{LineInput, Problem};
use wasm_bindgen::{JsCast, JsValue};

/// A line read: its number, and its input or its problems.
pub type ReadLine = (u64, Result<LineInput, Vec<Problem>>);

/// Reads an array of line objects (see the module docs).
pub fn read_line_objects(lines: &Array) -> Vec<ReadLine> {
    read_json(lines).unwrap_or_else(|| {
        lines
            .iter()
            .enumerate()
            .map(|(i, v)| read_line(&v, i as u64 + 1))
            .collect()
    })
}

/// The fast reader alone: `None` when the array has no JSON text (a BigInt, a cycle).
pub fn read_json(lines: &Array) -> Option<Vec<ReadLine>> {
    let text: String = js_sys::JSON::stringify(lines)
        .ok()?
        .dyn_into::<JsString>()
        .ok()?
        .into();
    let raw: Vec<&RawValue> = serde_json::from_str(&text).ok()?;
    Some(
        raw.into_iter()
            .enumerate()
            .map(|(i, r)| {
                let n = i as u64 + 1;
                match serde_json::from_str::<Json<'_>>(r.get()) {
                    Ok(Json::Line(l))
                        if !l.has_null && l.keys == own_keys(&lines.get(i as u32)) =>
                    {
                        l.into_line(n)
                    }
                    // a null (or NaN, Infinity), a key JSON left out (its value undefined, a
                    // function, a symbol), or an object serde can't take apart: the object itself
                    Ok(Json::Line(_)) | Err(_) => read_line(&lines.get(i as u32), n),
                    Ok(Json::Other) => read_line(&JsValue::NULL, n),
                }
            })
            .collect(),
    )
}

/// One element of the array: a line object, or anything else. Each lives only while its line
/// is read (never stored in bulk), so the large variant is not boxed (a heap allocation a line).
#[allow(clippy::large_enum_variant)]
enum Json<'a> {
    Line(RawLine<'a>),
    Other,
}

/// A line object's cells as JSON, in [`FIELDS`] order, and what else it held.
#[derive(Default)]
struct RawLine<'a> {
    cells: [Option<&'a RawValue>; 12],
    line: Option<&'a RawValue>,
    unknown: Option<String>,
    has_null: bool,
    /// How many keys the JSON had: fewer than the object's own keys when JSON left one out.
    keys: u32,
}

/// How many enumerable own keys a line object has (what its JSON would show, were no value
/// undefined, a function or a symbol).
fn own_keys(v: &JsValue) -> u32 {
    v.dyn_ref::<js_sys::Object>()
        .map_or(0, |o| js_sys::Object::keys(o).length())
}

impl<'a> RawLine<'a> {
    fn into_line(self, n: u64) -> ReadLine {
        let mut problems = Vec::new();
        let n = match self.line {
            None => n,
            Some(raw) => {
                let text = scalar(raw).ok().flatten();
                match vbp_savings::line::line_number(text.as_deref().unwrap_or("")) {
                    Ok(line) => line,
                    Err(e) => {
                        problems.push(Problem::new(n, Some("line"), text.as_deref(), e));
                        n
                    }
                }
            }
        };
        let mut cells: [Option<String>; 12] = Default::default();
        for (i, field) in FIELDS.iter().enumerate() {
            if let Some(raw) = self.cells[i] {
                match scalar(raw) {
                    Ok(v) => cells[i] = v,
                    Err(()) => problems.push(not_a_cell(n, field)),
                }
            }
        }
        if let Some(key) = self.unknown {
            problems.push(Problem::new(
                n,
                Some(&key),
                None,
                unknown_key_error("line", &key, &LINE_KEYS),
            ));
        }
        finish(n, cells, problems)
    }
}

/// A JSON string as its text, a number as JavaScript wrote it, null as absent; `Err` for
/// anything else (a boolean, an object, an array).
fn scalar(raw: &RawValue) -> Result<Option<String>, ()> {
    let t = raw.get();
    match t.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(t).map(Some).map_err(|_| ()),
        Some(b'-' | b'0'..=b'9') => Ok(Some(t.to_string())),
        Some(b'n') => Ok(None),
        _ => Err(()),
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Json<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a line object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Json<'de>, M::Error> {
                let mut line = RawLine::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let value: &'de RawValue = map.next_value()?;
                    line.has_null |= value.get() == "null";
                    line.keys += 1;
                    if key == "line" {
                        line.line = Some(value);
                    } else if let Some(i) = FIELDS.iter().position(|f| *f == key) {
                        line.cells[i] = Some(value);
                    } else if line.unknown.is_none() {
                        line.unknown = Some(key.into_owned());
                    }
                }
                Ok(Json::Line(line))
            }
            fn visit_seq<S: de::SeqAccess<'de>>(self, mut seq: S) -> Result<Json<'de>, S::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Json::Other)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Json<'de>, E> {
                Ok(Json::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Json<'de>, E> {
                Ok(Json::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Json<'de>, E> {
                Ok(Json::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Json<'de>, E> {
                Ok(Json::Other)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Json<'de>, E> {
                Ok(Json::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Json<'de>, E> {
                Ok(Json::Other)
            }
        }
        d.deserialize_any(V)
    }
}

fn not_a_cell(n: u64, field: &str) -> Problem {
    Problem::new(
        n,
        Some(field),
        None,
        Error::new(
            ErrorCode::InvalidInput,
            format!("{field} must be a string or a number"),
            format!("{field} 必须是字符串或数字"),
        ),
    )
}

fn finish(n: u64, cells: [Option<String>; 12], problems: Vec<Problem>) -> ReadLine {
    if !problems.is_empty() {
        return (n, Err(problems));
    }
    let [drug, quantity, baseline_unit_price, vbp_unit_price, manufacturer, unit, specification, category, amount, kind, batch, date] =
        cells;
    (
        n,
        Ok(LineInput {
            drug,
            quantity,
            baseline_unit_price,
            vbp_unit_price,
            manufacturer,
            unit,
            specification,
            category,
            amount,
            kind,
            batch,
            date,
        }),
    )
}

// ---- the object-by-object reader: the reference ----

const FIELDS: [&str; 12] = [
    "drug",
    "quantity",
    "baseline_unit_price",
    "vbp_unit_price",
    "manufacturer",
    "unit",
    "specification",
    "category",
    "amount",
    "kind",
    "batch",
    "date",
];

/// The keys a line object may have: the fields, and its `line` number.
const LINE_KEYS: [&str; 13] = [
    "drug",
    "quantity",
    "baseline_unit_price",
    "vbp_unit_price",
    "manufacturer",
    "unit",
    "specification",
    "category",
    "amount",
    "kind",
    "batch",
    "date",
    "line",
];

/// A line object's line number: its `line` key when given (read as typed, checked by
/// `line::line_number`), else `n`.
fn line_number(obj: &JsValue, n: u64) -> (u64, bool, Option<Problem>) {
    let v = field_value(obj, "line");
    if v.is_undefined() || v.is_null() {
        return (n, !v.is_undefined(), None);
    }
    let text = cell_value(&v).ok().flatten();
    match vbp_savings::line::line_number(text.as_deref().unwrap_or("")) {
        Ok(line) => (line, true, None),
        Err(e) => (
            n,
            true,
            Some(Problem::new(n, Some("line"), text.as_deref(), e)),
        ),
    }
}

pub fn read_line(obj: &JsValue, n: u64) -> (u64, Result<LineInput, Vec<Problem>>) {
    if !obj.is_object() || Array::is_array(obj) {
        return (
            n,
            Err(vec![Problem::new(
                n,
                None,
                None,
                Error::new(
                    ErrorCode::InvalidInput,
                    "this line is not an object",
                    "该行不是对象",
                ),
            )]),
        );
    }
    let (n, has_line, line_problem) = line_number(obj, n);
    let mut cells: [Option<String>; 12] = Default::default();
    let mut problems: Vec<Problem> = line_problem.into_iter().collect();
    let mut defined = u32::from(has_line);
    for (i, field) in FIELDS.iter().enumerate() {
        let v = field_value(obj, field);
        defined += u32::from(!v.is_undefined());
        match cell_value(&v) {
            Ok(v) => cells[i] = v,
            Err(()) => problems.push(not_a_cell(n, field)),
        }
    }
    // A key this reader does not know (a misspelt or camelCase one: vbpUnitPrice) would
    // be ignored and change the figures silently: the line is rejected instead. Only
    // when the object has more keys than known fields were found are its keys read.
    if own_keys(obj) > defined {
        if let Some(key) = unknown_key(obj, &LINE_KEYS) {
            problems.push(Problem::new(
                n,
                Some(&key),
                None,
                unknown_key_error("line", &key, &LINE_KEYS),
            ));
        }
    }
    finish(n, cells, problems)
}
