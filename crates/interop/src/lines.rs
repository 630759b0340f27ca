//! Line objects (`estimate({ lines })`) read into the core's line inputs, each with its
//! line number: a string cell as is, a number through `Number#toString` (what a person typed),
//! null or absent as empty; a cell of another type, a key no line has, or a bad `line` number
//! rejects that line (and only that line), naming the field.
//!
//! Two readers with one result. The fast one takes the array's JSON text a piece of 512
//! lines at a time (`JSON.stringify`, whose numbers are `Number#toString`'s) and reads each
//! piece in one pass ([`Scan`]), instead of a dozen calls into JavaScript per line: each
//! line's cells are borrowed from that text (a string is unescaped only when it holds an
//! escape) and handed to a [`LinesSink`] as soon as the line is read: an estimate
//! validates and adds it without copying its text, a session keeps it as a [`LineInput`].
//! Each line's keys are counted against its object (JSON leaves out a key whose value is
//! undefined, a function or a symbol, and such a key must still reject its line when no
//! line has it). A line whose JSON holds a `null` (an explicit null, or `NaN` / `Infinity`,
//! which JSON writes as null), a key JSON left out or a string JSON can't carry (a lone
//! surrogate) is read from its object; an array JSON can't write (a BigInt, a cycle), or
//! whose pieces' JSON is not their elements (a `toJSON` of its class), is read object by
//! object: the slow reader is the reference.

use crate::{cell_value, field_value, unknown_key, unknown_key_error};
use js_sys::{Array, JsString};
use std::borrow::Cow;
use vbp_savings::error::{Error, ErrorCode};
use vbp_savings::estimate::inputs::LinesEstimate;
use vbp_savings::line::{Field, LineCells, LineInput, Problem};
use vbp_savings::values::bytes::find_any3;
use wasm_bindgen::{JsCast, JsValue};

/// A line read: its number, and its input or its problems.
pub type ReadLine = (u64, Result<LineInput, Vec<Problem>>);

/// Where line objects are read into, one line at a time and in order: its number, and its
/// cells (borrowed from the reader: copied only by a sink that keeps them) or its problems.
pub trait LinesSink {
    fn line<C: LineCells + ?Sized>(&mut self, n: u64, cells: Result<&C, Vec<Problem>>);
}

/// An estimate: each line validated and added as it is read, its text not copied.
impl LinesSink for LinesEstimate<'_> {
    fn line<C: LineCells + ?Sized>(&mut self, n: u64, cells: Result<&C, Vec<Problem>>) {
        LinesEstimate::line(self, n, cells);
    }
}

/// The lines kept as inputs (an estimate session keeps them to edit them).
impl LinesSink for Vec<ReadLine> {
    fn line<C: LineCells + ?Sized>(&mut self, n: u64, cells: Result<&C, Vec<Problem>>) {
        self.push((n, cells.map(to_input)));
    }
}

/// A line the object-by-object reader read, into the sink.
fn feed<S: LinesSink>(sink: &mut S, (n, line): ReadLine) {
    match line {
        Ok(input) => sink.line(n, Ok(&input)),
        Err(problems) => sink.line::<LineInput>(n, Err(problems)),
    }
}

fn to_input<C: LineCells + ?Sized>(c: &C) -> LineInput {
    input_of(Field::ALL.map(|f| c.cell(f).map(str::to_string)))
}

/// Reads an array of line objects (see the module docs).
pub fn read_line_objects(lines: &Array) -> Vec<ReadLine> {
    match read_line_objects_into(lines, || Ok::<_, std::convert::Infallible>(Vec::new())) {
        Ok(v) => v,
        Err(e) => match e {},
    }
}

/// Reads an array of line objects into a sink made by `start`, which is called again (a
/// fresh sink) when the fast reader has to start over (see [`read_json_into`]).
pub fn read_line_objects_into<S: LinesSink, E>(
    lines: &Array,
    mut start: impl FnMut() -> Result<S, E>,
) -> Result<S, E> {
    if let Some(sink) = read_json_into(lines, &mut start)? {
        return Ok(sink);
    }
    let mut sink = start()?;
    for (i, v) in lines.iter().enumerate() {
        feed(&mut sink, read_line(&v, i as u64 + 1));
    }
    Ok(sink)
}

