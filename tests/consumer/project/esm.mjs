// A Node ES module consumer: no initialisation, then the probe; prints JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as vbp from 'vbp-savings';
import init from 'vbp-savings';
import * as plan from 'vbp-savings/plan';
import * as more from 'vbp-savings/batches';
import { probe } from './probe.mjs';

const names = process.argv.slice(2);
const files = Object.fromEntries(names.map((n) => [n, readFileSync(new URL(`./fixtures/${n}`, import.meta.url))]));
const result = probe(vbp, plan, more, files);
await init(); // a no-op in Node, present for code shared with the browser
const require = createRequire(import.meta.url);
result.resolved = {
  import: import.meta.resolve('vbp-savings'),
  require: require.resolve('vbp-savings'),
  plan: import.meta.resolve('vbp-savings/plan'),
  batches: import.meta.resolve('vbp-savings/batches'),
  // ESM and CommonJS share one engine instance (no dual-package hazard)
  sameEngine: require('vbp-savings').estimate === vbp.estimate,
};
process.stdout.write(JSON.stringify(result));
