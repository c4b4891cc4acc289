// The DAG: nodes laid out by dagre (same-cycle edges solid, previous-cycle
// edges dashed), colored by the selected business date's states.
import dagre from '@dagrejs/dagre';
import { get } from '../api.js';
import { el, stateBadge } from '../dom.js';
import { nodeActions } from './actions.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 170;
const H = 40;

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function layout(data) {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 60, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of data.nodes) g.setNode(n.name, { width: W, height: H });
  data.edges.forEach((e, i) => {
    if (e.from !== e.to) g.setEdge(e.from, e.to, { kind: e.kind }, `e${i}`);
  });
  dagre.layout(g);
  return g;
}

function draw(data, g, onSelect) {
  const { width, height } = g.graph();
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, 'data-testid': 'dag' });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#666' }));
  defs.append(marker);
  root.append(defs);
  for (const e of g.edges()) {
    const edge = g.edge(e);
    const d = edge.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
    root.append(svg('path', { d, class: `edge ${edge.kind}`, 'marker-end': 'url(#arrow)',
      'data-edge': `${e.v}->${e.w}`, 'data-kind': edge.kind }));
  }
  for (const n of data.nodes) {
    const p = g.node(n.name);
    const self = data.edges.some((e) => e.from === n.name && e.to === n.name);
    const group = svg('g', { class: `node s-${n.state}${n.paused ? ' paused' : ''}`, 'data-node': n.name,
      'data-state': n.state, transform: `translate(${p.x - W / 2},${p.y - H / 2})` });
    group.append(svg('rect', { width: W, height: H, rx: 6 }));
    group.append(svg('text', { x: 8, y: 17 }, n.name + (self ? ' ↻' : '')));
    group.append(svg('text', { x: 8, y: 33, class: 'sub' }, n.state + (n.paused ? ' · paused' : '')));
    group.addEventListener('click', () => onSelect(n));
    root.append(group);
  }
  return root;
}

export async function dag(params, refresh) {
  const date = params.date || (await get('/api/overview')).bizdate;
  const data = await get(`/api/dag?date=${date}`);
  const panel = el('aside', { class: 'panel', 'data-testid': 'node-panel' }, 'Click a node for its detail.');
  const select = (n) => {
    panel.replaceChildren(
      el('h2', {}, n.name),
      el('p', {}, stateBadge(n.state), n.paused ? ` paused${n.paused_by ? ` by ${n.paused_by} at ${n.paused_at}` : ' in strata.yaml'}` : ''),
      n.description ? el('p', {}, n.description) : null,
      n.instance ? el('p', {}, el('a', { href: `#/instance/${n.instance}`, 'data-testid': 'open-instance' }, `instance of ${date}`)) : null,
      nodeActions(n.name, date, n.paused && !n.paused_in_yaml, refresh),
    );
    sessionStorage.setItem('strata-dag-selected', n.name);
  };
  const picker = el('input', { value: date, size: 8, 'data-testid': 'dag-date',
    onchange: (e) => { location.hash = `#/dag?date=${e.target.value}`; } });
  const view = el('section', { class: 'dag' },
    el('h1', {}, 'DAG ', el('small', {}, 'business date '), picker,
      el('small', {}, ' — solid: same cycle, dashed: previous cycle')),
    el('div', { class: 'dagwrap' }, draw(data, layout(data), select), panel));
  const again = data.nodes.find((n) => n.name === sessionStorage.getItem('strata-dag-selected'));
  if (again) select(again);
  return view;
}