/// The fast reader alone: `None` when the array has no JSON text (a BigInt, a cycle).
pub fn read_json(lines: &Array) -> Option<Vec<ReadLine>> {
    match read_json_into(lines, &mut || Ok::<_, std::convert::Infallible>(Vec::new())) {
        Ok(v) => v,
        Err(e) => match e {},
    }
}

/// Lines a piece of the array's JSON text holds: a text of some 40 KB (about 80 bytes a line
/// object), not one string of the whole array (16 MB for 200,000 lines, and as much again in
/// the module's memory).
const PIECE: u32 = 512;

/// The fast reader: the array's JSON text, a piece of [`PIECE`] lines at a time
/// (`JSON.stringify` of `Array.prototype.slice`), each read in one pass, each line handed to
/// the sink as soon as it is read, its text borrowed from the JSON (a string unescaped only
/// when it holds an escape). `Ok(None)` when a piece has no JSON text (a BigInt, a cycle) or
/// JSON that is not that piece's elements (a `toJSON` of the array's class): the array is
/// then read object by object, into a fresh sink.
fn read_json_into<S: LinesSink, E>(
    lines: &Array,
    start: &mut impl FnMut() -> Result<S, E>,
) -> Result<Option<S>, E> {
    let Some(slice) = js_sys::Reflect::get(&Array::new(), &"slice".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return Ok(None);
    };
    let mut sink = start()?;
    let mut walk = Walk {
        lines,
        sink: &mut sink,
        i: 0,
    };
    let len = lines.length();
    while walk.i < len {
        let end = walk.i.saturating_add(PIECE).min(len);
        let piece = js_sys::Reflect::apply(&slice, lines, &Array::of2(&walk.i.into(), &end.into()))
            .ok()
            .and_then(|piece| js_sys::JSON::stringify(&piece).ok())
            .and_then(|t| t.dyn_into::<JsString>().ok())
            .map(String::from);
        match piece {
            Some(text) if walk_json(&mut walk, &text, end).is_ok() => {}
            _ => return Ok(None),
        }
    }
    Ok(Some(sink))
}

/// Reads a piece of the array's JSON text into the sink, element by element, up to the
/// element before `end`. `Err` when the text is not an array of those elements (a `toJSON`)
/// or not the JSON `JSON.stringify` writes (no spaces), or a key can't be unescaped.
fn walk_json<S: LinesSink>(walk: &mut Walk<'_, S>, text: &str, end: u32) -> Result<(), ()> {
    let mut json = Scan { text, at: 0 };
    json.expect(b'[')?;
    if !json.eat(b']') {
        loop {
            if walk.i >= end {
                return Err(());
            }
            let element = json.element()?;
            walk.take(element);
            if json.eat(b']') {
                break;
            }
            json.expect(b',')?;
        }
    }
    if json.at != text.len() || walk.i != end {
        return Err(());
    }
    Ok(())
}

