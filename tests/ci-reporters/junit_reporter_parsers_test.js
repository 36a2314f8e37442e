// ctest reports.junit-reporter-parsers: junit.xml of real runs as
// mikepenz/action-junit-report and dorny/test-reporter show it (reporters.js: their parser
// libraries and the lines that decide names, anchors and times), judged against report.json of the
// same run: every case id shown once and not doubled, no annotation anchored at a file the user's
// checkout lacks or at a line taken from evidence, suite times within the run's wall time and the
// total equal to it. A planted old-style junit.xml must break each of these.
//
// Usage: node junit_reporter_parsers_test.js WEBHOOK_CONFORMANCE_BINARY SOURCE_DIR SCRATCH_DIR
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const here = __dirname;
for (const dep of ['xml-js', 'xml2js']) {
  if (!fs.existsSync(path.join(here, 'node_modules', dep))) {
    console.log(`FAIL: tests/ci-reporters/node_modules/${dep} is missing: run \`npm ci\` in tests/ci-reporters (.ci/run does)`);
    process.exit(1);
  }
}
const { checkoutFiles, mikepenzView, dornyView } = require('./reporters.js');

const [wc, sourceDir, work] = process.argv.slice(2);
const files = checkoutFiles(sourceDir);
const workflow = fs.readFileSync(path.join(sourceDir, 'examples/github-actions.yml'), 'utf8');
// mikepenz shows times only with include_time_in_summary: true (action.yml default 'false'); its
// times are sums of testcase@time (testParser.ts parseTestCases), far above the wall time when
// cases run concurrently. Judge them only if the example turns them on.
const mikepenzShowsTime = /include_time_in_summary:\s*['"]?true/.test(workflow);

// Findings on the real runs that the current junit_report.cpp produces and that only a change of
// the writer can remove, as `run: code`. Each must still occur (stale entries fail the test).
// Findings to tolerate until junit_report.cpp is fixed (none now; an entry that stops occurring
// fails the test, so the list cannot go stale).
const KNOWN = new Set([]);
// What the planted old-style document must produce (planted/reporters/n_old-style).
const PLANTED_MUST = ['mikepenz-title', 'mikepenz-anchor-on-evidence', 'dorny-suite-time',
  'dorny-total-time'];

async function judge(junitPath, reportJsonPath) {
  const xml = fs.readFileSync(junitPath, 'utf8');
  const truth = JSON.parse(fs.readFileSync(reportJsonPath, 'utf8'));
  // A run that stopped before any case (exit 3) has one preflight testcase and no cases.
  const ids = truth.cases.length ? truth.cases.map((c) => c.id) : ['preflight.target-reachable'];
  const wallMs = truth.duration_ms;
  const out = [];
  const add = (code, text) => out.push({ code, text });
  const titleProblem = (title, id) => {
    const area = id.split('.')[0];
    const count = title.split(id).length - 1;
    if (count !== 1) return `shows ${id} ${count} times`;
    if (title.includes(`${area}.${area}.`)) return `doubles the area ${area}`;
    return '';
  };

  const m = mikepenzView(xml, files);
  const shown = new Map();
  for (const a of m.annotations) {
    shown.set(a.id, (shown.get(a.id) || 0) + 1);
    const problem = titleProblem(a.title, a.id);
    if (problem) add('mikepenz-title', `"${a.title}" ${problem}`);
    if (a.lineFromText) add('mikepenz-anchor-on-evidence', `${a.id} anchored at ${a.path}:${a.line}, a line found in its failure text`);
    // classname "webhook-conformance" names no file of a checkout, so mikepenz's annotation has
    // a path GitHub cannot open: kept off source files, as intended. What may not happen is an
    // anchor on a real file found by the glob (the tool's own source, for instance).
    if (files.includes(a.path) && a.byGlob && /^(harness|suites|tests|bench|fuzz)\//.test(a.path)) add('mikepenz-anchor-tool-source', `${a.id} anchored at ${a.path}:${a.line}, the tool's own source, by the **/<classname>.* glob`);
  }
  for (const id of ids) {
    if (!shown.has(id)) add('mikepenz-ids', `${id} (report.json) not shown (include_passed: true)`);
  }
  for (const id of shown.keys()) if (!ids.includes(id)) add('mikepenz-ids', `${id} shown, not a case of report.json`);
  if (mikepenzShowsTime) {
    for (const s of m.suites) {
      if (s.time * 1000 > wallMs + 1) add('mikepenz-time', `suite ${s.name} ${s.time.toFixed(3)} s > run ${wallMs} ms`);
    }
    if (Math.abs(m.totalSeconds * 1000 - wallMs) > 5) add('mikepenz-time', `total ${m.totalSeconds.toFixed(3)} s != run ${wallMs} ms`);
  }

  const d = await dornyView(xml, 'reports/junit.xml', files);
  const seen = [];
  for (const s of d.suites) {
    for (const t of s.tests) {
      seen.push(t.name);
      const full = `${s.name} ► ${t.group ? `${t.group} ► ` : ''}${t.name}`;
      const problem = titleProblem(t.group ? `${t.group}.${t.name}` : t.name, t.name) || titleProblem(full, t.name);
      if (problem) add('dorny-title', `"${full}" ${problem}`);
    }
    if (s.time > wallMs + 1) add('dorny-suite-time', `suite ${s.name} ${(s.time / 1000).toFixed(3)} s > run ${wallMs} ms`);
  }
  for (const id of ids) if (seen.filter((n) => n === id).length !== 1) add('dorny-ids', `${id} shown ${seen.filter((n) => n === id).length} times`);
  if (Math.abs(d.totalMs - wallMs) > 5) add('dorny-total-time', `total ${(d.totalMs / 1000).toFixed(3)} s != run ${wallMs} ms`);
  for (const a of d.annotations) {
    if (a.fromStackTrace) add('dorny-anchor-on-evidence', `${a.id} anchored at ${a.path}:${a.line} by a stack-trace line of its evidence`);
  }
  return { out, mikepenz: m, dorny: d, wallMs };
}

function runTool(name, expected, args) {
  const dir = path.join(work, name);
  const r = spawnSync(wc, ['run', '--quiet', '--no-step-summary', '--annotations', 'none',
    '--report-dir', dir, ...args], { encoding: 'utf8', timeout: 120000 });
  if (r.status !== expected) {
    console.log(`FAIL: ${name}: exit ${r.status}, expected ${expected}\n${(r.stderr || '').slice(-2000)}`);
    process.exitCode = 1;
  }
  return dir;
}

(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const runs = {
    clean: runTool('clean', 0, ['--filter', 'token']),
    // fail, warn (<skipped>), info, skip and error cases, concurrently, in about 2 s.
    mixed: runTool('mixed', 1, ['--reference-fault', 'no-delivery', '--emulate-version', '0.7.45',
      '--timeout-scale', '0.1', '--fail-assistant', 'no-such-assistant',
      '--filter', 'payload.*,failure.*,url-policy.private-address-refused']),
    unreachable: runTool('unreachable', 3, ['--target', 'http://127.0.0.1:9']),
  };
  let failures = 0;
  const occurred = new Set();
  for (const [name, dir] of Object.entries(runs)) {
    const r = await judge(path.join(dir, 'junit.xml'), path.join(dir, 'report.json'));
    const sumMs = Math.round(r.mikepenz.totalSeconds * 1000);
    console.log(`${name}: run ${r.wallMs} ms; dorny total ${Math.round(r.dorny.totalMs)} ms, ` +
      `suites ${r.dorny.suites.map((s) => `${s.name} ${Math.round(s.time)}`).join(', ')}; ` +
      `mikepenz time (sum of cases, ${mikepenzShowsTime ? 'shown' : 'not shown: include_time_in_summary off'}) ${sumMs} ms; ` +
      `mikepenz title e.g. "${r.mikepenz.annotations[0] && r.mikepenz.annotations[0].title}" at ` +
      `${r.mikepenz.annotations[0] && `${r.mikepenz.annotations[0].path}:${r.mikepenz.annotations[0].line}`}`);
    const byCode = new Map();
    for (const f of r.out) (byCode.get(f.code) || byCode.set(f.code, []).get(f.code)).push(f.text);
    for (const [code, texts] of byCode) {
      const key = `${name}: ${code}`;
      occurred.add(key);
      const known = KNOWN.has(key);
      if (!known) failures++;
      console.log(`${known ? 'known (junit_report.cpp)' : 'FAIL'}: ${key}: ${texts.length} annotation(s), e.g. ${texts[0]}`);
    }
  }
  for (const key of KNOWN) {
    if (!occurred.has(key)) {
      failures++;
      console.log(`FAIL: stale known finding "${key}": it no longer occurs, remove it from KNOWN`);
    }
  }

  // The check can fail: the old writer's shape (classname=area, name=area.id, suite time = sum of
  // concurrent case durations, "delivery:47" in the failure text).
  const planted = path.join(here, 'planted/reporters/n_old-style');
  const p = await judge(path.join(planted, 'junit.xml'), path.join(planted, 'report.json'));
  const codes = new Set(p.out.map((f) => f.code));
  for (const code of PLANTED_MUST) {
    if (codes.has(code)) {
      console.log(`ok: planted n_old-style caught: ${code}: ${p.out.find((f) => f.code === code).text}`);
    } else {
      failures++;
      console.log(`FAIL: planted n_old-style: no ${code} finding`);
    }
  }

  if (failures || process.exitCode) {
    console.log(`${failures} problem(s)`);
    process.exit(1);
  }
  console.log('junit-reporter-parsers: names, anchors and times as both reporters show them hold (known findings listed above)');
})().catch((e) => { console.log(`FAIL: ${e.stack}`); process.exit(1); });
