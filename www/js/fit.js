// Tables that fit the screen: a table wider than its box is shown as one card per row, each
// cell under its column's name, so that no amount is pushed off screen (a phone, a tablet,
// a long name). Checked when a table's body is filled (dom.js fill), when a tab is shown and
// when the window is resized; a hidden table is checked when it is next shown. Print lays
// tables out as tables (the stacked style is for the screen only).

/** Names each body cell after its column (the card's labels). */
function label(table) {
  const head = table.tHead && table.tHead.rows[0];
  const names = head ? [...head.cells].map((c) => c.textContent.trim()) : [];
  for (const body of table.tBodies) {
    for (const tr of body.rows) {
      [...tr.cells].forEach((c, i) => {
        if (names[i] && tr.cells.length === names.length) c.dataset.label = names[i];
        else delete c.dataset.label;
      });
    }
  }
}

/** Lays a shown table out as a table when it fits its box, else as cards. */
export function fitTable(table) {
  // a table under a hidden element is not laid out: known from the DOM alone, without making
  // the browser lay the page out to find it has no boxes (the page's start fills several)
  if (!table || !table.isConnected || table.closest('[hidden]') || table.getClientRects().length === 0) return;
  const box = table.parentElement;
  label(table);
  table.classList.remove('stacked');
  if (table.offsetWidth > box.clientWidth + 1) table.classList.add('stacked');
  // a box that still scrolls sideways can be reached and scrolled by keyboard
  const scrolls = box.scrollWidth > box.clientWidth + 1;
  if (scrolls && box.classList.contains('table-wrap')) {
    box.tabIndex = 0;
    box.setAttribute('role', 'region');
    const name = table.caption ? table.caption.textContent : (table.closest('section') && table.closest('section').querySelector('h2, h3')?.textContent) || table.id;
    box.setAttribute('aria-label', name.trim());
  } else if (box.getAttribute('role') === 'region') {
    box.removeAttribute('tabindex');
    box.removeAttribute('role');
    box.removeAttribute('aria-label');
  }
}

/** Every shown table, now. */
export function fitTables(root = document) {
  for (const t of root.querySelectorAll('table.data')) fitTable(t);
}

// a table in a note is laid out when the note is opened
document.addEventListener('toggle', (e) => { if (e.target.open) fitTables(e.target); }, true);

let frame = 0;
window.addEventListener('resize', () => {
  if (frame) return;
  frame = requestAnimationFrame(() => { frame = 0; fitTables(); });
});
// print lays tables out at the paper's width: the screen's cards are not used there
const printMedia = window.matchMedia ? window.matchMedia('print') : null;
if (printMedia && printMedia.addEventListener) printMedia.addEventListener('change', () => fitTables());