/// A reader of the JSON text `JSON.stringify` writes: valid JSON with no spaces between
/// tokens. It takes the tokens' validity from `JSON.stringify` and checks the structure it
/// walks: one it does not expect is an `Err` (the array is then read object by object).
struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let here = self.peek() == Some(b);
        self.at += usize::from(here);
        here
    }

    fn expect(&mut self, b: u8) -> Result<(), ()> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(())
        }
    }

    /// One element of the array: a line object (its keys read), or anything else (skipped).
    fn element(&mut self) -> Result<Json<'a>, ()> {
        if !self.eat(b'{') {
            self.value()?;
            return Ok(Json::Other);
        }
        let mut line = RawLine::default();
        if self.eat(b'}') {
            return Ok(Json::Line(line));
        }
        loop {
            let key = match self.value()? {
                Value::Text(key) => key_named(key).unwrap_or_else(|| Key::Unknown(key.into())),
                Value::Escaped(json) => {
                    let key: String = serde_json::from_str(json).map_err(|_| ())?;
                    key_named(&key).unwrap_or(Key::Unknown(key))
                }
                _ => return Err(()),
            };
            self.expect(b':')?;
            let value = self.value()?;
            line.has_null |= matches!(value, Value::Null);
            line.keys += 1;
            match key {
                Key::Line => line.line = Some(value),
                Key::Cell(i) => line.cells[i] = Some(value),
                Key::Unknown(key) => {
                    if line.unknown.is_none() {
                        line.unknown = Some(key);
                    }
                }
            }
            if self.eat(b'}') {
                return Ok(Json::Line(line));
            }
            self.expect(b',')?;
        }
    }

    /// A string (its opening quote is next): its text, or its JSON when it holds an escape.
    fn string(&mut self) -> Result<Value<'a>, ()> {
        let b = self.text.as_bytes();
        let from = self.at;
        let mut escaped = false;
        let mut at = from + 1;
        loop {
            match find_any3(b, at, b'"', b'\\', b'"') {
                Some(i) if b[i] == b'"' => {
                    at = i + 1;
                    break;
                }
                // an escape: the byte after the backslash never ends the string
                Some(i) => {
                    escaped = true;
                    at = i + 2;
                }
                None => return Err(()),
            }
        }
        self.at = at;
        Ok(if escaped {
            Value::Escaped(self.text.get(from..at).ok_or(())?)
        } else {
            Value::Text(self.text.get(from + 1..at - 1).ok_or(())?)
        })
    }

    /// Any JSON value: a string, a number, a literal, or an object or array (skipped to its
    /// end, however deep).
    fn value(&mut self) -> Result<Value<'a>, ()> {
        let b = self.text.as_bytes();
        match self.peek() {
            Some(b'"') => self.string(),
            Some(b'{' | b'[') => {
                let mut depth = 0u32;
                loop {
                    match self.peek() {
                        Some(b'"') => {
                            self.string()?;
                            continue;
                        }
                        Some(b'{' | b'[') => depth += 1,
                        Some(b'}' | b']') => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Ok(Value::Other);
                            }
                        }
                        Some(_) => {}
                        None => return Err(()),
                    }
                    self.at += 1;
                }
            }
            Some(first) => {
                // a number or a literal: to the next comma or closing bracket
                let from = self.at;
                let end = find_any3(b, from, b',', b'}', b']').unwrap_or(b.len());
                self.at = end;
                let token = self.text.get(from..end).ok_or(())?;
                Ok(match first {
                    b'-' | b'0'..=b'9' => Value::Number(token),
                    _ if token == "null" => Value::Null,
                    b't' | b'f' => Value::Other,
                    _ => return Err(()),
                })
            }
            None => Err(()),
        }
    }
}

/// A JSON value as [`Scan`] read it.
#[derive(Clone, Copy)]
enum Value<'a> {
    /// A string holding no escape: its text, without the quotes.
    Text(&'a str),
    /// A string holding an escape: its JSON, quotes included.
    Escaped(&'a str),
    /// A number: its text as JavaScript wrote it (`Number#toString`).
    Number(&'a str),
    Null,
    /// A boolean, an object, an array.
    Other,
}

fn key_named(key: &str) -> Option<Key> {
    if key == "line" {
        return Some(Key::Line);
    }
    FIELDS.iter().position(|f| *f == key).map(Key::Cell)
}

struct Walk<'s, S> {
    lines: &'s Array,
    sink: &'s mut S,
    /// The next element's index.
    i: u32,
}

impl<S: LinesSink> Walk<'_, S> {
    fn take(&mut self, json: Json<'_>) {
        let i = self.i;
        self.i += 1;
        let n = u64::from(i) + 1;
        match json {
            Json::Line(l) => {
                // a null (or NaN, Infinity), a key JSON left out (its value undefined, a
                // function, a symbol: the object has more keys than its JSON), a string
                // serde can't unescape: the object itself
                if !l.has_null && l.keys == own_keys(&self.lines.get(i)) {
                    if let Some((n, line)) = l.into_line(n) {
                        match line {
                            Ok(cells) => self.sink.line(n, Ok(&cells)),
                            Err(problems) => self.sink.line::<JsonCells>(n, Err(problems)),
                        }
                        return;
                    }
                }
                self.object(&self.lines.get(i), n);
            }
            Json::Other => {
                self.object(&JsValue::NULL, n);
            }
        }
    }

    fn object(&mut self, obj: &JsValue, n: u64) {
        feed(self.sink, read_line(obj, n));
    }
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
    cells: [Option<Value<'a>>; 12],
    line: Option<Value<'a>>,
    unknown: Option<String>,
    has_null: bool,
    /// How many keys the JSON had: fewer than the object's own keys when JSON left one out.
    keys: u32,
}

/// A line's cells read from its JSON: borrowed from the text, unless a string held an escape.
struct JsonCells<'a>([Option<Cow<'a, str>>; 12]);

