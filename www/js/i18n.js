// Words of the page, in Chinese (default) and English. Rules and figures come from
// the engine; this file only holds labels (more in i18n-more.js, merged below).
import { MORE } from './i18n-more.js';
import { IMPORT_WORDS } from './i18n-import.js';
import { MONITORING_WORDS } from './i18n-monitoring.js';

export const WORDS = {
  zh: {
    skip: '跳到主要内容',
    title: '集采节约测算',
    subtitle: '第七批国家组织药品集中带量采购：本院节约多少？全部计算在本机浏览器内完成，数据不离开本机。',
    sections: '页面分区',
    tab_input: '数据输入', tab_results: '测算结果', tab_scenarios: '方案', tab_catalog: '第七批目录',
    loading: '正在加载…', ready: '请选择本院用量文件，或载入示例数据看看结果。',
    engine_failed: '计算引擎无法加载',
    report_title: '集采节约测算报告', report_date: '生成日期',
    drop_title: '导入本院用量（CSV 或 Excel）',
    drop_hint: '也可以把文件拖到这里。CSV 支持 UTF-8、GBK/GB18030、UTF-16；Excel/WPS/LibreOffice 工作簿（.xlsx、.xls、.ods）按同样规则读取；中文或英文表头均可；表头上方的标题行和末尾的合计行会自动跳过。',
    choose_file: '选择本院用量文件…',
    cols_required_label: '必填列', cols_required: '药品名称、数量、集采前单价',
    cols_optional_label: '可选列', cols_optional: '中选单价（留空则按目录取价，目录中没有的按平均降幅估算）、规格、单位、生产企业、金额（核对用）、批次、治疗类别',
    template_csv: '下载模板（CSV）', template_xlsx: '下载模板（Excel .xlsx）',
    rejected_none: '没有被拒绝的行。', see_input: '查看与修改数据',
    appendix_title: '附录：公式与假设', sources_title: '来源',
    input_note: (where, a, r, review) => `${where}：计入 ${a} 行，拒绝 ${r} 行${review ? `，${review} 行待核对匹配` : ''}。`,
    cut_placeholder: (p) => `默认 ${p}`,
    points: (p) => `${p} 个百分点`,
    load_sample: '载入示例数据',
    sample_hint: '示例：一家虚构医院一年的第七批用量，用于演示；数量和部分集采前单价为虚构，中选价取自目录中有来源的价格或估算。',
    add_line: '添加一行', clear_lines: '清空', estimate_cut: '估算降幅（留空=默认）',
    sample_banner: '这是示例数据：一家虚构医院一年的第七批集采品种采购，数量为虚构的演示数字。集采前单价中，仑伐替尼（¥108/粒）、奥司他韦（¥6.45/粒）、阿法替尼（¥112.3267/片）取目录中有来源的最高有效申报价，其余为虚构的示例价格。中选单价留空：有公开中选价的品种按目录取价（第 3、4 行按盒，按规格“4mg*30粒”取整盒价），没有公开中选价的品种按平均降幅估算并标“估”。第 6 行为退药（负数量）；第 18 行（数量写成“一百”）会被拒绝，用来演示错误行。',
    lines_title: '数据行（可直接修改）',
    lines_empty: '还没有数据：导入文件、载入示例或添加一行。',
    rejected_title: '被拒绝的行',
    rejected_hint: '被拒绝的行不计入任何合计；其余各行照常计算。',
    export_csv: '导出 CSV（Excel）', print_report: '打印 A4 报告',
    results_empty: '还没有结果：先在“数据输入”中导入文件或载入示例。',
    totals_title: '合计',
    baseline_spend: '集采前金额', vbp_spend: '集采后金额', savings: '节约额', savings_rate: '节约率',
    how: '公式与假设',
    cut_title: '与公布的平均降幅对比',
    charts_title: '图表', save_image: '保存为图片',
    by_category: '按治疗类别', by_drug: '按药品', by_line: '明细（每行的取价依据）',
    estimated_legend: '标“估”的药品至少有一行没有已知中选价，按平均降幅估算。',
    warnings: '提示', formulas_assumptions: '公式与假设', formulas: '公式', assumptions: '假设',
    scenarios_title: '方案：保存、打开、对比',
    scenarios_hint: '方案只保存在本浏览器（localStorage）中，不会上传。',
    scenario_name: '方案名称', save_scenario: '保存当前数据为方案', import_scenario: '导入方案 JSON…',
    scenarios_empty: '还没有保存的方案。',
    scenario_a: '方案 A', scenario_b: '方案 B', compare: '对比',
    search_label: '搜索药品（中文名、拼音首字母如 lftn、英文名）',
    footer: '精确十进制计算（Rust + WebAssembly），离线运行，不向任何外部地址发送数据。',
    // dynamic
    lang_toggle: 'English', lang_toggle_aria: 'Switch to English',
    col_line: '行', col_drug: '药品名称', col_manufacturer: '生产企业', col_unit: '单位', col_quantity: '数量',
    col_baseline_price: '集采前单价', col_vbp_price: '中选单价（可空）', col_actions: '操作',
    col_column: '列', col_code: '代码', col_reason: '原因', col_value: '原值', col_where: '来源',
    delete: '删除', delete_line: (n) => `删除第 ${n} 行`,
    line_pager: '各行：翻页', col_specification: '规格', col_amount: '金额（核对用）', delete_focused: '删除所选行',
    delete_pick: '先点一下要删除的行中的任一单元格', deleted_line: (n) => `已删除第 ${n} 行`,
    grid_hint: '像 Excel 一样：方向键移动，Tab 右移，直接输入即替换，Enter 确认并下移，Esc 取消；可从 Excel 粘贴一块单元格。被拒绝的行标红并写明原因。',
    cell_label: (n, f) => `第 ${n} 行 ${f}`,
    col_category: '治疗类别', col_drugs: '药品数', col_baseline: '集采前金额', col_vbp: '集采后金额',
    col_savings: '节约额', col_rate: '节约率', col_estimated_savings: '其中估算节约', col_source: '取价',
    col_basis: '取价依据', col_vbp_unit: '中选单价', col_scope: '范围', col_simple: '简单平均', col_weighted: '金额加权',
    scope_headline: '公布的本批平均降幅', scope_all: '全部药品', scope_known: '仅已知价格的药品',
    src_input: '输入', src_catalog: '目录', src_estimated: '估算',
    est_badge: '估', est_badge_title: '含估算价格',
    from_file: (name) => `文件 ${name}`, from_table: '表格',
    column_n: (n, h) => (h ? `第 ${n} 列（${h}）` : `第 ${n} 列`),
    field_names: { drug: '药品名称', quantity: '数量', baseline_unit_price: '集采前单价', vbp_unit_price: '中选单价', manufacturer: '生产企业', unit: '单位', amount: '金额', specification: '规格', category: '治疗类别' },
    counted: (a, r) => `计入 ${a} 行，拒绝 ${r} 行`,
    source_csv: (name, enc, header, rows) => `来自文件“${name}”：编码 ${enc}，表头在第 ${header} 行，共 ${rows} 行数据。`,
    source_edited: (name) => `已根据文件“${name}”修改：文件的每一列（含规格、单位、金额）和行号都保留，只改您改过的单元格；文件中不是数据行的行（如合计行）仍列在“被拒绝的行”中（未计入）。`,
    source_lines: (n) => `手工输入的 ${n} 行。`,
    estimated_note: (n, s) => `其中 ${n} 行没有已知中选价，按平均降幅估算，节约额 ${s}（已在表中标“估”）。`,
    no_estimated: '全部行的中选价均为已知价格（输入或目录）。',
    rounding_note: '金额全程精确计算；显示时四舍五入保留 2 位小数（四舍五入＝半数远离零）。大额合计以万元/亿元显示，下方为精确到分的金额。',
    unit_wan: '万', unit_yi: '亿',
    percent_of: (p) => `公布的平均降幅 ${p}`,
    chart_category: '按治疗类别的节约额', chart_waterfall: '集采前 → 节约 → 集采后', chart_cuts: '各药品降价幅度分布',
    series_savings: '节约额', series_estimated: '其中估算', series_known: '已知价格', series_est_drugs: '含估算',
    chart_drugs: '药品数', band_rise: '涨价',
    imported: (name, a, r) => `已导入“${name}”：${a} 行计入，${r} 行被拒绝`,
    totals_first: (name, a, r) => `“${name}”的合计已算出（${a} 行计入，${r} 行被拒绝），正在载入明细…`,
    sample_loaded: '已载入示例数据（虚构数量，演示用）',
    read_error: (code, msg) => `无法读取文件（${code}）：${msg}`,
    saved: (name) => `已保存方案“${name}”`, opened: (name) => `已打开方案“${name}”`, deleted: (name) => `已删除方案“${name}”`,
    open: '打开', export_json: '导出 JSON', saved_at: '保存时间', lines_n: '行数', name: '名称',
    storage_error: '无法保存到浏览器存储（空间不足或被禁用）',
    scenario_bad: (msg) => `不是有效的方案文件：${msg}`,
    scenario_imported: (name) => `已导入方案“${name}”`,
    need_two: '请选择两个方案',
    figure: '项目', delta: 'B − A',
    compare_estimated: '估算行数',
    catalog_notice: (c) => `公开名单不完整：本目录列出公开来源中找到的 ${c.entries} 个条目——${c.confirmed_winning_named} 个中选或拟中选，${c.in_bid_list} 个在采购品种清单中但未找到中选结果，${c.application_stage} 个仅见于申报阶段（是否纳入未核实），${c.withdrawn} 个已撤回（不属于本批品种）；本批共 ${c.drug_count ?? '?'} 个品种，目录中 ${c.with_unit_price} 个有已知中选单价。官方中选结果表未在公开来源中找到，未知项留空、从不猜测。要得到精确结果，请在导入文件的“中选单价”列填写本院的实际中选价；没有中选价的行按平均降幅估算并标明。可信度：H = 官方或主流媒体明确说明，或两个独立来源；M = 单一二手来源（行业简报、翻译的新闻、企业公告的转载）；L = 乱码或机器翻译的文本、推测，或来自流程早期阶段。`,
    catalog_count: (n, q) => (q ? `“${q}”：找到 ${n} 个` : `共 ${n} 个`),
    match_kind: { all: '', exact: '名称', name: '名称', pinyin: '拼音', initials: '拼音首字母', fuzzy_initials: '拼音首字母（容错）' },
    status_names: { winning: '中选', proposed_winner: '拟中选', in_bid_list: '在采购品种目录中（中选企业未知）', withdrawn: '已撤回/流标', application_stage: '仅见于需求申报清单' },
    f_status: '状态', f_category: '治疗类别', f_ceiling: '最高有效申报价', f_reference: '中选均价', f_cut: '平均降幅',
    f_form: '剂型', f_products: '中选产品', f_winners: '中选企业', f_demand: '首年需求基数', f_sources: '来源', f_notes: '备注',
    per_unit: (u) => `/${u}`, unknown: '未知', confidence: '可信度',
    add_to_input: '加入数据输入', added: (n) => `已加入“${n}”，请在数据输入中填写数量和集采前单价`,
    csv_done: '已导出 CSV', confirm_clear: '清空全部输入？',
  },
  en: {
    skip: 'Skip to the main content',
    title: 'VBP savings',
    subtitle: "China's 7th national volume-based drug procurement: what does your hospital save? Everything is computed in this browser; your data never leaves this machine.",
    sections: 'Page sections',
    tab_input: 'Input', tab_results: 'Results', tab_scenarios: 'Scenarios', tab_catalog: 'Batch-7 catalog',
    loading: 'Loading…', ready: 'Choose your usage file, or load the sample to see the results.',
    engine_failed: 'The engine could not be loaded',
    report_title: 'VBP savings report', report_date: 'Date',
    drop_title: "Import your hospital's usage (CSV or Excel)",
    drop_hint: 'Or drop the file here. CSV in UTF-8, GBK/GB18030 or UTF-16; Excel/WPS/LibreOffice workbooks (.xlsx, .xls, .ods) under the same rules; Chinese or English headers; a title above the header and a totals row at the end are skipped.',
    choose_file: 'Choose your usage file…',
    cols_required_label: 'Required columns', cols_required: 'Drug (药品名称), Quantity (数量), Baseline unit price (集采前单价)',
    cols_optional_label: 'Optional', cols_optional: 'VBP unit price (中选单价; empty: the catalog\'s price, else estimated at the average cut), Specification (规格), Unit (单位), Manufacturer (生产企业), Amount (金额, a check), Batch (批次), Category (治疗类别)',
    template_csv: 'Download the template (CSV)', template_xlsx: 'Download the template (Excel .xlsx)',
    rejected_none: 'No rows were rejected.', see_input: 'See and edit the data',
    appendix_title: 'Appendix: formulas and assumptions', sources_title: 'Sources',
    input_note: (where, a, r, review) => `${where}: ${a} lines counted, ${r} rejected${review ? `, ${review} to review` : ''}.`,
    cut_placeholder: (p) => `default ${p}`,
    points: (p) => `${p} percentage points`,
    load_sample: 'Load the sample',
    sample_hint: "Sample: a made-up hospital's year of batch-7 drugs, for illustration; the quantities and some baseline prices are made up, VBP prices are the catalog's sourced prices or estimates.",
    add_line: 'Add a line', clear_lines: 'Clear', estimate_cut: 'Cut for estimates (blank = default)',
    sample_banner: 'This is sample data: a made-up hospital\'s year of batch-7 purchases; the quantities are made up for illustration. The baseline prices of lenvatinib (¥108/capsule), oseltamivir (¥6.45/capsule) and afatinib (¥112.3267/tablet) are the sourced ceiling prices from the catalog; the others are made-up example prices. VBP prices are left empty: drugs with a public winning price take it from the catalog (lines 3 and 4 per box, the whole-box price for their specification "4mg*30粒"); drugs without one are estimated from an average cut and marked "est.". Line 6 is a return (negative quantity); line 18 (quantity written "一百") is rejected, to show an error row.',
    lines_title: 'Data lines (edit in place)',
    lines_empty: 'No data yet: import a file, load the sample or add a line.',
    rejected_title: 'Rejected rows',
    rejected_hint: 'Rejected rows count in no total; every other row counts.',
    export_csv: 'Export CSV (Excel)', print_report: 'Print A4 report',
    results_empty: 'No results yet: import a file or load the sample under Input.',
    totals_title: 'Totals',
    baseline_spend: 'Baseline spend', vbp_spend: 'VBP spend', savings: 'Savings', savings_rate: 'Savings rate',
    how: 'Formula and assumptions',
    cut_title: 'Against the published average cut',
    charts_title: 'Charts', save_image: 'Save as image',
    by_category: 'By therapeutic category', by_drug: 'By drug', by_line: 'Lines (how each price was chosen)',
    estimated_legend: 'Drugs marked "est." have at least one line without a known VBP price, estimated from an average cut.',
    warnings: 'Notes', formulas_assumptions: 'Formulas and assumptions', formulas: 'Formulas', assumptions: 'Assumptions',
    scenarios_title: 'Scenarios: save, reopen, compare',
    scenarios_hint: 'Scenarios are kept in this browser only (localStorage); nothing is uploaded.',
    scenario_name: 'Scenario name', save_scenario: 'Save the current data as a scenario', import_scenario: 'Import scenario JSON…',
    scenarios_empty: 'No saved scenarios yet.',
    scenario_a: 'Scenario A', scenario_b: 'Scenario B', compare: 'Compare',
    search_label: 'Search drugs (Chinese name, pinyin initials such as lftn, English name)',
    footer: 'Exact decimal arithmetic (Rust + WebAssembly), works offline, sends nothing to any outside address.',
    lang_toggle: '中文', lang_toggle_aria: '切换到中文',
    col_line: 'Line', col_drug: 'Drug', col_manufacturer: 'Manufacturer', col_unit: 'Unit', col_quantity: 'Quantity',
    col_baseline_price: 'Baseline unit price', col_vbp_price: 'VBP unit price (optional)', col_actions: 'Actions',
    col_column: 'Column', col_code: 'Code', col_reason: 'Reason', col_value: 'Value', col_where: 'From',
    delete: 'Delete', delete_line: (n) => `Delete line ${n}`,
    line_pager: 'Lines: pages', col_specification: 'Specification', col_amount: 'Amount (a check)', delete_focused: 'Delete the selected line',
    delete_pick: 'First click any cell of the line to delete', deleted_line: (n) => `Line ${n} deleted`,
    grid_hint: 'As in Excel: arrow keys move, Tab moves right, typing replaces the cell, Enter commits and moves down, Esc cancels; paste a block of cells from Excel. Lines that cannot be counted are shown in red with the reason.',
    cell_label: (n, f) => `Line ${n} ${f}`,
    col_category: 'Category', col_drugs: 'Drugs', col_baseline: 'Baseline spend', col_vbp: 'VBP spend',
    col_savings: 'Savings', col_rate: 'Rate', col_estimated_savings: 'of which estimated', col_source: 'Price',
    col_basis: 'Price basis', col_vbp_unit: 'VBP unit price', col_scope: 'Scope', col_simple: 'Simple average', col_weighted: 'Spend-weighted',
    scope_headline: 'Published batch average', scope_all: 'All drugs', scope_known: 'Drugs with known prices only',
    src_input: 'input', src_catalog: 'catalog', src_estimated: 'estimated',
    est_badge: 'est.', est_badge_title: 'includes estimated prices',
    from_file: (name) => `file ${name}`, from_table: 'table',
    column_n: (n, h) => (h ? `column ${n} (${h})` : `column ${n}`),
    field_names: { drug: 'drug', quantity: 'quantity', baseline_unit_price: 'baseline unit price', vbp_unit_price: 'VBP unit price', manufacturer: 'manufacturer', unit: 'unit', amount: 'amount', specification: 'specification', category: 'category' },
    counted: (a, r) => `${a} lines counted, ${r} rejected`,
    source_csv: (name, enc, header, rows) => `From the file "${name}": ${enc}, header on line ${header}, ${rows} data rows.`,
    source_edited: (name) => `Edited from the file "${name}": every column of the file (specification, unit and amount included) and its line numbers are kept, only the cells you changed differ; the file's rows that are not data lines (such as totals rows) are still listed under rejected rows (not counted).`,
    source_lines: (n) => `${n} lines entered by hand.`,
    estimated_note: (n, s) => `${n} line(s) have no known VBP price and are estimated from an average cut: savings ${s} (marked "est." in the tables).`,
    no_estimated: 'Every line has a known VBP price (input or catalog).',
    rounding_note: 'Amounts are computed exactly; displayed figures are rounded to 2 decimal places, half away from zero.',
    unit_wan: '', unit_yi: '',
    percent_of: (p) => `published average cut ${p}`,
    chart_category: 'Savings by therapeutic category', chart_waterfall: 'Baseline → savings → VBP', chart_cuts: 'Distribution of per-drug price cuts',
    series_savings: 'Savings', series_estimated: 'of which estimated', series_known: 'known prices', series_est_drugs: 'with estimates',
    chart_drugs: 'Drugs', band_rise: 'rise',
    imported: (name, a, r) => `Imported "${name}": ${a} lines counted, ${r} rejected`,
    totals_first: (name, a, r) => `Totals of "${name}" worked out (${a} lines counted, ${r} rejected); loading the details…`,
    sample_loaded: 'Sample loaded (made-up quantities, for illustration)',
    read_error: (code, msg) => `The file can't be read (${code}): ${msg}`,
    saved: (name) => `Scenario "${name}" saved`, opened: (name) => `Scenario "${name}" opened`, deleted: (name) => `Scenario "${name}" deleted`,
    open: 'Open', export_json: 'Export JSON', saved_at: 'Saved', lines_n: 'Lines', name: 'Name',
    storage_error: "The browser's storage refused the scenario (full or disabled)",
    scenario_bad: (msg) => `Not a valid scenario file: ${msg}`,
    scenario_imported: (name) => `Scenario "${name}" imported`,
    need_two: 'Choose two scenarios',
    figure: 'Figure', delta: 'B − A',
    compare_estimated: 'Estimated lines',
    catalog_notice: (c) => `The public list is partial: this catalog lists the ${c.entries} entries found in public sources: ${c.confirmed_winning_named} winning or proposed winners, ${c.in_bid_list} in the bid list with no winner found, ${c.application_stage} seen only at the reporting stage (inclusion unverified) and ${c.withdrawn} withdrawn (not one of the batch's drugs). The batch has ${c.drug_count ?? '?'} drugs; ${c.with_unit_price} entries here have a known winning unit price. The official result table was not found in public sources; unknown facts stay empty and are never guessed. For exact figures, fill the VBP unit price column of your import file with your hospital's actual winning prices; lines without one are estimated from an average cut and marked. Confidence: H = stated plainly by an official or major outlet, or by two independent sources; M = one secondary source (an industry newsletter, translated news, a repost of a company announcement); L = garbled or machine-translated text, speculative, or from an early stage of the process.`,
    catalog_count: (n, q) => (q ? `"${q}": ${n} found` : `${n} entries`),
    match_kind: { all: '', exact: 'name', name: 'name', pinyin: 'pinyin', initials: 'pinyin initials', fuzzy_initials: 'pinyin initials (one typo)' },
    status_names: { winning: 'winning', proposed_winner: 'proposed winner', in_bid_list: 'in the bid list (winners unknown)', withdrawn: 'withdrawn', application_stage: 'demand-reporting list only' },
    f_status: 'Status', f_category: 'Category', f_ceiling: 'Ceiling price', f_reference: 'Average winning price', f_cut: 'Average cut',
    f_form: 'Dosage form', f_products: 'Winning products', f_winners: 'Winners', f_demand: 'First-year demand base', f_sources: 'Sources', f_notes: 'Notes',
    per_unit: (u) => `/${u}`, unknown: 'unknown', confidence: 'confidence',
    add_to_input: 'Add to input', added: (n) => `"${n}" added: fill in its quantity and baseline price under Input`,
    csv_done: 'CSV exported', confirm_clear: 'Clear all input?',
  },
};

