// The input tab's editable grid: the user's line objects (state.lines, as the engine's
// readLines gave them, plus edits) in an AG Grid Community grid (www/vendor/grid.js, loaded
// on first use; why this library: docs/grid.md). The grid draws only the rows in view,
// types like a spreadsheet (arrows; Tab moves right; typing replaces the cell; Enter
// commits and moves down; Esc cancels; a block pasted from Excel fills the cells from the
// focused one), sorts and filters. An edit changes the line object in place and tells the
// page (actions.linesEdited); the page recomputes from the lines and the grid then redraws
// only the rows whose marks (refused by the engine, estimated) changed.
// Each editable cell carries data-line (the file's line, or the row's number for typed
// lines) and data-field (the engine's field name). No rule and no arithmetic here.
import { t, currentLang } from './i18n.js';

/** The fields the engine reads that the grid edits: [field, label key, numeric]. */
export const GRID_FIELDS = [
  ['drug', 'col_drug', false],
  ['manufacturer', 'col_manufacturer', false],
  ['specification', 'col_specification', false],
  ['unit', 'col_unit', false],
  ['quantity', 'col_quantity', true],
  ['baseline_unit_price', 'col_baseline_price', true],
  ['vbp_unit_price', 'col_vbp_price', true],
  ['amount', 'col_amount', true],
];

let lib = null; // the promise of the bundled grid library
const library = () => (lib ??= import('../vendor/grid.js').catch((e) => { lib = null; throw e; }));

let api = null;
let shown = { gen: -1, lines: null, lang: null };
let marks = new Map(); // line → { problems: Problem[], estimated: boolean }
let page = null; // { actions } of the last render

/** Marks per line from a report: the rows the engine refused (with their problems) and the estimated ones. */
function marksOf(report) {
  const m = new Map();
  if (!report) return m;
  const at = (line) => {
    let x = m.get(line);
    if (!x) m.set(line, (x = { problems: [], estimated: false }));
    return x;
  };
  for (const p of report.rejected) at(p.line).problems.push(p);
  for (const l of report.lines) if (l.price_source === 'estimated') at(l.line).estimated = true;
  return m;
}

const same = (a, b) => (a ? a.problems.map((p) => p.code + p.field).join() + a.estimated : '') === (b ? b.problems.map((p) => p.code + p.field).join() + b.estimated : '');

const reasonOf = (line) => {
  const m = marks.get(line);
  if (!m || !m.problems.length) return '';
  return m.problems.map((p) => (currentLang() === 'en' ? p.message : p.message_zh)).join('；');
};

/** Orders number-like cells by their value for display sorting only (text after numbers). */
function byNumber(a, b) {
  const x = Number.parseFloat(String(a ?? '').replace(/[¥￥,，\s]/g, ''));
  const y = Number.parseFloat(String(b ?? '').replace(/[¥￥,，\s]/g, ''));
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) - Number.isNaN(y) || String(a ?? '').localeCompare(String(b ?? ''));
  return x - y;
}

/** A cell's content: its text (as text, never HTML), with the cell marked by line and field. */
function cellRenderer(field, label) {
  return (p) => {
    const el = p.eGridCell;
    if (el && p.data) {
      el.dataset.line = String(p.data.line);
      el.dataset.field = field;
      // its name for screen readers and tests: line, column and value (第 3 行 数量：900)
      el.setAttribute('aria-label', `${t('cell_label', p.data.line, t(label))}${currentLang() === 'en' ? ': ' : '：'}${p.value == null ? '' : p.value}`);
    }
    return document.createTextNode(p.value == null ? '' : String(p.value));
  };
}

const refused = (p) => !!p.data && (marks.get(p.data.line)?.problems.length || 0) > 0;
const estimated = (p) => !!p.data && !!marks.get(p.data.line)?.estimated && !refused(p);
/** Every cell of a row carries its row's marks (cell classes are refreshed in place; the row keeps its focus). */
const rowMarks = { rejected: refused, estimated };

