/**
 * Runs inside the network webview (a browser page). Draws the graph the extension posts with
 * cytoscape (bundled: no network access), lets the user search, filter by type and re-layout, and
 * asks the extension to open a note when a node is clicked.
 */
import cytoscape from 'cytoscape';
import type { GraphResult } from '@rapport/language-server/protocol';
import type { FromWebview, ToWebview } from '../webviewHtml.js';

declare function acquireVsCodeApi(): { postMessage(msg: FromWebview): void };
const vscode = acquireVsCodeApi();

const TYPES = ['person', 'organization', 'program', 'event', 'placeholder'] as const;
const TYPE_LABEL: Record<(typeof TYPES)[number], string> = {
  person: 'People',
  organization: 'Organizations',
  program: 'Programs',
  event: 'Events',
  placeholder: 'Missing notes',
};
const SHAPE: Record<(typeof TYPES)[number], cytoscape.Css.NodeShape> = {
  person: 'ellipse',
  organization: 'round-rectangle',
  program: 'diamond',
  event: 'hexagon',
  placeholder: 'ellipse',
};

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

const palette = () => ({
  fg: cssVar('--vscode-foreground', '#cccccc'),
  bg: cssVar('--vscode-editor-background', '#1e1e1e'),
  edge: cssVar('--vscode-editorIndentGuide-activeBackground1', '#777777'),
  focus: cssVar('--vscode-focusBorder', '#007fd4'),
  person: cssVar('--vscode-charts-blue', '#3794ff'),
  organization: cssVar('--vscode-charts-green', '#89d185'),
  program: cssVar('--vscode-charts-purple', '#b180d7'),
  event: cssVar('--vscode-charts-orange', '#d18616'),
  placeholder: cssVar('--vscode-disabledForeground', '#888888'),
});

const hidden = new Set<string>();
let cy: cytoscape.Core | undefined;

function style(): cytoscape.StylesheetJson {
  const p = palette();
  const byType = TYPES.map((t) => ({
    selector: `node[type = "${t}"]`,
    style: { 'background-color': p[t], shape: SHAPE[t] },
  }));
  return [
    {
      selector: 'node',
      style: {
        label: 'data(name)',
        color: p.fg,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '120px',
        width: 22,
        height: 22,
        'border-width': 1,
        'border-color': p.bg,
      },
    },
    ...byType,
    { selector: 'node[type = "placeholder"]', style: { 'border-style': 'dashed', 'border-color': p.fg, 'background-opacity': 0.4 } },
    {
      selector: 'edge',
      style: {
        width: 1.2,
        'line-color': p.edge,
        'curve-style': 'straight',
        opacity: 0.7,
      },
    },
    { selector: 'edge[kind *= "introduced-by"]', style: { 'line-style': 'dashed', width: 1.6 } },
    { selector: '.faded', style: { opacity: 0.15 } },
    { selector: '.match', style: { 'border-width': 3, 'border-color': p.focus } },
    { selector: 'node:selected', style: { 'border-width': 3, 'border-color': p.focus } },
  ];
}

/** One line per pair of nodes, whatever the number or direction of links between them. */
function elements(graph: GraphResult): cytoscape.ElementDefinition[] {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const pairs = new Map<string, { source: string; target: string; kinds: Set<string> }>();
  for (const e of graph.edges) {
    if (!ids.has(e.from) || !ids.has(e.to) || e.from === e.to) continue;
    const [a, b] = e.from < e.to ? [e.from, e.to] : [e.to, e.from];
    const key = `${a}\u0000${b}`;
    const pair = pairs.get(key) ?? { source: e.from, target: e.to, kinds: new Set<string>() };
    pair.kinds.add(e.kind);
    pairs.set(key, pair);
  }
  return [
    ...graph.nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id, name: n.name, type: n.type, uri: n.uri ?? '' } })),
    ...[...pairs.values()].map((p, i) => ({
      group: 'edges' as const,
      data: { id: `e${i}`, source: p.source, target: p.target, kind: [...p.kinds].sort().join(' ') },
    })),
  ];
}

