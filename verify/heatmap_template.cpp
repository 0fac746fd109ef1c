// The Mustache template of the verify heat map (verify/heatmap.cpp fills it). Self-contained:
// inline CSS, no script, no font or picture fetched; the only links are to found/*.scn beside it.
#include "verify/heatmap.hpp"

namespace kmc::verify::detail {

const char* heatmap_template() {
  return R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kmc verify {{model}}: coverage matrix</title>
<style>
body { font: 13px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; margin: 0 0 .3em; }
h2 { font-size: 1.1em; margin: 1.6em 0 .2em; }
p.doc { margin: 0 0 .5em; color: #555; }
.legend span, .counts span { display: inline-block; margin: 0 1em .3em 0; }
.swatch { display: inline-block; width: 1em; height: 1em; vertical-align: -2px;
          margin-right: .3em; border: 1px solid #999; }
table.heat { border-collapse: collapse; }
table.heat th { font-weight: normal; padding: 0 .3em; }
table.heat th.row { text-align: right; white-space: nowrap; }
table.heat th.col { font-size: 11px; color: #555; }
td.cell { width: 24px; min-width: 24px; height: 22px; border: 1px solid #fff; padding: 0;
          text-align: center; font-size: 10px; }
td.cell a { color: #fff; font-weight: bold; text-decoration: underline; }
.proved { background: #3a9a4a; color: #fff; }
.violation { background: #c8302c; color: #fff; }
.unfinished { background: #e8a317; color: #222; }
.contract { background: #6f9fd8; color: #fff; }
.error { background: #7b3fa0; color: #fff; }
.none { background: #e4e4e4; color: #999; }
td.mirror { opacity: .35; }
table.findings { border-collapse: collapse; margin: .5em 0; }
table.findings td, table.findings th { border: 1px solid #ccc; padding: .15em .5em; text-align: left; }
</style>
</head>
<body>
<h1>kmc verify {{model}}: coverage matrix</h1>
<p>Bound <b>{{bound}}</b>, configuration space <b>{{config_space}}</b>: {{scenarios}} scenarios,
{{executions}} executions; {{proved}} proved, {{violation}} violation, {{unfinished}} unfinished,
{{contract}} contract only, {{error}} error; {{signatures}} signature(s), {{new_signatures}} new.</p>
<p>Each grid is one canonical setup under one configuration point. A cell is the pair of action A
(row, in thread T1) and action B (column, in thread T2): every scenario of the bound that runs A
and B in different threads counts towards it. The cell shows how many; its tooltip, the scenarios
and executions.</p>
<div class="legend" id="legend">{{#legend}}<span title="{{doc}}"><span class="swatch {{state}}"></span>{{label}}: {{doc}}</span><br>
{{/legend}}<span><span class="swatch proved mirror" style="opacity:.35"></span>faded: below the diagonal of a symmetric setup, the same pair as above it</span></div>
{{#has_findings}}<h2>Findings</h2>
<table class="findings" id="findings"><tr><th>label</th><th>signature</th><th>kind</th><th>scenarios</th><th>file</th></tr>
{{#findings}}<tr class="{{#fresh}}new{{/fresh}}{{^fresh}}known{{/fresh}}"><td>{{label}}</td><td>{{signature}}</td><td>{{kind}}</td><td>{{cases}}</td><td>{{#has_href}}<a href="{{href}}">{{href}}</a>{{/has_href}}</td></tr>
{{/findings}}</table>
{{/has_findings}}
{{#grids}}<section class="grid" id="{{id}}" data-setup="{{setup}}" data-config="{{config}}">
<h2>setup {{setup}}{{#symmetric}} (symmetric){{/symmetric}} · configuration {{config}}</h2>
<p class="doc">{{doc}}; {{config_lines}}.</p>
<div class="counts">{{#counts}}<span data-count-state="{{state}}" data-count="{{n}}"><span class="swatch {{state}}"></span>{{label}} {{n}}</span>{{/counts}}</div>
<table class="heat">
<thead><tr><th class="row">A \ B</th>{{#columns}}<th class="col" title="{{name}}">{{number}}</th>{{/columns}}</tr></thead>
<tbody>
{{#rows}}<tr><th class="row">{{name}} {{number}}</th>{{#cells}}<td class="cell {{state}}{{#mirror}} mirror{{/mirror}}" title="{{tip}}" data-a="{{a}}" data-b="{{b}}" data-state="{{state}}"{{#counted}} data-scenarios="{{scenarios}}" data-executions="{{executions}}"{{/counted}}>{{#findings}}<a href="{{#has_href}}{{href}}{{/has_href}}{{^has_href}}#findings{{/has_href}}" title="{{title}}">{{label}}</a> {{/findings}}{{text}}</td>{{/cells}}</tr>
{{/rows}}</tbody>
</table>
</section>
{{/grids}}
</body>
</html>
)HTML";
}

}  // namespace kmc::verify::detail
