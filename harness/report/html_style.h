#pragma once
// The stylesheet inlined into report.html (kept apart so the renderer reads as structure).
namespace wc {

inline constexpr const char* kHtmlReportStyle = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
header,main{max-width:1200px;margin:0 auto;padding:12px 20px}
header{background:#fff;border-bottom:1px solid #dde1e6;max-width:none}
h1{font-size:20px;margin:4px 0}h2{font-size:17px;margin:24px 0 8px}h3{font-size:15px;margin:0}
code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#fff;border:1px solid #dde1e6;padding:8px;overflow:auto;max-height:480px;margin:4px 0}
table{border-collapse:collapse;background:#fff}
td,th{border:1px solid #dde1e6;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef0f3}
.gate{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;font-weight:600}
.gate-pass{background:#1a7f37}.gate-fail{background:#cf222e}
.badge{display:inline-block;min-width:52px;text-align:center;padding:0 6px;border-radius:3px;
  font-size:12px;font-weight:600;color:#fff}
.b-pass{background:#1a7f37}.b-fail,.b-error,.b-stale{background:#cf222e}.b-warn{background:#bf8700}
.b-interrupted{background:#6e7781}.b-info{background:#0969da}.b-skip{background:#8c959f}.b-expected-failure{background:#8250df}
.matrix{display:block;overflow-x:auto;max-width:100%}
.matrix a{display:block;text-decoration:none;color:inherit;white-space:nowrap}
.matrix a .badge{min-width:0;margin-right:4px}
.case{background:#fff;border:1px solid #dde1e6;border-left:5px solid #8c959f;margin:10px 0;padding:8px 12px}
.c-pass{border-left-color:#1a7f37}.c-fail,.c-error,.c-stale{border-left-color:#cf222e}
.c-warn{border-left-color:#bf8700}.c-info{border-left-color:#0969da}
.c-expected-failure{border-left-color:#8250df}.c-interrupted{border-left-color:#6e7781}
.interrupted{margin:6px 0;padding:4px 10px;background:#fff8c5;border:1px solid #d4a72c;border-radius:4px}
.case .message{margin:4px 0}
.meta{color:#57606a;font-size:12.5px}
.failures li{color:#a40e26}
.schema-errors li{background:#fff1f0;border-left:3px solid #cf222e;padding:2px 6px;margin:2px 0;list-style:none}
mark.schema-error{background:#ffd7d5;color:#a40e26;font-weight:600}
.headers td:first-child{white-space:nowrap;color:#57606a}
details summary{cursor:pointer;color:#0969da}
)css";

}  // namespace wc