function layout(): void {
  cy
    ?.layout({
      name: 'cose',
      animate: false,
      randomize: false,
      nodeDimensionsIncludeLabels: true,
      nodeRepulsion: () => 20_000,
      nodeOverlap: 10,
      idealEdgeLength: () => 60,
      edgeElasticity: () => 80,
      gravity: 1.2,
      numIter: 2500,
      componentSpacing: 40,
      padding: 20,
    } as cytoscape.CoseLayoutOptions)
    .run();
}

function applyFilters(): void {
  if (!cy) return;
  cy.batch(() => {
    cy!.nodes().forEach((n) => {
      n.style('display', hidden.has(n.data('type') as string) ? 'none' : 'element');
    });
  });
  stats();
}

function stats(): void {
  const el = document.getElementById('stats');
  if (!el || !cy) return;
  const shown = cy.nodes().filter((n) => n.style('display') !== 'none');
  el.textContent = `${shown.length} nodes, ${cy.edges().length} links`;
}

function search(q: string): void {
  if (!cy) return;
  const needle = q.trim().toLowerCase();
  cy.batch(() => {
    cy!.elements().removeClass('faded match');
    if (!needle) return;
    const hits = cy!.nodes().filter((n) => String(n.data('name')).toLowerCase().includes(needle));
    const keep = hits.closedNeighborhood();
    cy!.elements().not(keep).addClass('faded');
    hits.addClass('match');
  });
}

function buildFilters(graph: GraphResult): void {
  const host = document.getElementById('filters')!;
  host.replaceChildren();
  for (const t of TYPES) {
    const count = graph.nodes.filter((n) => n.type === t).length;
    if (!count) continue;
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = !hidden.has(t);
    box.addEventListener('change', () => {
      if (box.checked) hidden.delete(t);
      else hidden.add(t);
      applyFilters();
    });
    const swatch = document.createElement('span');
    swatch.className = `swatch swatch-${t}`;
    label.append(box, swatch, document.createTextNode(` ${TYPE_LABEL[t]} (${count})`));
    host.append(label);
  }
}

function render(graph: GraphResult): void {
  const message = document.getElementById('message')!;
  message.hidden = graph.nodes.length > 0;
  message.textContent = 'No notes yet: create a person with “Rapport: New Person”.';
  const container = document.getElementById('graph')!;
  if (!cy) {
    cy = cytoscape({ container, elements: elements(graph), style: style(), wheelSensitivity: 0.3, minZoom: 0.1, maxZoom: 4 });
    cy.on('tap', 'node', (ev) => {
      const uri = ev.target.data('uri') as string;
      if (uri) vscode.postMessage({ type: 'open', uri });
    });
  } else {
    cy.elements().remove();
    cy.add(elements(graph));
  }
  buildFilters(graph);
  layout();
  applyFilters();
  search(searchBox.value);
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const msg = ev.data;
  if (msg.type === 'graph') render(msg.graph);
  else if (msg.type === 'error') {
    const el = document.getElementById('message')!;
    el.hidden = false;
    el.textContent = `Could not load the network: ${msg.message}`;
  }
});

const searchBox = document.getElementById('search') as HTMLInputElement;
searchBox.addEventListener('input', () => search(searchBox.value));
// Enter opens the note of the first match (the keyboard's way to "click a node").
searchBox.addEventListener('keydown', (ev) => {
  if (ev.key !== 'Enter' || !cy) return;
  const first = cy.nodes('.match').filter((n) => !!n.data('uri')).first();
  if (first.nonempty()) vscode.postMessage({ type: 'open', uri: first.data('uri') as string });
});
document.getElementById('fit')!.addEventListener('click', () => cy?.fit(undefined, 30));
document.getElementById('relayout')!.addEventListener('click', () => layout());

vscode.postMessage({ type: 'ready' });