impl LineCells for JsonCells<'_> {
    fn cell(&self, f: Field) -> Option<&str> {
        self.0[f as usize].as_deref()
    }
}

/// How many enumerable own keys a line object has (what its JSON would show, were no value
/// undefined, a function or a symbol).
fn own_keys(v: &JsValue) -> u32 {
    v.dyn_ref::<js_sys::Object>()
        .map_or(0, |o| js_sys::Object::keys(o).length())
}

impl<'a> RawLine<'a> {
    /// The line, or `None` when a string in it can't be read from JSON (a lone surrogate).
    fn into_line(self, n: u64) -> Option<(u64, Result<JsonCells<'a>, Vec<Problem>>)> {
        let mut problems = Vec::new();
        let n = match self.line {
            None => n,
            Some(raw) => {
                let text = match scalar(raw) {
                    Ok(t) => t,
                    Err(NotCell::Type) => None,
                    Err(NotCell::Unreadable) => return None,
                };
                match vbp_savings::line::line_number(text.as_deref().unwrap_or("")) {
                    Ok(line) => line,
                    Err(e) => {
                        problems.push(Problem::new(n, Some("line"), text.as_deref(), e));
                        n
                    }
                }
            }
        };
        let mut cells: [Option<Cow<'a, str>>; 12] = Default::default();
        for (i, field) in FIELDS.iter().enumerate() {
            if let Some(raw) = self.cells[i] {
                match scalar(raw) {
                    Ok(v) => cells[i] = v,
                    Err(NotCell::Type) => problems.push(not_a_cell(n, field)),
                    Err(NotCell::Unreadable) => return None,
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
        if problems.is_empty() {
            Some((n, Ok(JsonCells(cells))))
        } else {
            Some((n, Err(problems)))
        }
    }
}

/// Why a JSON value is not read as a cell.
enum NotCell {
    /// A boolean, an object, an array: the line is rejected, naming the field.
    Type,
    /// A string serde can't unescape (a lone surrogate): the cell is read from the object.
    Unreadable,
}

/// A JSON string as its text, a number as JavaScript wrote it, null as absent.
fn scalar(v: Value<'_>) -> Result<Option<Cow<'_, str>>, NotCell> {
    match v {
        Value::Text(t) | Value::Number(t) => Ok(Some(Cow::Borrowed(t))),
        Value::Escaped(json) => serde_json::from_str::<String>(json)
            .map(|s| Some(Cow::Owned(s)))
            .map_err(|_| NotCell::Unreadable),
        Value::Null => Ok(None),
        Value::Other => Err(NotCell::Type),
    }
}

/// A line object's key: a field (its index in [`FIELDS`]), `line`, or one no line has.
enum Key {
    Cell(usize),
    Line,
    Unknown(String),
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
    (n, Ok(input_of(cells)))
}

/// A line input from its cells in [`Field::ALL`] order (which is [`FIELDS`]' order).
fn input_of(cells: [Option<String>; 12]) -> LineInput {
    let [drug, quantity, baseline_unit_price, vbp_unit_price, manufacturer, unit, specification, category, amount, kind, batch, date] =
        cells;
    LineInput {
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
    }
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{scalar, Json, NotCell, Scan, FIELDS, LINE_KEYS};
    use proptest::prelude::*;
    use serde_json::{Map, Value as J};

    /// What [`Scan`] read of one element, checked against serde's reading of the same text.
    fn check_element(scanned: &Json<'_>, element: &J) -> Result<(), TestCaseError> {
        let (line, object) = match (scanned, element) {
            (Json::Line(line), J::Object(object)) => (line, object),
            (Json::Other, J::Object(_)) => return Err(TestCaseError::fail("an object as other")),
            (Json::Line(_), _) => return Err(TestCaseError::fail("not an object as a line")),
            (Json::Other, _) => return Ok(()),
        };
        prop_assert_eq!(line.keys as usize, object.len());
        prop_assert_eq!(line.has_null, object.values().any(J::is_null));
        let cell = |v: Option<super::Value<'_>>, want: Option<&J>| -> Result<(), TestCaseError> {
            match (v.map(scalar), want) {
                (None, None) => {}
                (Some(Ok(Some(text))), Some(J::String(s))) => prop_assert_eq!(&*text, s.as_str()),
                (Some(Ok(Some(text))), Some(J::Number(n))) => {
                    let n = n.to_string();
                    prop_assert_eq!(&*text, n.as_str())
                }
                (Some(Ok(None)), Some(J::Null)) => {}
                (Some(Err(NotCell::Type)), Some(J::Bool(_) | J::Array(_) | J::Object(_))) => {}
                (got, want) => {
                    return Err(TestCaseError::fail(format!(
                        "{:?} read as {:?}",
                        want,
                        got.map(|r| r.map_err(|_| ()))
                    )))
                }
            }
            Ok(())
        };
        for (i, field) in FIELDS.iter().enumerate() {
            cell(line.cells[i], object.get(*field))?;
        }
        cell(line.line, object.get("line"))?;
        let unknown = object.keys().find(|k| !LINE_KEYS.contains(&k.as_str()));
        prop_assert_eq!(line.unknown.as_ref(), unknown);
        Ok(())
    }

    /// The readers index cells by `Field as usize` and build inputs in `Field::ALL` order.
    #[test]
    fn fields_are_in_the_core_order() {
        for (i, f) in vbp_savings::line::Field::ALL.iter().enumerate() {
            assert_eq!(FIELDS[i], f.name());
            assert_eq!(*f as usize, i);
        }
    }

    fn scan_all(text: &str) -> Option<Vec<Json<'_>>> {
        let mut json = Scan { text, at: 0 };
        let mut out = Vec::new();
        json.expect(b'[').ok()?;
        if !json.eat(b']') {
            loop {
                out.push(json.element().ok()?);
                if json.eat(b']') {
                    break;
                }
                json.expect(b',').ok()?;
            }
        }
        (json.at == text.len()).then_some(out)
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(LINE_KEYS.to_vec()).prop_map(str::to_string),
            "[a-z\"\\\\\n\u{1}药,:{}\\[\\]]{0,6}",
        ]
    }

    fn value() -> impl Strategy<Value = J> {
        let leaf = prop_oneof![
            Just(J::Null),
            any::<bool>().prop_map(J::Bool),
            any::<i64>().prop_map(J::from),
            (-1e30f64..1e30).prop_map(J::from),
            "[a-z0-9 \"\\\\\n\t\u{1}\u{2028}药😀,:{}\\[\\]]{0,12}".prop_map(J::String),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(J::Array),
                proptest::collection::vec((key(), inner), 0..4)
                    .prop_map(|kv| J::Object(kv.into_iter().collect::<Map<_, _>>())),
            ]
        })
    }