/** Column widths: whole drug names at 1280 px, amounts never squeezed. */
const WIDTH = {
  drug: { flex: 2, minWidth: 180 }, manufacturer: { flex: 1.6, minWidth: 140 }, specification: { flex: 1, minWidth: 100 },
  unit: { flex: 0.6, minWidth: 64 }, quantity: { flex: 1, minWidth: 90 }, baseline_unit_price: { flex: 1, minWidth: 100 },
  vbp_unit_price: { flex: 1, minWidth: 100 }, amount: { flex: 1, minWidth: 100 },
};

function columnDefs() {
  const cols = [{
    headerName: t('col_line'), field: 'line', width: 72, editable: false, sortable: true, filter: false,
    comparator: (a, b) => a - b, cellClass: 'num line-no', cellClassRules: rowMarks,
  }];
  for (const [field, label, num] of GRID_FIELDS) {
    cols.push({
      headerName: t(label), field, editable: true, filter: 'agTextColumnFilter',
      ...WIDTH[field],
      cellRenderer: cellRenderer(field, label),
      comparator: num ? byNumber : undefined,
      valueSetter: (p) => {
        // a committed cell is an edit even when its text is the same (as in a spreadsheet)
        const v = p.newValue == null ? '' : String(p.newValue);
        if (v === '') delete p.data[field];
        else p.data[field] = v;
        return true;
      },
      cellClass: num ? 'num' : undefined,
      cellClassRules: { ...rowMarks, bad: (p) => !!p.data && (marks.get(p.data.line)?.problems || []).some((x) => x.field === field) },
    });
  }
  cols.push({
    headerName: t('col_reason'), colId: 'reason', editable: false, flex: 2, minWidth: 160,
    valueGetter: (p) => (p.data ? reasonOf(p.data.line) : ''), cellClass: 'reason', cellClassRules: rowMarks,
  });
  return cols;
}

/** Splits clipboard text as Excel writes it: rows by line breaks, cells by tabs, "quoted" cells may hold either. */
export function parseClipboard(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === '\t') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** Pastes a block at the focused cell: each value into the cell at that offset; rows past the end become new lines. */
function paste(e) {
  if (!api || api.getEditingCells().length) return; // an open editor takes the paste itself
  const focused = api.getFocusedCell();
  if (!focused) return;
  const text = e.clipboardData && e.clipboardData.getData('text/plain');
  if (!text) return;
  e.preventDefault();
  const block = parseClipboard(text);
  const cols = api.getAllDisplayedColumns();
  const c0 = cols.findIndex((c) => c.getColId() === focused.column.getColId());
  const edited = [];
  const extra = [];
  const nodes = [];
  block.forEach((cells, i) => {
    const node = api.getDisplayedRowAtIndex(focused.rowIndex + i);
    const data = node ? node.data : page.actions.newLine();
    if (node) nodes.push(node);
    else extra.push(data);
    cells.forEach((value, j) => {
      const col = cols[c0 + j];
      const field = col && col.getColDef().editable ? col.getColDef().field : null;
      if (!field) return;
      if (value === '') delete data[field];
      else data[field] = value;
    });
    edited.push(data);
  });
  api.refreshCells({ rowNodes: nodes, force: true });
  page.actions.linesEdited(edited, extra);
}

let pasteWired = null;
let escaped = false; // the edit being stopped was cancelled (Esc)

