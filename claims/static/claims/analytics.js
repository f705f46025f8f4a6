// The analytics page: bar charts of approved claims per source, outlet, attribution kind and
// month (Chart.js, vendored), and the relay network drawn as a layered graph in SVG. The figures
// come from the page (json_script, the shape of GET /api/projects/{id}/analytics/); the tables
// under each chart hold the same numbers.
import "./vendor/chart.umd.min.js"; // a UMD build: imported as a module it sets globalThis.Chart

const { Chart } = globalThis;
const figures = JSON.parse(document.getElementById("analytics-data").textContent);
const styles = getComputedStyle(document.documentElement);
const colour = (name) => styles.getPropertyValue(`--${name}`).trim();
const SVG = "http://www.w3.org/2000/svg";

Chart.defaults.animation = false; // drawn once, and at once
Chart.defaults.maintainAspectRatio = false; // the chart fills its box (.chart in analytics.css)
Chart.defaults.color = colour("muted");
Chart.defaults.font.family = styles.fontFamily;

// Names on a bar chart's axis: Chart.js gives the axis as much width as its longest label
// needs, so one long source name would squeeze the bars to nothing and run off the canvas. An
// axis label is cut to a few short lines; the tooltip gives the name whole (up to a length a
// tooltip can hold: the table under the chart always has it).
const AXIS_LINE = 28; // characters
const AXIS_LINES = 2;
const TOOLTIP_LINE = 48;
const TOOLTIP_LINES = 8;
const ROW_HEIGHT = 14; // pixels a line of an axis label takes, with its share of the gap

// Lines of at most width characters, broken between words, and inside a word too long for one.
function wrap(text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length <= width) {
      line = `${line} ${word}`;
      continue;
    }
    if (line) lines.push(line);
    for (let start = 0; start < word.length; start += width) {
      line = word.slice(start, start + width);
      if (start + width < word.length) lines.push(line); // a piece of a word longer than a line
    }
  }
  if (line) lines.push(line);
  return lines;
}

// At most count lines of text, the last cut with an ellipsis when text did not fit.
function clampLines(text, width, count) {
  const lines = wrap(text, width);
  if (lines.length <= count) return lines;
  const kept = lines.slice(0, count);
  kept[count - 1] = `${kept[count - 1].slice(0, width - 1)}…`;
  return kept;
}

function axisLabel(name) {
  const lines = clampLines(name, AXIS_LINE, AXIS_LINES);
  return lines.length === 1 ? lines[0] : lines; // an array is drawn as lines, one under the other
}

// Horizontal bars, one a row: the box grows with them so that every label stays readable.
function horizontalBars(name, rows, label, barColours) {
  const labels = rows.map((row) => row.label);
  const lines = Math.max(1, ...labels.map((text) => clampLines(text, AXIS_LINE, AXIS_LINES).length));
  const box = document.querySelector(`[data-chart="${name}"]`);
  box.style.height = `${Math.max(120, rows.length * (12 + ROW_HEIGHT * lines) + 40)}px`;
  return new Chart(document.getElementById(`${name}-chart`), {
    type: "bar",
    data: {
      labels,
      datasets: [{ label, data: rows.map((row) => row.claims), backgroundColor: barColours }],
    },
    options: {
      indexAxis: "y",
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: (items) => clampLines(items[0].label, TOOLTIP_LINE, TOOLTIP_LINES) } },
      },
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0 } },
        // every bar keeps its label: the box is tall enough for them all
        y: { ticks: { autoSkip: false, callback: (value) => axisLabel(labels[value]) } },
      },
    },
  });
}

function sourcesChart() {
  const top = figures.sources.slice(0, figures.top_bars);
  const rows = top.map((source) => ({ label: source.name, claims: source.claims }));
  return horizontalBars("sources", rows, "approved claims", top.map((source) => colour(`kind-${source.kind}`)));
}

function outletsChart() {
  const rows = figures.outlets.slice(0, figures.top_bars).map((row) => ({ label: row.outlet, claims: row.claims }));
  return horizontalBars("outlets", rows, "approved claims", colour("accent"));
}

