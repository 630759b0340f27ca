// What the pharmacist sets on the 供应保障 tab, kept as typed (strings), and turned into
// the engine's inputs (PlanConfig, AgreedVolumeInput, CycleOptions). No rule lives here:
// empty fields are left out so the engine applies its stated defaults.

export const settings = {
  /** drug → { backup_name, backup_price, fallback_price } */
  suppliers: {},
  /**
   * [{ id, name, drug ('' = every drug), share, months, cycle_months, backup_share, probability }].
   * The tab opens with one scenario to read and change (a what-if, every field editable): the
   * primary supplier of every drug fails for 3 months of a 12-month cycle and the backup covers
   * half of it (the engine computes it; no probability given).
   */
  scenarios: [{ id: 'default', name: '', drug: '', share: '', months: '3', cycle_months: '12', backup_share: '0.5', probability: '' }],
  /** drug → { demand_base, winners } */
  volumes: {},
  retention: { fund: '', insured: '', ratio: '', grade: '' },
  /** drug → spending on its non-winning products (非中选产品金额), as typed */
  nonWinning: {},
  /** Base disruption of the tornado: 'auto' (the first scenario over every drug), '' (none) or a scenario id. */
  tornadoBase: 'auto',
  cycle: { drug: '', agreed: '', start: '', end: '', asof: '', file: null },
};

let nextId = 1;
const v = (s) => (s === undefined || s === null ? '' : String(s).trim());

/** A new scenario row with an id and a default name. */
export function newScenario(fields = {}) {
  while (settings.scenarios.some((s) => s.id === `s${nextId}`)) nextId += 1;
  const id = `s${nextId++}`;
  return { id, name: '', drug: '', share: '', months: '', cycle_months: '', backup_share: '', probability: '', ...fields };
}

/** SupplierConfig for each drug of the estimate (fields left empty take the engine's defaults). */
export function supplierConfigs(drugs) {
  return drugs.map((drug) => {
    const s = settings.suppliers[drug] || {};
    const c = { drug };
    const backup = {};
    if (v(s.backup_name)) backup.name = v(s.backup_name);
    if (v(s.backup_price)) backup.unit_price = v(s.backup_price);
    if (Object.keys(backup).length) c.backup = backup;
    if (v(s.fallback_price)) c.fallback_unit_price = v(s.fallback_price);
    return c;
  });
}

/** ScenarioInput of each scenario row, named by the page when the name is empty. */
export function scenarioInputs(defaultName) {
  return settings.scenarios.map((s, i) => {
    const x = { id: s.id, name: v(s.name) || defaultName(i + 1) };
    if (v(s.drug)) x.drugs = [v(s.drug)];
    if (v(s.share)) x.primary_failure_share = v(s.share);
    if (v(s.months)) x.primary_failure_months = v(s.months);
    if (v(s.cycle_months)) x.cycle_months = v(s.cycle_months);
    if (v(s.backup_share)) x.backup_failure_share = v(s.backup_share);
    if (v(s.probability)) x.probability = v(s.probability);
    return x;
  });
}

/** AgreedVolumeInput of a drug's row, or null when the number of winners is not given. */
export function volumeInput(drug) {
  const s = settings.volumes[drug] || {};
  if (!v(s.winners)) return null;
  const x = { drug, winners: v(s.winners) };
  if (v(s.demand_base)) x.demand_base = v(s.demand_base);
  return x;
}

/** Whether any retention input was given. */
export const retentionGiven = () => Object.values(settings.retention).some((x) => v(x));

/** RetentionConfig of the shared inputs (a grade, when chosen, instead of a ratio). */
export function retentionConfig() {
  const r = settings.retention;
  const c = {};
  if (v(r.fund)) c.fund_payment_ratio = v(r.fund);
  if (v(r.insured)) c.insured_share = v(r.insured);
  if (v(r.grade)) c.grade = v(r.grade);
  else if (v(r.ratio)) c.retention_ratio = v(r.ratio);
  const drugs = Object.entries(settings.nonWinning).filter(([, x]) => v(x)).map(([drug, x]) => ({ drug, non_winning_spend: v(x) }));
  if (drugs.length) c.drugs = drugs;
  return c;
}

/** CycleOptions from the cycle fields; `agreed` is the volume to use when the field is empty. */
export function cycleOptions(agreed) {
  const c = settings.cycle;
  const o = { agreed_volume: v(c.agreed) || agreed || '', cycle_end: v(c.end) };
  if (v(c.start)) o.cycle_start = v(c.start);
  if (v(c.asof)) o.as_of = v(c.asof);
  if (v(c.drug)) o.drug = v(c.drug);
  return o;
}

/** The settings as plain JSON (for a saved 方案), without the cycle file's bytes. */
export function exportSettings() {
  const { file, ...cycle } = settings.cycle;
  return JSON.parse(JSON.stringify({ ...settings, cycle: { ...cycle, file: file ? { name: file.name } : null } }));
}

/** Restores settings saved by exportSettings (unknown or malformed parts are ignored). */
export function importSettings(doc) {
  const obj = (x) => (x && typeof x === 'object' && !Array.isArray(x) ? x : {});
  const strs = (x) => Object.fromEntries(Object.entries(obj(x)).filter(([, y]) => typeof y === 'string'));
  const d = obj(doc);
  settings.suppliers = Object.fromEntries(Object.entries(obj(d.suppliers)).map(([k, x]) => [k, strs(x)]));
  settings.scenarios = Array.isArray(d.scenarios) ? d.scenarios.filter((s) => s && typeof s.id === 'string').map((s) => newScenario(strs(s))) : [];
  settings.volumes = Object.fromEntries(Object.entries(obj(d.volumes)).map(([k, x]) => [k, strs(x)]));
  settings.retention = { fund: '', insured: '', ratio: '', grade: '', ...strs(d.retention) };
  settings.nonWinning = strs(d.nonWinning);
  settings.tornadoBase = typeof d.tornadoBase === 'string' ? d.tornadoBase : 'auto';
  settings.cycle = { drug: '', agreed: '', start: '', end: '', asof: '', ...strs(d.cycle), file: null };
}
