"""The site's own style sheet and script (``reports/_static/compendium.css``, ``compendium.js``), on top of
the book theme.

What it settles, for every page:

* tables wrap their text instead of scrolling: no column is hidden at 1300 px; a header row stays in view
  below the theme's sticky bar (offset by the bar's measured height, in the script) while its table
  scrolls by; on a phone (below 760 px) a table of class ``cards``
  becomes one card per row, each cell labelled with its column (``data-label``, set by
  :func:`analysis.report.blocks.box_table`);
* a verdict always has a symbol and a word beside its colour (colours from Okabe and Ito's palette);
* print: A4, the sidebars and buttons left out, every column printed (wrapped, never clipped), folded
  details opened, headings kept with what follows.

>>> "@page" in SITE_CSS and "size:A4" in SITE_CSS
True
"""
from __future__ import annotations

__all__ = ["SITE_CSS", "SITE_JS"]

SITE_CSS = """
:root{--v-ok:#dcefe6;--v-rule:#fbe7b8;--v-bad:#f8cfae;--v-cc:#5b1a3a;--line:#d0d0d0}
.bd-page-width{max-width:100%}
:root{--pst-sidebar-secondary:13.5rem}
@media (min-width:960px){.bd-sidebar-primary{width:15rem;flex:0 0 15rem}}
.bd-sidebar-secondary{padding-left:.6rem;padding-right:.6rem}
.bd-main .bd-content .bd-article-container .bd-article{padding-left:1.2rem;padding-right:1rem}
.bd-main .bd-content .bd-article-container{max-width:none}
.bd-article{overflow-wrap:break-word}
.bd-article h1{font-size:1.9rem;line-height:1.25} .bd-article h2{font-size:1.4rem;margin-top:2.2rem}
.bd-article h3{font-size:1.2rem} .bd-article h4{font-size:1.02rem;margin-top:1.2rem}
div.output_area,div.cell_output,div.output{overflow:visible!important;max-width:100%}
.cell_output .output.text_html{overflow:visible}
.scroll{max-width:100%;margin:.4rem 0 1rem}
table{border-collapse:collapse;font-size:.84rem;max-width:100%}
.bd-article table{width:100%;table-layout:auto}
table.docutils,div.output table{margin:0}
th,td{border-bottom:1px solid #e4e4e4;padding:.25rem .45rem;text-align:left;vertical-align:top;
  overflow-wrap:anywhere;word-break:normal}
thead th{background:#f3f5f7;position:sticky;top:var(--site-sticky-top,3.5rem);z-index:3;box-shadow:0 1px 0 var(--line)}
th[scope=row]{background:none;font-weight:600}
caption{caption-side:top;text-align:left;font-size:.88rem;font-weight:600;padding:.2rem 0 .4rem;color:#222}
caption .num,figcaption .num{font-weight:700}
code{overflow-wrap:anywhere;white-space:normal}
td code{font-size:.8em}
.bd-article h2 code,.bd-article td code,.bd-article th code{word-break:break-all;white-space:normal}
.v{padding:0 .35em;border-radius:3px;font-weight:600;display:inline-block;white-space:nowrap}
.v-consistent{background:var(--v-ok)} .v-consistent_if_rounding{background:var(--v-rule)} .v-undecidable{background:#e8e9f2}
.v-inconsistent{background:var(--v-bad)} .v-inconsistent_conclusion{background:var(--v-cc);color:#fff}
.v-invalid{background:#ddd}
td.v-inconsistent_conclusion a,td.v-inconsistent_conclusion{color:#fff}
a.cellref{color:inherit;text-decoration:none;border-bottom:1px dotted}
ul.legend{list-style:none;padding:0;margin:.4rem 0;font-size:.85rem} ul.legend li{display:inline-block;margin-right:1rem}
:target{scroll-margin-top:5rem} tr:target,section:target,div.term:target{outline:3px solid #0b5394}
figure{margin:1rem 0;break-inside:avoid} figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85rem;color:#333} figcaption .prov{color:#555}
p.src,.prov,.muted{color:#555;font-size:.85rem}
.summary{border:1px solid var(--line);border-left:4px solid #0b5394;background:#f7f9fb;padding:.6rem 1rem;margin:.6rem 0 1.2rem}
.summary p{margin:.35rem 0}
.summary .verdict{font-size:1.02rem}
.summary dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:.5rem 0 0;font-size:.88rem}
.summary dt{font-weight:600;color:#333} .summary dd{margin:0}
.summary ul.cites{margin:0;padding-left:1.1rem} .summary ul.cites li{margin:0 0 .35rem}
div.term dl{margin:.2rem 0 1rem} div.term dt{font-weight:700} div.term dd{margin:0 0 .3rem 1rem}
a.trail{font-size:.8rem;white-space:nowrap}
table.trail th{white-space:normal;width:22%;position:static}
.nw{white-space:nowrap}
details.run summary{cursor:pointer;color:#555}
.calc{font-family:var(--pst-font-family-monospace,monospace);font-size:.8rem;color:#333}
table.ledger,table.findings{table-layout:fixed}
table.ledger th:nth-child(1){width:8%} table.ledger th:nth-child(2){width:13%} table.ledger th:nth-child(3){width:17%}
table.ledger th:nth-child(4){width:20%} table.ledger th:nth-child(5){width:31%} table.ledger th:nth-child(6){width:11%}
table.findings th:nth-child(1){width:9%} table.findings th:nth-child(2){width:12%} table.findings th:nth-child(3){width:12%}
table.findings th:nth-child(4){width:34%} table.findings th:nth-child(5){width:20%} table.findings th:nth-child(6){width:13%}
td .v,table.ledger th,table.findings th{overflow-wrap:normal;hyphens:auto}  /* a verdict, a header: words whole */
.navbar-brand p.title,.navbar-brand .logo__title{font-size:1.05rem;line-height:1.35;text-align:left}
td .v,h2 .v{white-space:normal}
table.ledger td:first-child code{font-size:.72rem;word-break:break-all}
@media (max-width:760px){
  table.ledger,table.findings{table-layout:auto}
  table.cards th,table.cards td{width:auto!important}
  table.cards,table.cards thead,table.cards tbody,table.cards tr,table.cards td,table.cards th{display:block;width:auto}
  table.cards thead{position:absolute;left:-9999px}
  table.cards tr{border:1px solid var(--line);border-radius:4px;margin:0 0 .7rem;padding:.3rem .5rem}
  table.cards td{border:0;padding:.15rem 0}
  table.cards td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#444}
  table.cards caption{display:block}
  .summary dl{grid-template-columns:1fr}
}
@media print{
  @page{size:A4;margin:12mm 10mm}
  .bd-header,.bd-sidebar-primary,.bd-sidebar-secondary,.bd-header-article,.header-article,.prev-next-area,
  .bd-footer,.bd-footer-article,.bd-footer-content,.skip-link,#pst-back-to-top,.theme-switch-button,.search-button{display:none!important}
  .bd-main,.bd-content,.bd-article-container,.bd-article,.bd-page-width,.bd-container,.bd-container__inner{
    max-width:none!important;width:auto!important;margin:0!important;padding:0!important;display:block!important;overflow:visible!important}
  body{font-size:9pt}
  table{font-size:7.5pt;width:100%!important;table-layout:auto}
  thead{display:table-header-group} thead th{position:static;box-shadow:none}
  tr,figure,.summary{break-inside:avoid}
  h1,h2,h3,h4,caption{break-after:avoid}
  .scroll{overflow:visible!important}
  details>summary{list-style:none}
  details::details-content{content-visibility:visible;display:contents}
  a{color:inherit}
}
"""

SITE_JS = """
// A table's sticky header row sits below the theme's sticky article bar, never behind it: its offset is
// the bar's measured height (CSS falls back to 3.5rem before this runs).
(function(){
  function place(){
    var bar=document.querySelector('.bd-header-article'), h=0;
    if(bar){var pos=getComputedStyle(bar).position; if(pos==='sticky'||pos==='fixed'){h=bar.getBoundingClientRect().height;}}
    document.documentElement.style.setProperty('--site-sticky-top',Math.ceil(h)+'px');
  }
  if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',place);}else{place();}
  window.addEventListener('resize',place);
})();
// Print every folded detail (the run's parameters): open them before printing, close them again after.
(function(){
  var opened=[];
  window.addEventListener('beforeprint',function(){
    document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;opened.push(d);});
  });
  window.addEventListener('afterprint',function(){opened.forEach(function(d){d.open=false;});opened=[];});
})();
"""