function kindsChart() {
  const rows = figures.kinds.map((kind) => ({ label: kind.label, claims: kind.claims }));
  return horizontalBars("kinds", rows, "approved claims", colour("accent"));
}

// Every month from the first to the last, those without claims too, so that time runs evenly.
function monthRange(first, last) {
  const months = [];
  let [year, month] = first.split("-").map(Number);
  for (let label = first; label <= last; ) {
    months.push(label);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
    label = `${year}-${String(month).padStart(2, "0")}`;
  }
  return months;
}

function monthsChart() {
  const rows = figures.months;
  const months = monthRange(rows[0].month, rows[rows.length - 1].month);
  const series = (datedBy) => {
    const counts = new Map(rows.filter((row) => row.dated_by === datedBy).map((row) => [row.month, row.claims]));
    return months.map((month) => counts.get(month) ?? 0);
  };
  return new Chart(document.getElementById("months-chart"), {
    type: "bar",
    data: {
      labels: months,
      datasets: [
        { label: "dated by publication", data: series("published"), backgroundColor: colour("dated-published") },
        { label: "dated by the claim (article undated)", data: series("created"), backgroundColor: colour("dated-created") },
      ],
    },
    options: {
      plugins: { legend: { position: "bottom" } },
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

// The relay network ---------------------------------------------------------------------------

// Layers left to right: a node sits one layer right of the furthest node that hands it claims.
// A depth-first walk from the sources nobody relays to finds the edges that close a cycle (A
// relays B's claims and B A's); they are left out of the layering and drawn as loops back.
function layers(nodes, edges) {
  const next = new Map(nodes.map((node) => [node.source, []]));
  const incoming = new Set(edges.map((edge) => edge.to_source));
  for (const edge of edges) next.get(edge.from_source).push(edge.to_source);
  const state = new Map();
  const finished = [];
  const backEdges = new Set();
  const visit = (id) => {
    state.set(id, "open");
    for (const to of next.get(id)) {
      if (state.get(to) === "open") backEdges.add(`${id}>${to}`);
      else if (!state.has(to)) visit(to);
    }
    state.set(id, "done");
    finished.push(id);
  };
  const roots = nodes.filter((node) => !incoming.has(node.source));
  for (const node of [...roots, ...nodes]) if (!state.has(node.source)) visit(node.source);
  const layer = new Map(nodes.map((node) => [node.source, 0]));
  for (const id of finished.reverse()) {
    for (const to of next.get(id)) {
      if (!backEdges.has(`${id}>${to}`)) layer.set(to, Math.max(layer.get(to), layer.get(id) + 1));
    }
  }
  return layer;
}

// Within a layer, nodes follow the mean place of the nodes that hand them claims (fewer
// crossings); the first layer goes by claims, most first, as the nodes arrive.
function columns(nodes, edges, layer) {
  const count = Math.max(...layer.values()) + 1;
  const cols = Array.from({ length: count }, () => []);
  for (const node of nodes) cols[layer.get(node.source)].push(node);
  const place = new Map();
  cols.forEach((col, index) => {
    if (index > 0) {
      const mean = (node) => {
        const from = edges.filter((e) => e.to_source === node.source && place.has(e.from_source));
        return from.length ? from.reduce((sum, e) => sum + place.get(e.from_source), 0) / from.length : 1;
      };
      const means = new Map(col.map((node) => [node.source, mean(node)]));
      col.sort((a, b) => means.get(a.source) - means.get(b.source));
    }
    col.forEach((node, row) => place.set(node.source, row / Math.max(col.length - 1, 1)));
  });
  return cols;
}

function svg(tag, attributes = {}, text = "") {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text) element.textContent = text;
  return element;
}

function shorten(name, length = 28) {
  return name.length > length ? `${name.slice(0, length - 1)}…` : name;
}

const GAP_X = 260;
const GAP_Y = 54;
const MARGIN = { left: 30, right: 200, top: 30, bottom: 30 };
const RADIUS = 9;
const ARROW = 10;

function relayNetwork(container) {
  const { nodes, edges } = figures.relays;
  const cols = columns(nodes, edges, layers(nodes, edges));
  const tallest = Math.max(...cols.map((col) => col.length));
  const width = MARGIN.left + (cols.length - 1) * GAP_X + MARGIN.right;
  const height = MARGIN.top + (tallest - 1) * GAP_Y + MARGIN.bottom;
  const at = new Map();
  cols.forEach((col, index) => {
    const offset = ((tallest - col.length) * GAP_Y) / 2; // each column centred
    col.forEach((node, row) => at.set(node.source, { x: MARGIN.left + index * GAP_X, y: MARGIN.top + offset + row * GAP_Y }));
  });
  const names = new Map(nodes.map((node) => [node.source, node.name]));
  const drawing = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height });
  drawing.append(arrowheadDefinition());
  const widest = Math.max(...edges.map((edge) => edge.claims));
  for (const edge of edges) drawing.append(edgeDrawing(edge, at.get(edge.from_source), at.get(edge.to_source), widest, names));
  for (const node of nodes) drawing.append(nodeDrawing(node, at.get(node.source)));
  container.replaceChildren(drawing);
}

function arrowheadDefinition() {
  // the arrowhead starts where its edge ends, so that a thick edge does not cover its tip
  const marker = svg("marker", { id: "arrowhead", viewBox: "0 0 10 10", refX: 0, refY: 5, markerWidth: ARROW, markerHeight: ARROW, markerUnits: "userSpaceOnUse", orient: "auto" });
  marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }));
  const defs = svg("defs");
  defs.append(marker);
  return defs;
}

