#pragma once
// The stylesheet inlined into report.html (kept apart so the renderer reads as structure).
// Colours are variables: one set for light, one for prefers-color-scheme: dark; print gets a
// white page with every evidence block shown. Everything wraps: no element may widen the page
// past a 1280 px window (tests/harness/report/html_report_chromium_test.cmake measures it).
namespace wc {

inline constexpr const char* kHtmlReportStyle = R"css(
:root{color-scheme:light dark;--fg:#1d232b;--bg:#f6f7f9;--card:#fff;--line:#dde1e6;--th:#eef0f3;
  --muted:#57606a;--link:#0969da;--pass:#1a7f37;--fail:#cf222e;--warn:#bf8700;--info:#0969da;
  --skip:#8c959f;--xf:#8250df;--intr:#6e7781;--note:#fff8c5;--note-line:#d4a72c;--errbg:#fff1f0;
  --errfg:#a40e26;--markbg:#ffd7d5;--track:#e6e9ed}
@media (prefers-color-scheme:dark){:root{--fg:#d7dde4;--bg:#0f1216;--card:#171b21;--line:#30363d;
  --th:#1f252c;--muted:#9aa5b1;--link:#58a6ff;--pass:#2ea043;--fail:#f85149;--warn:#d29922;
  --info:#388bfd;--skip:#6e7681;--xf:#a371f7;--intr:#8b949e;--note:#3a2f0b;--note-line:#9e6a03;
  --errbg:#3c1618;--errfg:#ffa198;--markbg:#6e1b1e;--track:#262c34}}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);
  background:var(--bg);overflow-wrap:anywhere}
header,main{max-width:1200px;margin:0 auto;padding:12px 20px}
header{background:var(--card);border-bottom:1px solid var(--line);max-width:none}
a{color:var(--link)}
h1{font-size:20px;margin:4px 0}h2{font-size:17px;margin:20px 0 8px}h3{font-size:15px;margin:0}
code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--card);border:1px solid var(--line);padding:8px;overflow:auto;max-height:480px;margin:4px 0}
table{border-collapse:collapse;background:var(--card)}
td,th{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--th)}
.gate{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;font-weight:600}
.gate-pass{background:var(--pass)}.gate-fail{background:var(--fail)}
.badge{display:inline-block;min-width:52px;text-align:center;padding:0 6px;border-radius:3px;
  font-size:12px;font-weight:600;color:#fff;overflow-wrap:normal}
.b-pass,.o-pass{background:var(--pass)}.b-fail,.b-error,.b-stale,.o-fail,.o-error,.o-stale{background:var(--fail)}
.b-warn,.o-warn{background:var(--warn)}.b-interrupted,.o-interrupted{background:var(--intr)}
.b-info,.o-info{background:var(--info)}.b-skip,.o-skip{background:var(--skip)}
.b-expected-failure,.o-expected-failure{background:var(--xf)}
.attention{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--fail);
  padding:4px 12px 8px;margin-top:12px}
.attention.clear{border-left-color:var(--pass)}
.attention h2{margin:6px 0}.attention ol{margin:0;padding-left:24px}
.attention li{margin:2px 0}.attention a{text-decoration:none}
.attention .message{color:var(--muted);font-size:12.5px;margin-left:6px}
.attention .cases{font-size:12px;line-height:1.6}
.matrix{width:100%;table-layout:fixed}
.matrix thead th:nth-child(2){width:24%}
.matrix th.corner{width:100px;font-weight:600;color:var(--muted);font-size:12px}
.matrix thead th{font-size:12px}.matrix td{padding:3px}
.chip{display:inline-block;max-width:100%;box-sizing:border-box;margin:1px;padding:0 5px;
  border-radius:3px;color:#fff;font-size:11.5px;line-height:18px;text-decoration:none;
  white-space:normal;overflow-wrap:anywhere;vertical-align:top}
.chip .mark{font-weight:700;margin-right:3px}
.matrix .o-skip{opacity:.75}
.legend .chip{font-size:11px}
.case{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--skip);margin:10px 0;padding:8px 12px}
.c-pass{border-left-color:var(--pass)}.c-fail,.c-error,.c-stale{border-left-color:var(--fail)}
.c-warn{border-left-color:var(--warn)}.c-info{border-left-color:var(--info)}
.c-expected-failure{border-left-color:var(--xf)}.c-interrupted{border-left-color:var(--intr)}
.dur{display:inline-block;vertical-align:middle;width:160px;height:6px;margin-left:8px;
  background:var(--track);border-radius:3px;overflow:hidden}
.dur>span{display:block;height:100%;min-width:2px;border-radius:3px}
.interrupted{margin:6px 0;padding:4px 10px;background:var(--note);border:1px solid var(--note-line);border-radius:4px}
.case .message{margin:4px 0}
.meta{color:var(--muted);font-size:12.5px}
.failures li{color:var(--errfg)}
.warnings li{border-left:3px solid var(--warn);padding:0 6px;list-style:none}
.schema-errors li{background:var(--errbg);border-left:3px solid var(--fail);padding:2px 6px;margin:2px 0;list-style:none}
mark.schema-error{background:var(--markbg);color:var(--errfg);font-weight:600}
.headers{table-layout:fixed;width:100%}.headers td:first-child{width:30%;color:var(--muted)}
details summary{cursor:pointer;color:var(--link)}
pre.curl{white-space:pre-wrap}
@media print{:root{--fg:#000;--bg:#fff;--card:#fff;--muted:#444}
  body{font-size:11pt;background:#fff}header{border:0}
  .badge,.chip,.gate,.dur>span{print-color-adjust:exact;-webkit-print-color-adjust:exact}
  pre{max-height:none;overflow:visible;white-space:pre-wrap}
  details::details-content{content-visibility:visible;display:block}
  details summary{color:#000}
  .case,.attention li,.matrix tr{break-inside:avoid}
  a{color:inherit;text-decoration:none}}
)css";

}  // namespace wc
