// `vbp-savings catalog --json` after the third and fourth research passes (issue 13): afatinib
// won with Kelun, the new batch-7 drugs with their public sources, no source pointing at a file
// of this project, and the confidence legend as the research notes state it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function run(...args) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'vbp-savings.mjs'), ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const catalog = () => JSON.parse(run('catalog', '--json'));
const byId = (c, id) => c.entries.find((e) => e.id === id) ?? assert.fail(`no entry ${id}`);

test('afatinib is listed as won, with Kelun named by Yicai Global', () => {
  const a = byId(catalog(), 'afatinib');
  assert.equal(a.status, 'winning');
  const kelun = a.winners.find((w) => w.company.includes('Kelun'));
  assert.ok(kelun, JSON.stringify(a.winners));
  assert.match(kelun.source, /yicaiglobal\.com\/news\/china-7th-centralized-drug-program-cuts-drug-prices-by-48/);
  assert.equal(kelun.confidence, 'M');
  // the text listing says so too
  assert.match(run('catalog', '--lang', 'en'), /Afatinib \(maleate\) tablets {2}\[winning, M\]/);
});

test('the new drugs are listed with their public sources, and nothing more than is known', () => {
  const c = catalog();
  for (const [id, zh, page] of [
    ['lacosamide', '拉考沙胺片', 'podms.com/p20220714002202.html'],
    ['octreotide-inj', '醋酸奥曲肽注射液', 'hk.finance.yahoo.com'],
    ['fondaparinux-inj', '磺达肝癸钠注射液', 'hk.finance.yahoo.com'],
    ['aripiprazole-odt', '阿立哌唑口崩片', 'huahaipharm-japan.com/news/545/'],
    ['rocuronium-inj', '罗库溴铵注射液', 'huahaipharm-japan.com/news/545/'],
  ]) {
    const e = byId(c, id);
    assert.equal(e.generic_name_zh, zh);
    assert.equal(e.status, 'winning', id);
    assert.ok(e.sources.some((s) => s.includes(page)), `${id}: ${e.sources}`);
    assert.ok(e.winners.length > 0 && e.winners.every((w) => w.source.includes(page) || e.sources.includes(w.source)), id);
    assert.deepEqual([e.products, e.ceiling_price, e.reference_price, e.demand_base], [[], null, null, null], id);
  }
  // the category where no source states one stays unknown
  assert.equal(byId(c, 'octreotide-inj').category.key, null);
  assert.equal(byId(c, 'fondaparinux-inj').category.key, null);
  // the coverage counts them
  assert.equal(c.coverage.entries, c.entries.length);
  assert.equal(c.coverage.winning, c.entries.filter((e) => e.status === 'winning').length);
});

test('no source in the catalog points at a file of this project or a local path', () => {
  const c = catalog();
  const sources = [];
  const walk = (v, at) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'source' && typeof x === 'string') sources.push([`${at}.${k}`, x]);
        else if (k === 'sources' && Array.isArray(x)) x.forEach((s) => sources.push([`${at}.${k}`, s]));
        else walk(x, `${at}.${k}`);
      }
    }
  };
  walk(c, 'catalog');
  assert.ok(sources.length > 100, String(sources.length));
  for (const [at, s] of sources) {
    assert.doesNotMatch(s, /domain-facts|users\.md|\.md\b|§|facts file|\/work\/|\.\.\/|^\s*\/|file:|data\//i, `${at}: ${s}`);
  }
  assert.doesNotMatch(JSON.stringify(c), /domain-facts|users\.md/);
});

test('the catalog states the legend the research notes use, and grades by it', () => {
  const c = catalog();
  assert.match(c.about, /H: stated plainly by an official or major outlet, or by two independent sources/);
  assert.match(c.about, /M: one secondary source/);
  assert.match(c.about, /L: garbled or machine-translated text, speculative, or from an early stage of the process/);
  // the six foreign prices from one industry newsletter are M, not H
  const foreign = c.entries.flatMap((e) => e.products).filter((p) => p.source.startsWith('reach24h'));
  assert.equal(foreign.length, 6);
  assert.ok(foreign.every((p) => p.confidence === 'M'));
  // lenvatinib's winners and 先声's price from one repost page
  const l = byId(c, 'lenvatinib');
  assert.ok([...l.winners, ...l.products].every((x) => x.confidence === 'M'));
});
