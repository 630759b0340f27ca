// The command line's arguments: surplus files, required and invalid options, per-command help,
// folders, JSON files' error positions, English plurals and the catalog's summary. Usage errors
// exit 2, data errors 1; every error is one line with a stable code, in the user's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'bin', 'vbp-savings.mjs');
const fixture = (name) => join(root, 'tests', 'fixtures', name);
const sample = join(root, 'www', 'sample.csv');
const dir = mkdtempSync(join(tmpdir(), 'vbp-args-'));

function run(...args) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** A failure: its status, one line on stderr, nothing on stdout; returns the line. */
function failure(r, status, code) {
  assert.equal(r.status, status, r.stderr || r.stdout.slice(0, 300));
  assert.equal(r.stdout, '');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  if (code) assert.match(lines[0], new RegExp(`\\b${code}: `), lines[0]);
  return lines[0];
}

const RESULT_TABLE = '通用名,剂型,规格,包装,生产企业,中选价格,单位\n甲磺酸仑伐替尼胶囊,胶囊剂,4mg,30粒/盒,某某制药有限公司,540,盒\n';
const resultTable = join(dir, 'rt.csv');
writeFileSync(resultTable, RESULT_TABLE);

test('surplus input files are a usage error naming them, for every command that reads one file', () => {
  const r = run('estimate', sample, 'extra.csv', 'more.csv');
  const line = failure(r, 2, 'extra_argument');
  assert.match(line, /extra\.csv more\.csv/);
  assert.match(failure(run('estimate', sample, 'extra.csv', '--lang', 'en'), 2, 'extra_argument'), /estimate reads one file; surplus argument\(s\): extra\.csv/);
  for (const args of [
    ['match', sample, 'x.csv'],
    ['result-table', resultTable, 'x.csv', '--batch', '7'],
    ['scenarios', fixture('supply.json'), 'x.json'],
    ['cycle', fixture('months_gbk.csv'), 'x.csv', '--agreed-volume', '10', '--cycle-end', '2023-12'],
    ['retained', fixture('retention.json'), 'x.json'],
    ['sensitivity', fixture('sensitivity.json'), 'x.json'],
    ['catalog', 'x.json'],
    ['batches', 'x'],
    ['rules', 'x'],
    ['agreed-volume', 'x', '--winners', '1', '--base', '10'],
  ]) {
    assert.match(failure(run(...args), 2, 'extra_argument'), /x(\.csv|\.json)?/, args.join(' '));
  }
  // programme reads several
  const p = run('programme', `7=${sample}`, `7=${sample}`, '--json');
  assert.equal(p.status, 0, p.stderr);
});

test('result-table needs --batch: the engine cannot tell the batch from the file, and none is guessed', () => {
  const zh = failure(run('result-table', resultTable), 2, 'missing_option');
  assert.match(zh, /--batch/);
  assert.match(zh, /--batch 7/);
  const en = failure(run('result-table', resultTable, '--out', join(dir, 'c.json'), '--lang', 'en'), 2, 'missing_option');
  assert.match(en, /result-table needs --batch N/);
  assert.match(en, /e\.g\. vbp-savings result-table .*--batch 7/);
  assert.match(failure(run('result-table', resultTable, '--batch', 'seven'), 2, 'bad_option'), /--batch/);
  const ok = run('result-table', resultTable, '--batch', '7', '--json');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).catalog.batch.batch, 7);
});

test('a JSON file\'s problem is reported at its line in that file, with the key\'s path, not in re-serialised text', () => {
  // the misspelt key sits on line 9 of the configuration
  const config = join(dir, 'plan.json');
  writeFileSync(config, `{
  "comment": "a plan",
  "suppliers": [],
  "scenarios": [
    {
      "name": "primary fails",
      "primary_failure_share": "0.5",
      "backup_failure_share": "0",
      "probabilty": "0.1"
    }
  ]
}
`);
  const en = failure(run('estimate', fixture('english_utf8.csv'), '--config', config, '--lang', 'en'), 1, 'invalid_input');
  assert.ok(en.includes(`${config}, line 9 column 7 (scenarios[0].probabilty)`), en);
  assert.match(en, /probabilty/);
  assert.doesNotMatch(en, /line 1 column/);
  const zh = failure(run('estimate', fixture('english_utf8.csv'), '--config', config), 1, 'invalid_input');
  assert.ok(zh.includes(`${config} 第9行第7列（scenarios[0].probabilty）`), zh);
  assert.doesNotMatch(zh, /line 1 column/);
  // a scenarios file: a wrong value's line
  const supply = join(dir, 'supply.json');
  writeFileSync(supply, `{\n  "lines": [\n    { "drug": "A", "volume": "100",\n      "baseline_unit_price": "10",\n      "primary_unit_price": [] }\n  ],\n  "scenarios": []\n}\n`);
  const s = failure(run('scenarios', supply, '--lang', 'en'), 1);
  assert.ok(s.startsWith(`vbp-savings: ${supply}`), s);
  assert.doesNotMatch(s, /line 1 column/);
  // text that is not JSON: the line and column in the file
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{\n  "drugs": [],\n  "grade": "A",\n}\n');
  assert.match(failure(run('retained', broken, '--lang', 'en'), 1, 'invalid_input'), /broken\.json, line 4 column 1: invalid_input: not valid JSON/);
});

