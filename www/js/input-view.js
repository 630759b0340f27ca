// The input view: the editable lines and the rejected rows, side by side.
import { t, currentLang } from './i18n.js';
import { h, fill, $ } from './dom.js';
import { pageOf } from './pager.js';
import { renderGrid } from './grid-view.js';

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
  // no empty tables: before there is data the lines and rejected rows are not shown
  const data = state.kind !== 'none' || state.lines.length > 0 || state.fileRejected.length > 0;
  $('#tables-pair').hidden = !data;
  $('#sample-banner').hidden = !state.sample;
  fill($('#source-info'), sourceInfo(state));
  renderSheetPicker(state);

  // the lines in the grid (rows the engine refused marked in place, with their reason)
  const grid = $('#lines-grid');
  grid.style.height = `${Math.min(480, 50 + 42 * (state.lines.length + 1))}px`;
  renderGrid(grid, state, actions);
  $('#lines-empty').hidden = state.lines.length > 0;
  $('#delete-line').hidden = state.lines.length === 0;
  fill($('#lines-empty'), state.kind === 'stream' ? t('stream_lines_omitted') : t('lines_empty'));

  // rejected rows: the file's (as the CLI lists them) and the table's
  const fileRows = fromFile(state) && state.report ? state.report.rejected : state.fileRejected;
  // the edited lines' own problems are by file line (or by row for typed lines)
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
  $('#rejected-wrap').hidden = listed.length === 0; // shown before it is filled: a shown table is fitted to the screen
  const shown = pageOf('rejected-rows', listed, REJECTED_PAGE, state.report, () => renderInput(state, actions));
  fill(rej.tBodies[0], shown.map(([file, p]) => h('tr', {},
    h('td', {}, file ? t('from_file', fileName || '') : t('from_table')),
    h('td', { class: 'num' }, String(p.line)),
    h('td', {}, file && p.column ? t('column_n', p.column, p.header) : fieldName(p.field)),
    h('td', {}, h('code', {}, p.code)),
    h('td', { class: 'reason' }, reason(p)),
    h('td', { class: 'value' }, p.value ?? ''))));
  fill($('#rejected-count'), `(${fileRows.length + tableRows.length})`);
  $('#rejected-none').hidden = listed.length > 0;
}
