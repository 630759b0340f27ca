// Minimal page: loads the engine and computes one estimate in the browser.
import init, { estimate, estimateCsv, roundDisplay, formatPercent } from './pkg/vbp_savings.js';

const $ = (id) => document.getElementById(id);
const show = (report) => {
  const t = report.totals;
  document.querySelector('[data-testid=total-baseline]').textContent = `¥${roundDisplay(t.baseline_spend)}`;
  document.querySelector('[data-testid=total-vbp]').textContent = `¥${roundDisplay(t.vbp_spend)}`;
  document.querySelector('[data-testid=total-savings]').textContent = `¥${roundDisplay(t.savings)}`;
  document.querySelector('[data-testid=savings-rate]').textContent = formatPercent(t.savings_rate);
  $('status').textContent = `计入 ${report.input.accepted} 行，拒绝 ${report.input.rejected} 行`;
};

await init();
$('status').textContent = '计算引擎已就绪';
$('sample').addEventListener('click', () => {
  show(estimate({ lines: [{ drug: '甲磺酸仑伐替尼胶囊', quantity: '90', baseline_unit_price: '108', vbp_unit_price: '18' }] }));
});
$('file').addEventListener('change', async (ev) => {
  const f = ev.target.files[0];
  if (!f) return;
  try {
    show(estimateCsv(new Uint8Array(await f.arrayBuffer())));
  } catch (e) {
    $('status').textContent = `${e.code}: ${e.messageZh || e.message}`;
  }
});
