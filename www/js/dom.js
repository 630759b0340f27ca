// Building DOM safely: text is always set as text (never parsed as HTML), so a
// drug named <img src=x onerror=alert(1)> shows as those characters and runs nothing.
import { fitTable } from './fit.js';

/** Creates an element: h('td', { class: 'num' }, 'text', childNode, …). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children (a data table's body filled: the table is fitted to the screen, see fit.js). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  if (el.tagName === 'TBODY' && el.parentElement && el.parentElement.classList.contains('data')) fitTable(el.parentElement);
  else if (el.isConnected && el.tagName !== 'THEAD' && el.tagName !== 'TR') for (const t of el.querySelectorAll('table.data')) fitTable(t);
  return el;
}

/**
 * A form field's error, shown in `box` next to `input` (the field marked invalid and described
 * by the box), or cleared when `text` is null.
 */
export function fieldError(input, box, text) {
  if (text === null) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
    box.hidden = true;
    fill(box);
    return;
  }
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', box.id);
  fill(box, text);
  box.hidden = false;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/** Offers bytes or text to the user as a download (a blob URL on this origin). */
export function download(name, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Makes a table sortable by its header buttons. `columns` = [{ key, label, num, get }];
 * `render(rows)` fills the tbody. Sorting keeps exact decimal strings (compare).
 */
export function sortableHead(table, columns, state, onSort) {
  const tr = h('tr');
  for (const c of columns) {
    const th = h('th', { scope: 'col', class: c.num ? 'num' : undefined });
    if (c.sortable === false) {
      th.textContent = c.label;
    } else {
      const sorted = state.key === c.key;
      th.setAttribute('aria-sort', sorted ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
      th.append(h('button', { type: 'button', class: 'sort', onclick: () => onSort(c.key) }, c.label));
    }
    tr.append(th);
  }
  fill(table.tHead, tr);
}

/**
 * Runs `render` (which may replace form controls) and gives the focus back to the control
 * that had it, found again by its data-key, so typing and tabbing survive a recompute.
 */
export function keepFocus(render) {
  const el = document.activeElement;
  const key = el && el.dataset ? el.dataset.key : undefined;
  const at = key && typeof el.selectionStart === 'number' ? [el.selectionStart, el.selectionEnd] : null;
  render();
  if (!key) return;
  const again = document.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (again && again !== document.activeElement) {
    again.focus();
    if (at && typeof again.setSelectionRange === 'function') {
      try { again.setSelectionRange(at[0], at[1]); } catch { /* not a text control */ }
    }
  }
}
