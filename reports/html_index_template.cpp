// The Mustache template of the report index (reports/html_index.cpp fills it). Self-contained:
// inline CSS, pictures as data URIs, nothing fetched; the one inline script only marks the
// pictures the browser decoded, so that a headless check can see them.
#include "reports/html_index.hpp"

namespace kmc::reports::detail {

const char* index_template() {
  return R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kmc report</title>
<style>
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 1.5em;
       color: #212529; background: #fff; }
h1 { font-size: 1.5em; margin: 0 0 .3em 0; }
h2 { font-size: 1.2em; margin-top: 1.6em; }
h3 { font-size: 1em; margin: 1.2em 0 .4em 0; }
p.summary { margin: 0 0 1em 0; color: #495057; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border: 1px solid #dee2e6; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f5; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.mismatch td { background: #fff5f5; }
.verdict { font-weight: 600; padding: 1px 6px; border-radius: 3px; }
.verdict.pass { color: #2b8a3e; background: #ebfbee; }
.verdict.violation { color: #c92a2a; background: #fff5f5; }
.verdict.incomplete { color: #a15c00; background: #fff9db; }
.verdict.other { color: #495057; background: #f1f3f5; }
.yes { color: #2b8a3e; font-weight: 600; }
.no { color: #c92a2a; font-weight: 700; }
td { white-space: nowrap; }
td.files { white-space: normal; min-width: 16em; }
td.files a { margin-right: .6em; white-space: nowrap; }
.pic { overflow: auto; max-height: 85vh; border: 1px solid #dee2e6; padding: 4px; }
.pic img { display: block; max-width: none; }
figure { margin: 0 0 1em 0; }
figcaption { font-size: 12px; color: #495057; margin-top: 2px; }
</style>
</head>
<body>
<h1>kmc report</h1>
<p class="summary" id="summary" data-total="{{total}}" data-with-violation="{{with_violation}}" data-without-violation="{{without_violation}}" data-matched="{{matched}}" data-mismatched="{{mismatched}}" data-incomplete="{{incomplete}}">{{total}} scenario{{^one}}s{{/one}}: {{with_violation}} with a violation, {{without_violation}} without{{#incomplete_any}} ({{incomplete}} of them incomplete: not a proof){{/incomplete_any}}; {{matched}} matched their expectation, <span class="{{#mismatched_any}}no{{/mismatched_any}}{{^mismatched_any}}yes{{/mismatched_any}}">{{mismatched}} did not</span>.</p>
<table id="results">
<thead><tr><th>scenario</th><th>model</th><th>verdict</th><th>expected</th><th>matched</th><th>violation</th><th>executions</th><th>time</th><th>files</th></tr></thead>
<tbody>
{{#rows}}<tr id="row-{{i}}" class="{{#matched}}match{{/matched}}{{^matched}}mismatch{{/matched}}" data-scenario="{{scenario}}" data-matched="{{#matched}}yes{{/matched}}{{^matched}}no{{/matched}}" data-violation="{{#violation}}yes{{/violation}}{{^violation}}no{{/violation}}"><td>{{scenario}}</td><td>{{model}}</td><td><span class="verdict {{verdict_class}}">{{verdict}}</span></td><td>{{expectation}}</td><td class="{{#matched}}yes{{/matched}}{{^matched}}no{{/matched}}">{{#matched}}&#10003; yes{{/matched}}{{^matched}}&#10007; no{{/matched}}</td><td>{{kind}}</td><td class="num">{{executions}}</td><td class="num">{{time}}</td><td class="files">{{#links}}<a href="{{href}}">{{text}}</a> {{/links}}{{#has_pictures}}<a href="#pic-{{i}}">picture &#8595;</a>{{/has_pictures}}</td></tr>
{{/rows}}</tbody>
</table>
{{#has_pictures}}<h2>Pictures</h2>
{{#rows}}{{#has_pictures}}<section class="pictures" id="pic-{{i}}"><h3>{{scenario}} &#8212; {{kind}}</h3>
{{#pictures}}{{#embedded}}<figure><div class="pic"><a href="{{href}}"><img class="graph" data-file="{{file}}" alt="{{caption}} of {{scenario}}" src="data:image/svg+xml;base64,{{base64}}"></a></div><figcaption>{{caption}} (click to open {{file}} full size; hover there for details)</figcaption></figure>
{{/embedded}}{{^embedded}}<p><a href="{{href}}">{{file}}</a>: {{caption}} ({{kb}} kB, too large to embed; open the file)</p>
{{/embedded}}{{/pictures}}</section>
{{/has_pictures}}{{/rows}}{{/has_pictures}}<script>
window.addEventListener('load', function () {
  var ok = 0;
  document.querySelectorAll('img.graph').forEach(function (img) {
    var good = img.complete && img.naturalWidth > 0;
    img.setAttribute('data-loaded', good ? 'yes' : 'no');
    if (good) ok++;
  });
  document.body.setAttribute('data-pictures-loaded', String(ok));
});
</script>
</body>
</html>
)HTML";
}

}  // namespace kmc::reports::detail