// A curve from the right of one node to the left of the next; an edge back (a cycle) or within a
// column leaves and enters on the same side, bowing out so that it does not run through nodes.
function edgeDrawing(edge, from, to, widest, names) {
  const forward = to.x > from.x;
  const start = { x: from.x + RADIUS, y: from.y };
  const end = forward ? { x: to.x - RADIUS - ARROW - 1, y: to.y } : { x: to.x + RADIUS + ARROW + 1, y: to.y };
  const bend = forward ? Math.max(40, (end.x - start.x) / 2) : GAP_X / 3;
  const d = forward
    ? `M${start.x},${start.y} C${start.x + bend},${start.y} ${end.x - bend},${end.y} ${end.x},${end.y}`
    : `M${start.x},${start.y} C${start.x + bend},${start.y + GAP_Y} ${end.x + bend},${end.y + GAP_Y} ${end.x},${end.y}`;
  const group = svg("g", { class: "hop" });
  const outlets = edge.outlets.map((share) => `${share.outlet} (${share.claims})`).join(", ");
  group.append(
    svg("title", {}, `${names.get(edge.from_source)} → ${names.get(edge.to_source)}: ${edge.claims} claim${edge.claims === 1 ? "" : "s"}, published by ${outlets}`),
    svg("path", { d, class: "edge", "stroke-width": 1.5 + (3 * edge.claims) / widest, "marker-end": "url(#arrowhead)" }),
  );
  const middle = forward ? { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 - 6 } : { x: (start.x + end.x) / 2 + bend * 0.75, y: (start.y + end.y) / 2 + GAP_Y * 0.75 };
  group.append(svg("text", { x: middle.x, y: middle.y, class: "edge-count" }, String(edge.claims)));
  return group;
}

function nodeDrawing(node, { x, y }) {
  const group = svg("g", { class: `node kind-${node.kind}` });
  group.append(
    svg("title", {}, `${node.name} (${node.kind}): in ${node.claims} relayed claim${node.claims === 1 ? "" : "s"}`),
    svg("circle", { cx: x, cy: y, r: RADIUS }),
    svg("text", { x: x + RADIUS + 5, y: y - RADIUS - 2 }, shorten(node.name)),
  );
  return group;
}

sourcesChart();
outletsChart();
kindsChart();
monthsChart();
const network = document.getElementById("relay-network");
if (network) relayNetwork(network);