Object.assign(WORDS.zh, MORE.zh);
Object.assign(WORDS.en, MORE.en);
Object.assign(WORDS.zh, IMPORT_WORDS.zh);
Object.assign(WORDS.en, IMPORT_WORDS.en);
Object.assign(WORDS.zh, MONITORING_WORDS.zh);
Object.assign(WORDS.en, MONITORING_WORDS.en);

let lang = 'zh';

/** The current language, "zh" or "en". */
export const currentLang = () => lang;
export const setLang = (l) => { lang = l === 'en' ? 'en' : 'zh'; };

/**
 * A data text in a language: `obj[key + '_zh']` in Chinese, `obj[key]` in English, each
 * falling back to the other where it is missing (the catalog's `_zh` siblings: README,
 * "Chinese texts: `_zh` siblings"). Arrays (a batch's `notes`) count as missing when empty.
 */
export function text(obj, key, l = lang) {
  if (!obj) return '';
  const has = (v) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
  const [first, second] = l === 'en' ? [obj[key], obj[`${key}_zh`]] : [obj[`${key}_zh`], obj[key]];
  return has(first) ? first : has(second) ? second : '';
}

const UNIT_ZH = { capsule: '粒', tablet: '片', vial: '支', bottle: '瓶', piece: '个' };
/** A catalog unit (capsule, tablet, vial…) in a language. */
export const unitName = (u, l = lang) => (u ? (l === 'en' ? u : UNIT_ZH[u] || u) : '');

/** A word (or a function making one) in the current language. */
export function t(key, ...args) {
  const w = WORDS[lang][key] ?? WORDS.zh[key] ?? key;
  return typeof w === 'function' ? w(...args) : w;
}

/** Relabels every static element marked data-i18n / data-i18n-aria. */
export function applyStatic(root = document) {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  document.title = lang === 'en' ? 'VBP savings · vbp-savings' : '集采节约测算 · vbp-savings';
}
