// A strict TypeScript consumer in Node, ES module (moduleResolution nodenext).
import init, { estimate, estimateCsv, catalog, errorCodes, formatReport, formatPercent, roundDisplay, version } from 'vbp-savings';
import type { EstimateReport, ErrorCode, PriceSource, VbpError, LineInput, DecimalString } from 'vbp-savings';
import type { AnyLeaks } from './types.js';

const ready: Promise<void> = init();
await ready;

const lines: LineInput[] = [{ drug: '甲磺酸仑伐替尼胶囊', quantity: '90', baseline_unit_price: '108', vbp_unit_price: 18 }];
const report: EstimateReport = estimate({ lines, options: { estimate_cut: '0.5' } });
const savings: DecimalString = report.totals.savings;
const rate: string | null = report.totals.savings_rate;
const source: PriceSource = report.lines[0].price_source;
const fromCsv: EstimateReport = estimateCsv(new TextEncoder().encode('drug,quantity,baseline_unit_price\nx,1,2\n'));
const drugs: number | null = catalog().batch.drug_count.value;
const codes: ErrorCode[] = errorCodes();
const text: string = formatReport(report, 'en') + formatPercent(rate) + roundDisplay(savings) + version();

try {
  estimateCsv(new Uint8Array(0));
} catch (e) {
  const code: ErrorCode = (e as VbpError).code;
  const zh: string = (e as VbpError).messageZh;
  void [code, zh];
}

// @ts-expect-error quantity is a decimal string or a number, not a boolean
estimate({ lines: [{ drug: 'x', quantity: true, baseline_unit_price: '1' }] });
// @ts-expect-error lines is required
estimate({});
// @ts-expect-error amounts are decimal strings, not numbers
const wrong: number = report.totals.savings;
// @ts-expect-error a fact's value may be unknown (null)
catalog().batch.drug_count.value.toFixed();
// @ts-expect-error not a price source
const notASource: PriceSource = 'guessed';
// @ts-expect-error not an error code
const notACode: ErrorCode = 'oops';
// @ts-expect-error CSV input is bytes, not text
estimateCsv('drug,quantity\n');

const noAny: [AnyLeaks<typeof import('vbp-savings')>] extends [never] ? true : false = true;

export { savings, source, fromCsv, drugs, codes, text, wrong, notASource, notACode, noAny };

// The plan module: its types import the core's (an estimate report goes in as is).
import { planForEstimate, agreedVolume } from 'vbp-savings/plan';
import type { Plan, AgreedVolume } from 'vbp-savings/plan';
const plan: Plan = planForEstimate(report, { scenarios: [{ id: 'all', primary_failure_share: '0.1' }] });
const volume: AgreedVolume = agreedVolume({ demand_base: '1000', winners: 1 });
const planned: DecimalString = volume.agreed_volume;
void [plan, planned];

// The batches module: the programme across batches, result tables.
import { programme, batches } from 'vbp-savings/batches';
import type { ProgrammeReport, BatchesData } from 'vbp-savings/batches';
const overview: ProgrammeReport = programme({ parts: [{ source: 'b7.csv', batch: 7, rows: [['药品名称', '数量', '集采前单价'], ['依折麦布片', '900', '2.80']] }] });
const known: BatchesData = batches();
void [overview, known];
// @ts-expect-error parts is required
programme({});

// The spreadsheet module takes the reports as the other modules typed them.
import { reportXlsx, programmeXlsx } from 'vbp-savings/xlsx';
const workbooks: Uint8Array[] = [reportXlsx(report, 'zh'), programmeXlsx(overview, 'en')];
void workbooks;
// @ts-expect-error a catalog is not an estimate report
reportXlsx(catalog());
// @ts-expect-error winners is required
agreedVolume({ demand_base: '1000' });