    fn line() -> impl Strategy<Value = J> {
        proptest::collection::vec((key(), value()), 0..6)
            .prop_map(|kv| J::Object(kv.into_iter().collect::<Map<_, _>>()))
    }

    proptest! {
        #[test]
        fn the_scanner_reads_each_element_as_serde_does(
            elements in proptest::collection::vec(prop_oneof![4 => line(), 1 => value()], 0..8),
        ) {
            // serde_json writes compact JSON as JSON.stringify does (its numbers aside, which
            // the scanner takes as their text)
            let text = serde_json::to_string(&elements).unwrap();
            let scanned = scan_all(&text).expect("the scanner reads compact JSON");
            prop_assert_eq!(scanned.len(), elements.len());
            for (s, e) in scanned.iter().zip(&elements) {
                check_element(s, e)?;
            }
        }
    }

    #[test]
    fn the_scanner_refuses_what_json_stringify_does_not_write() {
        for text in [
            "",
            "{}",
            "[",
            "[1",
            "[1,]x",
            "[{\"a\":1",
            "[{\"a\"1}]",
            "[{1:2}]",
            "[\"abc]",
        ] {
            assert!(scan_all(text).is_none(), "{text:?}");
        }
        assert!(matches!(
            scan_all("[{\"drug\":\"a\\\"b\"}]").as_deref(),
            Some([Json::Line(_)])
        ));
    }
}