test('<command> --help and help <command> print that command\'s usage; help alone the whole help', () => {
  const whole = run('--help').stdout;
  for (const args of [['estimate', '--help'], ['help', 'estimate'], ['estimate', '-h']]) {
    const r = run(...args);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /vbp-savings estimate FILE\.csv/);
    assert.match(r.stdout, /--estimate-cut F/);
    assert.doesNotMatch(r.stdout, /vbp-savings programme|agreed-volume/);
    assert.ok(r.stdout.length < whole.length / 2);
  }
  const cycle = run('cycle', '--help').stdout;
  assert.match(cycle, /vbp-savings cycle MONTHS\.csv --agreed-volume N/);
  assert.match(cycle, /monthly consumption/);
  assert.doesNotMatch(cycle, /vbp-savings estimate/);
  const rt = run('help', 'result-table').stdout;
  assert.match(rt, /--batch N/);
  assert.match(rt, /--pack L=UNITS/);
  const help = run('help');
  assert.equal(help.status, 0);
  assert.equal(help.stdout, whole);
  assert.match(failure(run('help', 'frobnicate'), 2, 'unknown_command'), /frobnicate/);
  assert.match(failure(run('frobnicate'), 2, 'unknown_command'), /frobnicate/);
});

test('--lang takes zh or en only', () => {
  assert.match(failure(run('estimate', sample, '--lang', 'fr'), 2, 'bad_option'), /--lang 只能是 zh（中文）或 en（英文），而不是“fr”/);
  assert.match(failure(run('catalog', '--lang=de'), 2, 'bad_option'), /--lang/);
  assert.equal(run('catalog', '--lang=en').status, 0);
});

test('--json and --csv together are a usage error', () => {
  assert.match(failure(run('estimate', sample, '--json', '--csv', '--lang', 'en'), 2, 'conflicting_options'), /--json and --csv/);
  assert.match(failure(run('estimate', sample, '--csv', '--json'), 2, 'conflicting_options'), /--json 与 --csv/);
});

test('invalid option values are usage errors about the option, not the input file', () => {
  for (const [args, flag] of [
    [['estimate', sample, '--estimate-cut', '2'], '--estimate-cut 2'],
    [['estimate', sample, '--estimate-cut', 'abc'], '--estimate-cut abc'],
    [['match', sample, '--estimate-cut', '-1'], '--estimate-cut -1'],
    [['agreed-volume', '--winners', '0', '--base', '10'], '--winners 0'],
    [['agreed-volume', '--winners', '2', '--base', 'abc'], '--base abc'],
    [['agreed-volume', '--winners', '2', '--base', '10', '--rounding', 'sideways'], '--rounding sideways'],
    [['cycle', fixture('months_gbk.csv'), '--agreed-volume', 'abc', '--cycle-end', '2023-12'], '--agreed-volume abc'],
    [['cycle', fixture('months_gbk.csv'), '--agreed-volume', '10', '--cycle-end', '2023-13'], '--cycle-end 2023-13'],
    [['retained', fixture('retention.json'), '--grade', 'Z'], '--grade Z'],
    [['retained', fixture('retention.json'), '--retention-ratio', '2'], '--retention-ratio 2'],
    [['sensitivity', fixture('sensitivity.json'), '--metric', 'profit'], '--metric profit'],
  ]) {
    for (const lang of ['zh', 'en']) {
      const line = failure(run(...args, '--lang', lang), 2);
      assert.ok(line.startsWith(`vbp-savings: ${flag}: `), `${args.join(' ')}: ${line}`);
      assert.ok(!line.includes(args[1]) || !args[1].includes('/'), `the file is not blamed: ${line}`);
      assert.doesNotMatch(line, /line 1 column/);
    }
  }
  // the engine's words, in the language asked for
  assert.match(run('estimate', sample, '--estimate-cut', '2').stderr, /估算降幅/);
  assert.match(run('estimate', sample, '--estimate-cut', '2', '--lang', 'en').stderr, /estimate_cut must be a fraction between 0 and 1/);
  // good values still work
  assert.equal(run('estimate', sample, '--estimate-cut', '0.5', '--json').status, 0);
  assert.equal(run('retained', fixture('retention.json'), '--grade', 'C', '--json').status, 0);
  assert.equal(run('sensitivity', fixture('sensitivity.json'), '--metric', 'retained', '--json').status, 0);
});

