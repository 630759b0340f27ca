// A strict TypeScript consumer in a bundled web app (moduleResolution bundler): the
// browser build's types, with init() taking an optional wasm location.
import init, { initSync, estimate, type EstimateReport, type InitInput } from 'vbp-savings';
import { init as namedInit } from 'vbp-savings';
import type { AnyLeaks } from './types.js';

const where: InitInput = new URL('vbp_savings_bg.wasm', import.meta.url);
await init({ module_or_path: where });
await namedInit();
const report: EstimateReport = estimate({ lines: [{ drug: '甲磺酸仑伐替尼胶囊', quantity: '90', baseline_unit_price: '108' }] });
const shown: string = report.by_drug.map((d) => `${d.drug} ${d.savings}`).join('\n');
// @ts-expect-error init takes a wasm location or nothing, not null
await init(null);
const noAny: [AnyLeaks<typeof import('vbp-savings')>] extends [never] ? true : false = true;
// the plan module: its own init, its types from the core's
import initPlan, { planForEstimate, type Plan } from 'vbp-savings/plan';
await initPlan();
const plan: Plan = planForEstimate(report, {});
const noAnyPlan: [AnyLeaks<typeof import('vbp-savings/plan')>] extends [never] ? true : false = true;
import initBatches, { batches } from 'vbp-savings/batches';
await initBatches();
const batchCount: number = batches().batches.length;
const noAnyBatches: [AnyLeaks<typeof import('vbp-savings/batches')>] extends [never] ? true : false = true;

export { shown, noAny, initSync, plan, noAnyPlan, batchCount, noAnyBatches };
