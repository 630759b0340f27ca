// A Node CommonJS consumer: require, no initialisation, then the probe; prints JSON.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const vbp = require('vbp-savings');
const plan = require('vbp-savings/plan');
const more = require('vbp-savings/batches');

const names = process.argv.slice(2);
const files = Object.fromEntries(names.map((n) => [n, readFileSync(join(__dirname, 'fixtures', n))]));
import('./probe.mjs').then(({ probe }) => {
  const result = probe(vbp, plan, more, files);
  result.resolved = { require: require.resolve('vbp-savings') };
  process.stdout.write(JSON.stringify(result));
});
