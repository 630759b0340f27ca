// What every consumer computes with the installed package, in Node (ESM and CommonJS)
// and in the browser (Vite build, Vite dev server): the same calls on the same inputs,
// so each consumer's result can be compared with the engine's in the test process.
// `vbp` is the package's module object, `plan` its plan module ('vbp-savings/plan'),
// `more` its batches module ('vbp-savings/batches');
// `files` maps a fixture name to its bytes.

export const LINES = [
  { drug: '甲磺酸仑伐替尼胶囊', unit: '粒', quantity: '90', baseline_unit_price: '108', vbp_unit_price: '18' },
  { drug: '甲磺酸仑伐替尼胶囊', unit: '粒', quantity: -30, baseline_unit_price: 108 },
  { drug: '磷酸奥司他韦胶囊', manufacturer: '宜昌东阳光长江药业', quantity: '1000', baseline_unit_price: '¥6.45' },
  { drug: '依折麦布片', manufacturer: '山德士', quantity: '900', baseline_unit_price: '2.80' },
  { drug: '阿司匹林肠溶片', quantity: '100', baseline_unit_price: '0.5' },
  { drug: '坏行', quantity: 'abc', baseline_unit_price: '1' },
  { drug: '注射用美罗培南', quantity: '10', baseline_unit_price: '0' },
];

function attempt(call) {
  try {
    call();
    return { threw: false };
  } catch (e) {
    return { threw: true, isError: e instanceof Error, code: e.code, message: e.message, messageZh: e.messageZh };
  }
}

export function probe(vbp, plan, more, files) {
  const estimate = vbp.estimate({ lines: LINES });
  return {
    version: vbp.version(),
    errorCodes: vbp.errorCodes(),
    estimate,
    estimateWithOptions: vbp.estimate({ lines: LINES, options: { estimate_cut: '0.3', omit_lines: true } }),
    csv: Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, vbp.estimateCsv(bytes)])),
    csvWithOptions: vbp.estimateCsv(files['hospital_gbk.csv'], { estimate_cut: '0.5' }),
    catalog: vbp.catalog(),
    sensitivityModel: plan.sensitivityForEstimate(estimate, { scenarios: [{ id: 'all', primary_failure_share: '0.1' }] }),
    reportZh: vbp.formatReport(estimate),
    reportEn: vbp.formatReport(estimate, 'en'),
    roundDisplay: ['2.345', '-2.345', '0.005', '8100', '0.999'].map((v) => vbp.roundDisplay(v)),
    formatPercent: ['0.845116', '0.48', null].map((v) => vbp.formatPercent(v)),
    errors: {
      emptyCsv: attempt(() => vbp.estimateCsv(new Uint8Array(0))),
      noBaselineColumn: attempt(() => vbp.estimateCsv(new TextEncoder().encode('药品名称,数量\n阿司匹林肠溶片,100\n'))),
      notAnObject: attempt(() => vbp.estimate(42)),
      linesNotArray: attempt(() => vbp.estimate({ lines: 'x' })),
      badCut: attempt(() => vbp.estimate({ lines: [], options: { estimate_cut: '2' } })),
      roundDisplayText: attempt(() => vbp.roundDisplay('abc')),
    },
    planErrors: {
      notAnEstimate: attempt(() => plan.planForEstimate({}, {})),
      unknownKey: attempt(() => plan.agreedVolume({ demand_base: '1000', winners: 1, rate: '0.5' })),
    },
    agreedVolume: plan.agreedVolume({ demand_base: '1000', winners: 1 }),
    batches: more.batches(),
    programme: more.programme({ parts: [{ source: 'b7.csv', batch: 7, rows: [['药品名称', '数量', '集采前单价', '中选单价'], ['甲磺酸仑伐替尼胶囊', '90', '108', '18']] }] }),
    batchesErrors: {
      partsNotArray: attempt(() => more.programme({ parts: 3 })),
      notACatalog: attempt(() => more.checkCatalog({ schema: 'x' })),
    },
    hasInit: typeof vbp.init === 'function' && typeof plan.init === 'function' && typeof more.init === 'function',
  };
}
