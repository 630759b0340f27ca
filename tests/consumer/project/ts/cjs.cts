// A strict TypeScript consumer in Node, CommonJS (moduleResolution nodenext).
import vbp = require('vbp-savings');
import type { AnyLeaks } from './types.js';

const report: vbp.EstimateReport = vbp.estimate({ lines: [{ drug: '依折麦布片', quantity: 900, baseline_unit_price: '2.80' }] });
const savings: vbp.DecimalString = report.totals.savings;
const ready: Promise<void> = vbp.init();
const cut: vbp.DecimalString | null = vbp.catalog().batch.average_price_cut.value;
// @ts-expect-error rejected rows carry a line number, not a string
const line: string = report.rejected[0].line;
const noAny: [AnyLeaks<typeof vbp>] extends [never] ? true : false = true;

export = { savings, ready, cut, line, noAny };
