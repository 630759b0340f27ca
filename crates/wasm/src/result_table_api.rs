//! The official result table (中选结果表) as a catalog.

use js_sys::Reflect;
use vbp_savings::catalog::batches;
use vbp_savings::import::result_table::{self, ResultTableOptions};
use vbp_savings::import::{table, CsvText};
use vbp_savings::values::item::ItemKind;
use vbp_savings_interop::{from_js_json, invalid, js_text, read_rows, to_js, to_js_error};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_RESULT_TABLE: &'static str = r#"
export interface ResultTableOptions {
  /** The batch the table is of (7 …): its headline facts go into the catalog. */
  batch?: number | null;
  /** Units per pack you give for rows whose pack quantity can't be read: line → number. */
  pack_quantities?: Record<string, DecimalString | number> | null;
  /** What the table is (a file name), named in every product's source. */
  label?: string | null;
  /** The kind of every row when the table has no kind column (default "drug"). */
  kind?: ItemKind | null;
}

/** One product read from a result table. */
export interface ImportedProduct {
  line: number;
  /** "entry_id#n": the value overrides use. */
  product: string;
  kind: ItemKind;
  generic_name: string;
  dosage_form: string | null;
  specification: string | null;
  packaging: string | null;
  manufacturer: string | null;
  /** The winning price as the table gives it, per `price_unit`. */
  price: DecimalString;
  price_unit: string | null;
  units_per_pack: DecimalString;
  /** The smallest unit (capsule, tablet, vial …, or the word as written). */
  unit: string;
  /** price ÷ units per pack: exact, or to 10 decimal places. */
  unit_price: DecimalString | null;
  pack_quantity_from: "packaging" | "specification" | "given" | "per_unit";
  primary_provinces: string[];
  backup_provinces: string[];
}

export interface ResultTableImport {
  schema: "vbp-savings/result-table@1";
  /** Give this back as `options.catalog` (save it as JSON to reuse it). */
  catalog: CatalogInput;
  products: ImportedProduct[];
  /** Rows whose pack quantity can't be read (`unknown_pack_quantity`): answer with `pack_quantities`. */
  needs_pack_quantity: Problem[];
  rejected: Problem[];
  warnings: Warning[];
  assumptions: Note[];
  input: InputInfo;
}

/**
 * Builds a catalog from a table in the official result-table layout (通用名, 剂型, 规格,
 * 包装, 生产企业, 中选价格, 单位, 主供/备供省份): each row a product with its price per
 * smallest unit = pack price ÷ pack quantity. A row whose pack quantity can't be read is
 * listed in `needs_pack_quantity` and left out until you give it.
 */
export function resultTableCatalog(rows: CellValue[][], options?: ResultTableOptions): ResultTableImport;

/** `resultTableCatalog` for a CSV file's bytes. */
export function resultTableCatalogCsv(bytes: Uint8Array, options?: ResultTableOptions): ResultTableImport;

/** Checks a saved catalog (JSON parsed back into an object) and returns it as the engine reads it. */
export function checkCatalog(catalog: CatalogInput): CatalogInput;
"#;

fn read_rt_options(v: &JsValue) -> Result<ResultTableOptions, JsValue> {
    let mut o = ResultTableOptions::default();
    if v.is_null() || v.is_undefined() {
        return Ok(o);
    }
    if !v.is_object() {
        return Err(invalid(
            "options must be an object".into(),
            "options 必须是对象".into(),
        ));
    }
    let get = |k: &str| Reflect::get(v, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let batch = get("batch");
    if !(batch.is_null() || batch.is_undefined()) {
        let text = vbp_savings_interop::cell_value(&batch)
            .ok()
            .flatten()
            .unwrap_or_default();
        o.batch = Some(batches::batch_number(&text).map_err(to_js_error)?);
    }
    o.label = get("label").as_string();
    o.kind = match get("kind").as_string().as_deref() {
        None => None,
        Some(k) => Some(ItemKind::parse(k).ok_or_else(|| {
            invalid(
                format!("kind '{k}' is neither drug nor consumable"),
                format!("kind“{k}”既不是药品也不是耗材"),
            )
        })?),
    };
    let pq = get("pack_quantities");
    if !(pq.is_null() || pq.is_undefined()) {
        if !pq.is_object() {
            return Err(invalid(
                "pack_quantities must be an object { line: units per pack }".into(),
                "pack_quantities 必须是对象 { 行号: 每包数量 }".into(),
            ));
        }
        for entry in js_sys::Object::entries(&js_sys::Object::from(pq)).iter() {
            let pair = js_sys::Array::from(&entry);
            let k = pair.get(0).as_string().unwrap_or_default();
            let line: u64 = k.trim().parse().map_err(|_| {
                invalid(
                    format!("pack_quantities: '{k}' is not a line number"),
                    format!("pack_quantities：“{k}”不是行号"),
                )
            })?;
            let text = js_text(&pair.get(1)).ok_or_else(|| {
                invalid(
                    format!("pack_quantities: line {line} needs a number"),
                    format!("pack_quantities：第{line}行须为数字"),
                )
            })?;
            o.pack_quantities.insert(line, text);
        }
    }
    Ok(o)
}

/// Builds a catalog from result-table rows (typed in `TS_RESULT_TABLE`).
#[wasm_bindgen(js_name = resultTableCatalog, skip_typescript)]
pub fn result_table_catalog(rows: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let rows = read_rows(&rows)?;
    let o = read_rt_options(&options)?;
    let r = result_table::import_rows(table::numbered_rows(rows), &o).map_err(to_js_error)?;
    to_js(&r)
}

/// Builds a catalog from a result table's CSV bytes (typed in `TS_RESULT_TABLE`).
#[wasm_bindgen(js_name = resultTableCatalogCsv, skip_typescript)]
pub fn result_table_catalog_csv(bytes: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    vbp_savings_interop::use_host_decoders();
    let bytes = vbp_savings_interop::bytes_arg(&bytes, "bytes")?;
    let o = read_rt_options(&options)?;
    let csv = CsvText::decode(&bytes).map_err(to_js_error)?;
    let rows = csv.rows().map(|r| {
        r.map(|row| table::Row {
            line: row.line,
            cells: row.cells,
            quirk: row.quirk,
        })
    });
    let mut r = result_table::import_rows(rows, &o).map_err(to_js_error)?;
    r.input.encoding = Some(csv.encoding.into());
    r.input.delimiter = Some(csv.delimiter_name());
    to_js(&r)
}

/// Checks a saved catalog (typed in `TS_RESULT_TABLE`).
#[wasm_bindgen(js_name = checkCatalog, skip_typescript)]
pub fn check_catalog(catalog: JsValue) -> Result<JsValue, JsValue> {
    let c: vbp_savings::catalog::Catalog = from_js_json(&catalog, "catalog")?;
    c.check().map_err(to_js_error)?;
    to_js(&c)
}
