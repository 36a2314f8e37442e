// What two CI reporters show for a junit.xml: its XML parsed by the reporter's own parser library
// with the reporter's options, and the few lines of their source that decide names, annotation
// anchors and times, transliterated (the sources are not copied here; each block cites its origin).
//
// mikepenz/action-junit-report v6.4.2 (305cd1f47a0fbd606dfeacc59048ea5595ea0a96), src/testParser.ts:
//   parseFile: JSON.parse(parser.xml2json(data, {compact: true})) with xml-js 1.6.11 (its pin);
//   parseSuite / parseTestCases: suite time = sum of testcase@time, total = sum of suites;
//   createTestCaseAnnotation: anchor (resolveFileAndLine, resolvePath) and title.
//   Inputs as action.yml and src/main.ts default them, except what examples/github-actions.yml sets
//   (include_passed: true): no check_title_template, resolve_ignore_classname false,
//   annotate_notice false, no transformers, exclude_sources ['/build/', '/__pycache__/'].
// dorny/test-reporter v3.0.0 (29672c52a8220c09bd9f79b5b6cf6315f1763996), reporter java-junit:
//   src/parsers/java-junit/java-junit-parser.ts: parseStringPromise(content) of xml2js 0.6.2;
//   getTestRunResult (suite time = testsuite@time, total = testsuites@time), getGroups (group =
//   classname unless it equals the suite name), getTestCaseError / exceptionThrowSource / getFilePath;
//   src/report/get-annotations.ts getAnnotations: path = error path ?? the report file, title
//   `${suite} ► ${group} ► ${test}`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const xmljs = require('xml-js');
const xml2js = require('xml2js');