async function create(el, state) {
  const { createGrid, themeQuartz } = await library();
  if (api) api.destroy();
  const theme = themeQuartz.withParams({
    columnBorder: { style: 'solid', width: 1, color: '#c8ccd2' },
    rowBorder: { style: 'solid', width: 1, color: '#c8ccd2' },
    headerColumnBorder: { style: 'solid', width: 1, color: '#c8ccd2' },
    wrapperBorderRadius: 0,
    fontFamily: 'inherit',
    fontSize: 14,
    spacing: 5,
  });
  api = createGrid(el, {
    theme,
    rowData: state.lines,
    columnDefs: columnDefs(),
    getRowId: (p) => String(p.data.line),
    defaultColDef: { sortable: true, resizable: true, suppressHeaderMenuButton: false },
    enterNavigatesVertically: true,
    enterNavigatesVerticallyAfterEdit: true,
    stopEditingWhenCellsLoseFocus: true,
    undoRedoCellEditing: false,
    animateRows: false,
    ensureDomOrder: true,
    localeText: currentLang() === 'en' ? undefined : GRID_ZH,
    onCellValueChanged: (e) => page.actions.linesEdited([e.data], []),
    // a cell committed with the text it had is still an edit (the file becomes edited lines), as in a spreadsheet
    onCellEditingStopped: (e) => { if (!e.valueChanged && !escaped && e.data) page.actions.linesEdited([e.data], []); escaped = false; },
  });
  el.addEventListener('keydown', (e) => { if (e.key === 'Escape') escaped = true; }, { capture: true });
  if (pasteWired !== el) {
    el.addEventListener('paste', paste);
    pasteWired = el;
  }
  document.body.dataset.grid = 'ready';
}

/**
 * Shows state.lines in the grid: a new set of lines (state.linesGen) or a language change
 * builds the grid again; lines added or removed are given to it by id (it keeps the rest);
 * otherwise only the rows whose marks changed are redrawn.
 */
export function renderGrid(el, state, actions) {
  page = { actions };
  const next = marksOf(state.report && state.kind !== 'stream' ? state.report : null);
  const lang = currentLang();
  if (!state.lines.length) {
    marks = next;
    if (api) { api.destroy(); api = null; }
    shown = { gen: -1, lines: null, lang: null };
    el.hidden = true;
    return;
  }
  el.hidden = false;
  if (!api || shown.gen !== state.linesGen || shown.lang !== lang) {
    marks = next;
    shown = { gen: state.linesGen, lines: state.lines, lang };
    document.body.dataset.grid = 'loading';
    create(el, state).catch((e) => actions.status(`${t('engine_failed')}: ${e.message}`, true));
    return;
  }
  const changed = new Set();
  for (const [line, m] of next) if (!same(m, marks.get(line))) changed.add(line);
  for (const [line, m] of marks) if (!same(m, next.get(line))) changed.add(line);
  marks = next;
  if (shown.lines !== state.lines) {
    shown.lines = state.lines;
    api.setGridOption('rowData', state.lines);
  }
  const nodes = [...changed].map((line) => api.getRowNode(String(line))).filter(Boolean);
  if (nodes.length) api.refreshCells({ rowNodes: nodes, force: true });
}

/** Focuses a line's cell (after adding a line): scrolled into view, ready for typing. */
export function focusCell(line, field) {
  if (!api) return;
  const node = api.getRowNode(String(line));
  if (!node || node.rowIndex == null) return;
  api.ensureIndexVisible(node.rowIndex);
  api.setFocusedCell(node.rowIndex, field);
}

/** The line of the focused cell's row, or null. */
export function focusedLine() {
  if (!api) return null;
  const f = api.getFocusedCell();
  const node = f && api.getDisplayedRowAtIndex(f.rowIndex);
  return node ? node.data.line : null;
}

/** The grid's own words in Chinese (filters, sorting, no rows). */
const GRID_ZH = {
  noRowsToShow: '没有数据行', loadingOoo: '加载中…', filterOoo: '筛选…', equals: '等于', notEqual: '不等于',
  contains: '包含', notContains: '不包含', startsWith: '开头是', endsWith: '结尾是', blank: '为空', notBlank: '不为空',
  andCondition: '且', orCondition: '或', applyFilter: '应用', resetFilter: '重置', clearFilter: '清除', cancelFilter: '取消',
  sortAscending: '升序', sortDescending: '降序', ariaSortAscending: '升序', ariaSortDescending: '降序',
  ariaFilterInput: '筛选输入', ariaFilteringOperator: '筛选条件',
};
