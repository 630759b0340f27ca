// The input view: the editable lines and the rejected rows, side by side.
import { t, currentLang } from './i18n.js';
import { h, fill, $ } from './dom.js';
import { pageOf } from './pager.js';

const EDIT = [
  ['drug', 'col_drug', false],
  ['manufacturer', 'col_manufacturer', false],
  ['unit', 'col_unit', false],
  ['quantity', 'col_quantity', true],
  ['baseline_unit_price', 'col_baseline_price', true],
  ['vbp_unit_price', 'col_vbp_price', true],
];

/**
 * The lines of a CSV report as editable line objects: the cells the engine read
 * (a VBP price only where the file gave one; the category only where the file named one).
 */
export function linesFromReport(report) {
  const label = new Map(report.by_category.map((c) => [c.key, c.zh]));
  return report.lines.map((l) => ({
    line: l.line,
    drug: l.drug,
    manufacturer: l.manufacturer || '',
    unit: l.unit || '',
    quantity: l.quantity,
    baseline_unit_price: l.baseline_unit_price,
    vbp_unit_price: l.price_source === 'input' ? l.vbp_unit_price : '',
    category: l.category.startsWith('text:') ? label.get(l.category) || '' : '',
  }));
}

function sourceInfo(state) {
  const r = state.report;
  if (state.kind === 'csv' && r) {
    return t('source_csv', state.file.name, r.input.encoding, r.input.header_line, r.input.rows);
  }
  if (state.kind === 'stream' && r) {
    const mb = new Intl.NumberFormat(currentLang() === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: 1 }).format(state.stream.size / 1e6);
    return t('source_stream', state.stream.name, mb, r.input.encoding, r.input.header_line, r.input.rows);
  }
  if (state.kind === 'rows' && r) {
    return t('source_sheet', state.sheet.name, state.sheet.sheet, r.input.kind, r.input.header_line, r.input.rows);
  }
  if (state.kind === 'lines' && state.fileName) return t('source_edited', state.fileName);
  if (state.kind === 'lines') return t('source_lines', state.lines.length);
  return '';
}

/** Rejected rows drawn at a time. */
export const REJECTED_PAGE = 100;

const fromFile = (state) => state.kind === 'csv' || state.kind === 'rows' || state.kind === 'stream';

function renderSheetPicker(state) {
  const wb = state.workbook;
  const show = state.kind === 'rows' && wb && wb.sheets.length > 1;
  $('#sheet-pick-label').hidden = !show;
  if (!show) return;
  const sel = $('#sheet-pick');
  fill(sel, wb.sheets.map((s) => h('option', { value: s.name }, s.header_row ? s.name : `${s.name} ${t('sheet_no_header')}`)));
  sel.value = state.sheet.sheet;
}

export function renderInput(state, actions) {
  const lang = currentLang();
  $('#sample-banner').hidden = !state.sample;
  fill($('#source-info'), sourceInfo(state));
  renderSheetPicker(state);

  // problems of the table's own rows, by table row number
  const tableProblems = new Map();
  if (state.kind === 'lines' && state.report) {
    for (const p of state.report.rejected) {
      if (!tableProblems.has(p.line)) tableProblems.set(p.line, []);
      tableProblems.get(p.line).push(p);
    }
  }

  const table = $('#lines-table');
  fill(table.tHead, h('tr', {},
    h('th', { scope: 'col', class: 'num' }, t('col_line')),
    EDIT.map(([, label, num]) => h('th', { scope: 'col', class: num ? 'num' : undefined }, t(label))),
    h('th', { scope: 'col' }, t('col_actions'))));
  const sourceOf = new Map((state.report ? state.report.lines : []).map((l) => [l.line, l.price_source]));
  const rows = state.lines.map((l, i) => {
    const n = fromFile(state) ? l.line : i + 1;
    const problems = tableProblems.get(i + 1) || [];
    const bad = new Set(problems.map((p) => p.field));
    const est = sourceOf.get(n) === 'estimated';
    return h('tr', { class: problems.length ? 'rejected' : est ? 'estimated' : undefined },
      h('td', { class: 'num' }, String(n)),
      EDIT.map(([field, label, num]) => h('td', { class: num ? 'num' : undefined },
        h('input', {
          type: 'text',
          value: l[field] ?? '',
          inputmode: num ? 'decimal' : undefined,
          'aria-label': t('cell_label', n, t(label)),
          'aria-invalid': bad.has(field) ? 'true' : undefined,
          dataset: { field, row: String(i) },
          onchange: (e) => actions.editLine(i, field, e.target.value),
        }))),
      h('td', {}, h('button', { type: 'button', 'aria-label': t('delete_line', n), onclick: () => actions.deleteLine(i) }, t('delete'))));
  });
  fill(table.tBodies[0], rows);
  $('#lines-empty').hidden = state.lines.length > 0;
  fill($('#lines-empty'), state.kind === 'stream' ? t('stream_lines_omitted') : t('lines_empty'));

  // rejected rows: the file's (as the CLI lists them) and the table's
  const fileRows = fromFile(state) && state.report ? state.report.rejected : state.fileRejected;
  const fileName = state.kind === 'csv' ? state.file?.name : state.kind === 'stream' ? state.stream.name : state.kind === 'rows' ? `${state.sheet.name} · ${state.sheet.sheet}` : state.fileName;
  const tableRows = state.kind === 'lines' && state.report ? state.report.rejected : [];
  const rej = $('#rejected-rows');
  fill(rej.tHead, h('tr', {},
    h('th', { scope: 'col' }, t('col_where')),
    h('th', { scope: 'col', class: 'num' }, t('col_line')),
    h('th', { scope: 'col' }, t('col_column')),
    h('th', { scope: 'col' }, t('col_code')),
    h('th', { scope: 'col', class: 'reason' }, t('col_reason')),
    h('th', { scope: 'col' }, t('col_value'))));
  const reason = (p) => (lang === 'en' ? p.message : p.message_zh);
  const fieldName = (f) => (f ? t('field_names')[f] || f : '—');
  // a page at a time: a large file's rejected rows run to 10,000
  const listed = [...fileRows.map((p) => [true, p]), ...tableRows.map((p) => [false, p])];
  const shown = pageOf('rejected-rows', listed, REJECTED_PAGE, state.report, () => renderInput(state, actions));
  fill(rej.tBodies[0], shown.map(([file, p]) => h('tr', {},
    h('td', {}, file ? t('from_file', fileName || '') : t('from_table')),
    h('td', { class: 'num' }, String(p.line)),
    h('td', {}, file && p.column ? t('column_n', p.column, p.header) : fieldName(p.field)),
    h('td', {}, h('code', {}, p.code)),
    h('td', { class: 'reason' }, reason(p)),
    h('td', { class: 'value' }, p.value ?? ''))));
  fill($('#rejected-count'), `(${fileRows.length + tableRows.length})`);
}