// The files of the user's checkout: the source tree without what .gitignore leaves out (build
// trees, node_modules) and without dot directories (glob's `**` does not enter them).
function checkoutFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      if (dir === root && /^build($|-)/.test(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return files;
}

const asArray = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// testParser.ts resolveFileAndLine: file from classname's last dot part, line from the last
// ` [^ ]*<file>.*?:\d+` match in the failure text, else 1.
function resolveFileAndLine(file, line, className, output) {
  let fileName = file ? file : className.split('.').slice(-1)[0];
  const lineNumber = line ? parseInt(line, 10) || null : null;
  if (fileName && lineNumber) return { fileName, line: lineNumber, fromText: false };
  const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('::', '/');
  const matches = output.match(new RegExp(` [^ ]*${escaped}.*?:\\d+`, 'g'));
  if (!matches) return { fileName, line: lineNumber || 1, fromText: false };
  const tokens = matches.slice(-1)[0].split(':');
  const found = tokens.pop() || '0';
  const prefix = tokens.pop() || '';
  if (prefix.endsWith('.rs')) fileName = prefix.split(' ').pop() || '';
  return { fileName, line: parseInt(found, 10) || -1, fromText: true };
}

// testParser.ts resolvePath, the workspace being the checkout: the first `**/<name>.*` match
// whose path holds no exclude_sources entry, else the name itself.
function resolvePath(name, files, excludeSources) {
  const normalized = name.replace(/^\.\//, '');
  const escaped = normalized.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const glob = new RegExp(`(^|/)${escaped}\\.[^/]*$`);  // `${workspace}**/${normalizedFilename}.*`
  const found = files.find((f) => glob.test(f) && !excludeSources.some((x) => `/${f}`.includes(x)));
  return found ? { path: found, byGlob: true } : { path: normalized, byGlob: false };
}

function mikepenzView(xml, files) {
  const report = JSON.parse(xmljs.xml2json(xml, { compact: true }));
  const root = report.testsuites ? report.testsuites : report.testsuite;
  const excludeSources = ['/build/', '/__pycache__/'];
  const includePassed = true;  // examples/github-actions.yml
  const suites = [];
  const annotations = [];
  const visit = (suite) => {
    if (!suite) return { time: 0 };
    const suiteName = (suite._attributes && suite._attributes.name) || '';
    let time = 0;
    const suiteFile = suite._attributes ? suite._attributes.file : null;
    const suiteLine = suite._attributes ? suite._attributes.line : null;
    for (const tc of asArray(suite.testcase)) {
      const a = tc._attributes;
      const testTime = a.time === undefined ? 0 : parseFloat(a.time);
      time += testTime;  // parseTestCases: `time += testTime`
      const issues = [...asArray(tc.failure), ...asArray(tc.error)];
      const skip = tc.skipped || a.status === 'disabled' || a.status === 'ignored';
      const failed = issues.length > 0 && !skip;
      const success = issues.length === 0;
      const level = success || skip ? 'notice' : 'failure';
      if (level !== 'failure' && !includePassed) continue;
      for (const [index, issue] of (issues.length ? issues : [null]).entries()) {
        const stackTrace = ((issue && issue._cdata) || (issue && issue._text) || '').toString().trim();
        const pos = resolveFileAndLine(a.file || (issue && issue._attributes && issue._attributes.file) || suiteFile,
          a.line || (issue && issue._attributes && issue._attributes.line) || suiteLine,
          a.classname ? a.classname : a.name, stackTrace);
        let resolved = { path: pos.fileName, byGlob: false };
        if (failed) {  // createTestCaseAnnotation: `if (failed || (annotateNotice && success))`
          resolved = files.includes(pos.fileName) ? { path: pos.fileName, byGlob: false }
            : resolvePath(pos.fileName, files, excludeSources);
        }
        let title = pos.fileName !== a.name ? `${pos.fileName}.${a.name}` : `${a.name}`;
        if (issues.length > 1) title = `${title} (failure ${index + 1}/${issues.length})`;
        annotations.push({ id: a.name, title, path: resolved.path, byGlob: resolved.byGlob,
          line: pos.line, lineFromText: pos.fromText, level });
      }
    }
    const children = suite.testsuite ? asArray(suite.testsuite) : asArray(suite.testsuites);
    for (const child of children) {
      const r = visit(child);
      if (child) suites.push({ name: (child._attributes && child._attributes.name) || '', time: r.time });
      time += r.time;
    }
    return { time };
  };
  const total = visit(root).time;
  return { suites, totalSeconds: total, annotations };
}

async function dornyView(xml, reportPath, files) {
  const ju = await xml2js.parseStringPromise(xml);
  let junit = ju;
  if (ju.testsuites === undefined) junit = { testsuites: { $: { time: ju.testsuite.$.time }, testsuite: [ju.testsuite] } };
  // trackedFiles: basename -> paths (constructor); getFilePath matches package dirs.
  const tracked = {};
  for (const f of files) (tracked[path.posix.basename(f)] ||= []).push(f);
  const stackRe = /^\s*at (\S+\/\S*\/)?(.*)\((.*):(\d+)\)$/;  // java-stack-trace-element-parser.ts
  const getFilePath = (tracePath, fileName) => {
    const candidates = tracked[fileName];
    if (candidates === undefined) return undefined;
    const parts = tracePath.split(/\./g);
    const at = parts.findIndex((p) => p[0] <= 'Z');
    if (at !== -1) parts.splice(at, parts.length - at);
    if (parts.length === 0) return undefined;
    for (const f of candidates) {
      const dirs = path.posix.dirname(f).split(/\//g);
      if (parts.length > dirs.length) continue;
      if (dirs.length > parts.length) dirs.splice(0, dirs.length - parts.length);
      if (parts.every((p, i) => p === dirs[i])) return f;
    }
    return undefined;
  };
  const suites = [];
  const annotations = [];
  for (const ts of asArray(junit.testsuites.testsuite)) {
    const name = ts.$.name.trim();
    const suite = { name, time: parseFloat(ts.$.time) * 1000, tests: [] };
    for (const tc of asArray(ts.testcase)) {
      const group = tc.$.classname === ts.$.name ? '' : tc.$.classname;
      const testName = tc.$.name.trim();
      suite.tests.push({ group, name: testName, time: parseFloat(tc.$.time) * 1000 });
      const failures = tc.failure ?? tc.error;
      if (!failures) continue;
      const failure = failures[0];
      const details = typeof failure === 'object' ? failure._ : failure;
      let errPath;
      let errLine;
      for (const line of (details || '').split(/\r?\n/)) {
        const m = line.match(stackRe);
        if (!m) continue;
        const f = getFilePath(m[2], m[3]);
        if (f !== undefined) { errPath = f; errLine = parseInt(m[4], 10); break; }
      }
      annotations.push({ id: tc.$.name, title: `${name} ► ${group ? `${group} ► ${testName}` : testName}`,
        path: errPath ?? reportPath, line: errLine ?? 0, fromStackTrace: errPath !== undefined });
    }
    suites.push(suite);
  }
  const seconds = parseFloat(junit.testsuites.$ && junit.testsuites.$.time);
  const totalMs = isNaN(seconds) ? suites.reduce((s, x) => s + x.time, 0) : seconds * 1000;
  return { suites, totalMs, annotations };
}

module.exports = { checkoutFiles, mikepenzView, dornyView, resolveFileAndLine };
