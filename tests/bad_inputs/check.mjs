// One check of an engine answer against a bad-input case's expectation; used by every layer.
import assert from 'node:assert/strict';

/** `outcome` is { error: { code, message } } or { report }. */
export function checkOutcome(c, outcome) {
  const e = c.expect;
  if (e.fatal) {
    assert.ok(outcome.error, `${c.name}: expected the whole input refused with ${e.fatal}`);
    const allowed = [e.fatal].flat();
    assert.ok(allowed.includes(outcome.error.code), `${c.name}: ${outcome.error.code} not in ${allowed}: ${outcome.error.message}`);
    assert.ok(outcome.error.message && outcome.error.message.length > 10, `${c.name}: a message in plain words`);
    return;
  }
  assert.ok(!outcome.error, `${c.name}: unexpected fatal error ${outcome.error && outcome.error.code}: ${outcome.error && outcome.error.message}`);
  const r = outcome.report;
  const rejected = [...new Map(r.rejected.map((p) => [p.line, [p.line, p.code]])).values()];
  assert.deepEqual(rejected, e.rejected || [], `${c.name}: rejected rows`);
  for (const p of r.rejected) {
    assert.ok(p.message.length > 5 && p.message_zh.length > 1, `${c.name}: plain-words messages`);
  }
  assert.equal(r.totals.lines, e.accepted, `${c.name}: rows that count`);
  assert.equal(r.input.accepted, e.accepted);
  if (e.savings !== undefined) assert.equal(r.totals.savings, e.savings, `${c.name}: savings`);
  for (const w of e.warnings || []) {
    assert.ok(r.warnings.some((x) => x.code === w), `${c.name}: warning ${w} among ${r.warnings.map((x) => x.code)}`);
  }
}