test('a folder given as a file is said to be a folder, in plain words', () => {
  const folder = join(dir, 'adir');
  mkdirSync(folder, { recursive: true });
  for (const args of [['estimate', folder], ['scenarios', folder], ['cycle', folder, '--agreed-volume', '1', '--cycle-end', '2023-12'], ['estimate', sample, '--config', folder], ['programme', folder]]) {
    const zh = failure(run(...args), 1, 'not_a_file');
    assert.match(zh, /是文件夹，不是文件/);
    assert.doesNotMatch(zh, /EISDIR|illegal operation/);
    assert.match(failure(run(...args, '--lang', 'en'), 1, 'not_a_file'), /adir is a folder, not a file/);
  }
  assert.match(failure(run('estimate', join(dir, 'missing.csv'), '--lang', 'en'), 1, 'file_not_found'), /no such file: .*missing\.csv/);
  assert.match(failure(run('estimate', join(dir, 'missing.csv')), 1, 'file_not_found'), /找不到文件/);
});

test('English counts agree with their nouns', () => {
  const one = run('result-table', resultTable, '--batch', '7', '--lang', 'en');
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /^Result table: 1 product of 1 drug; 0 rows need a pack quantity, 0 rejected$/m);
  const two = join(dir, 'rt2.csv');
  writeFileSync(two, `${RESULT_TABLE}甲磺酸仑伐替尼胶囊,胶囊剂,4mg,盒,另一制药有限公司,500,盒\n`);
  const r = run('result-table', two, '--batch', '7', '--lang', 'en');
  assert.match(r.stdout, /^Result table: 1 product of 1 drug; 1 row needs a pack quantity, 0 rejected$/m);
});

test('the catalog summary counts each status apart, as the engine gives them, and says no source was found', () => {
  const c = JSON.parse(run('catalog', '--json').stdout);
  const by = {};
  for (const e of c.entries) by[e.status] = (by[e.status] ?? 0) + 1;
  assert.ok(by.in_bid_list > 0 && by.application_stage > 0, JSON.stringify(by));
  const zh = run('catalog').stdout;
  assert.ok(zh.includes(`中选 ${by.winning ?? 0}，`), zh.split('\n')[1]);
  assert.ok(zh.includes(`在采购品种清单中但未找到中选结果 ${by.in_bid_list}，`), zh.split('\n')[1]);
  assert.ok(zh.includes(`仅见于申报阶段 ${by.application_stage}，`), zh.split('\n')[1]);
  assert.ok(zh.includes('其余品种的名称与价格未找到公开来源'));
  assert.doesNotMatch(zh, /未公开/);
  const en = run('catalog', '--lang', 'en').stdout;
  assert.ok(en.includes(`in the bid list with no winners found ${by.in_bid_list},`), en.split('\n')[1]);
  assert.ok(en.includes(`seen only at the reporting stage ${by.application_stage},`), en.split('\n')[1]);
  assert.ok(en.includes('no public source was found for the rest'));
  assert.doesNotMatch(en, /not public/);
});

test('cycle without an agreed volume or a cycle end is a usage error naming the option, not a problem of the months file', () => {
  const months = join(dir, 'months.csv');
  writeFileSync(months, '月份,数量\n2023-01,100\n2023-02,120\n');
  const zh = failure(run('cycle', months, '--cycle-end', '2023-12'), 2, 'missing_option');
  assert.match(zh, /--agreed-volume/);
  assert.doesNotMatch(zh, /months\.csv/);
  assert.match(failure(run('cycle', months, '--agreed-volume', '1000', '--lang', 'en'), 2, 'missing_option'), /cycle needs --cycle-end .*not public/);
  // given in the configuration's cycle section, it counts
  const config = join(dir, 'plan-cycle.json');
  writeFileSync(config, JSON.stringify({ cycle: { agreed_volume: '1000', cycle_end: '2023-12' } }));
  const r = run('cycle', months, '--config', config, '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).remaining, '780');
});
