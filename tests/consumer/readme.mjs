// The runnable examples of the README and the manual (docs/api.md): a fenced block right after
// `<!-- example: FILE -->` is written to FILE in the consumer project. Each
// `EXPRESSION; // → VALUE` line in it becomes a check that EXPRESSION equals VALUE (compared as
// JSON); the checks that ran are recorded, each with its document and line, so that a test can
// tell a passing check from one that never ran.

/** The documents whose marked examples run against the installed package. */
export const DOCUMENTS = ['README.md', 'docs/api.md'];

/**
 * Every marked example of one document: { file, lang, code, doc, line } (line: the document's
 * line of the fence; doc: the document's path, for messages).
 */
export function examples(markdown, doc = 'README.md') {
  const lines = markdown.split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = lines[i].match(/^<!-- example: (\S+) -->$/);
    if (!marker) continue;
    const fence = lines[i + 1]?.match(/^```(\w+)$/);
    if (!fence) throw new Error(`${doc} line ${i + 1}: an example marker must be followed by a fenced block`);
    const end = lines.indexOf('```', i + 2);
    if (end < 0) throw new Error(`${doc} line ${i + 2}: unterminated fenced block`);
    found.push({ file: marker[1], lang: fence[1], code: lines.slice(i + 2, end).join('\n') + '\n', doc, line: i + 2 });
  }
  return found;
}

const CHECK = /^(\s*)(.*?\S)\s*;?\s*\/\/ → (.+?)\s*$/;

/** The number of `// →` checks in an example. */
export function countChecks(code) {
  return code.split('\n').filter((l) => CHECK.test(l)).length;
}

function rewrite(example) {
  return example.code
    .split('\n')
    .map((l, i) => {
      const m = l.match(CHECK);
      if (!m) return l;
      const [, indent, expr, expected] = m;
      return `${indent}__check(${JSON.stringify(`${example.doc ?? 'README.md'} line ${example.line + 1 + i}`)}, (${expr.replace(/;$/, '')}), ${expected});`;
    })
    .join('\n');
}

// Records each check; Node writes the record to $DOCTEST_OUT on exit, the browser keeps it
// in globalThis.__doctest for the test to read.
const BROWSER_CHECK =
  'globalThis.__doctest = globalThis.__doctest || []; ' +
  'globalThis.__check = (line, actual, expected) => { ' +
  'const a = JSON.stringify(actual), e = JSON.stringify(expected); globalThis.__doctest.push({ line, ok: a === e, actual: a, expected: e }); };';

const NODE_CHECK = (load) =>
  `${load}\nconst __doctest = [];\n` +
  'const __check = (line, actual, expected) => { const a = JSON.stringify(actual), e = JSON.stringify(expected); __doctest.push({ line, ok: a === e, actual: a, expected: e }); };\n' +
  'process.on("exit", () => __writeFileSync(process.env.DOCTEST_OUT, JSON.stringify(__doctest)));\n';

/** The example's file text, instrumented for the place it runs. */
export function instrument(example) {
  const body = rewrite(example);
  if (example.file.endsWith('.mjs')) return NODE_CHECK("import { writeFileSync as __writeFileSync } from 'node:fs';") + body;
  if (example.file.endsWith('.cjs')) return NODE_CHECK("const { writeFileSync: __writeFileSync } = require('node:fs');") + body;
  if (example.file.endsWith('.html')) {
    if (countChecks(example.code) === 0) return body;
    // a classic script before any module script defines the recorder
    const script = `<script>${BROWSER_CHECK}</script>`;
    return /<head>/.test(body) ? body.replace('<head>', `<head>${script}`) : body.replace(/(<meta charset="utf-8">)/, `$1\n${script}`);
  }
  if (/\.[mc]?[jt]s$/.test(example.file)) {
    return `${BROWSER_CHECK.replace(/globalThis\.__check = /, 'const __check = ')}\n${body}`;
  }
  throw new Error(`${example.doc ?? 'README.md'} example ${example.file}: no way to run this kind of file`);
}
