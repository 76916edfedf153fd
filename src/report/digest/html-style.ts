/**
 * The digest pages' one stylesheet, inlined in each page: the pages are single files that are
 * mailed, archived and opened from disk, so nothing may be fetched (no fonts, no images, no
 * scripts). System fonts; light and dark schemes; the charts' text and rules follow the scheme.
 */
export const DIGEST_CSS = `
:root {
  color-scheme: light dark;
  --fg: #1d2327; --muted: #5f6b76; --bg: #ffffff; --panel: #f6f8fa; --rule: #d8dee4;
  --accent: #0b5cad; --plus: #1a7f37; --minus: #b42318; --warn-bg: #fff8e6; --warn-rule: #e6a700;
  --err-bg: #fdecec; --err-rule: #c62828; --grid: #e8ecf0;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6e9ec; --muted: #a0abb6; --bg: #15191d; --panel: #1e2429; --rule: #353d45;
    --accent: #6cb0ff; --plus: #4ac26b; --minus: #ff7b72; --warn-bg: #2e2714; --warn-rule: #c99a1a;
    --err-bg: #35191a; --err-rule: #e5534b; --grid: #2a3137;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main, .top-inner, footer { max-width: 1040px; margin: 0 auto; padding: 0 24px; }
a { color: var(--accent); }
code, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; font-size: 0.9em; }
h1, h2, h3, h4 { line-height: 1.25; }
h1 { font-size: 1.9rem; margin: 0.2rem 0 0.4rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.3rem; border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.4rem 0 0.5rem; }
h4 { font-size: 0.95rem; margin: 1rem 0 0.4rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.top { background: var(--panel); border-bottom: 1px solid var(--rule); padding: 22px 0 18px; }
.eyebrow { margin: 0; color: var(--muted); font-size: 0.85rem; letter-spacing: 0.06em; text-transform: uppercase; }
.who, .period { margin: 0.1rem 0; color: var(--muted); }
nav.back { margin: 0 0 0.4rem; font-size: 0.9rem; }
.stats { display: flex; flex-wrap: wrap; gap: 10px; margin: 16px 0 0; padding: 0; }
.stats div { background: var(--bg); border: 1px solid var(--rule); border-radius: 8px; padding: 8px 14px; min-width: 120px; }
.stats dt { font-size: 0.78rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.stats dd { margin: 0; font-size: 1.35rem; font-weight: 600; }
.plus { color: var(--plus); }
.minus { color: var(--minus); }
.attention { list-style: none; padding: 0; margin: 0; }
.attention li { background: var(--err-bg); border-left: 4px solid var(--err-rule); border-radius: 4px; padding: 10px 14px; margin: 0 0 8px; }
.attention .what { font-weight: 600; }
.attention .where { color: var(--muted); font-size: 0.9rem; }
.calm { background: var(--panel); border-left: 4px solid var(--plus); border-radius: 4px; padding: 10px 14px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 8px 28px; }
.chart { min-width: 0; }
.chart:first-child { grid-column: 1 / -1; }
.chart-box { background: var(--panel); border: 1px solid var(--rule); border-radius: 8px; padding: 10px; }
.chart-svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.chart-svg text { fill: var(--fg); font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
.chart-svg .axis path, .chart-svg .axis line { stroke: var(--muted); }
.chart-svg .grid line { stroke: var(--grid); }
.chart-svg .grid path { display: none; }
.chart-svg .zero { stroke: var(--fg); stroke-width: 1.5; }
.chart-svg .totals text, .chart-svg .count { font-weight: 600; }
.chart-svg .count.inside { fill: #ffffff; }
.chart-svg .bar:hover, .chart-svg .point:hover { opacity: 0.8; }
.chart-svg .point { stroke: var(--bg); stroke-width: 1.5; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 8px 2px; font-size: 0.88rem; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.empty { color: var(--muted); font-style: italic; background: var(--panel); border-radius: 8px; padding: 14px; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--accent); font-size: 0.9rem; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 0.92rem; }
caption { text-align: left; color: var(--muted); font-size: 0.85rem; padding: 2px 0 4px; }
th, td { border-bottom: 1px solid var(--rule); padding: 5px 10px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--rule); font-size: 0.82rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.03em; }
td.num, th.num, table.numbers td { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: var(--panel); }
.subsystem { border: 1px solid var(--rule); border-radius: 10px; padding: 4px 18px 10px; margin: 14px 0; }
.subsystem h3 { display: flex; flex-wrap: wrap; align-items: baseline; gap: 10px; }
.status, .state { display: inline-block; font-size: 0.75rem; font-weight: 600; border-radius: 999px; padding: 1px 9px; border: 1px solid var(--rule); color: var(--muted); white-space: nowrap; }
.state-new { color: #ffffff; background: #00855f; border-color: #00855f; }
.state-revised { color: #ffffff; background: #0072b2; border-color: #0072b2; }
.state-superseded { color: var(--muted); background: var(--panel); }
.delta { font-size: 1.02rem; margin: 0.2rem 0 0.6rem; }
.pair { display: flex; flex-wrap: wrap; gap: 0 32px; }
.callout { background: var(--warn-bg); border-left: 4px solid var(--warn-rule); border-radius: 4px; padding: 6px 14px; margin: 10px 0; }
.callout h4 { color: var(--fg); margin-top: 0.4rem; }
.callout ul, .plain { margin: 0.2rem 0 0.5rem; padding-left: 1.2rem; }
.open-count { color: var(--minus); font-weight: 600; white-space: nowrap; }
.fixed-count { color: var(--plus); font-weight: 600; white-space: nowrap; }
time { white-space: nowrap; }
.series-table { width: 100%; }
.series-table th[scope="row"] { font-weight: 500; width: 40%; }
.series-table .files { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 0.78rem; }
.series-table .links a { margin-right: 8px; white-space: nowrap; }
.series-table tr:target { outline: 2px solid var(--accent); }
.sub { color: var(--muted); font-size: 0.85rem; }
.index-table { width: 100%; }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 40px; padding-bottom: 28px; }
footer p { border-top: 1px solid var(--rule); padding-top: 12px; margin: 0; }
@media print { .top { background: none; } details { display: block; } }
`;
