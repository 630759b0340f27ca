// vbp-savings/plan for browsers and bundlers: the plan module's web build
// (pkg/web/vbp_savings_plan.js). Import it when supply scenarios, agreed volumes, cycle
// tracking, 结余留用 or sensitivity are first needed, then `await init()`.
export * from '../pkg/web/vbp_savings_plan.js';
export { default, default as init } from '../pkg/web/vbp_savings_plan.js';
