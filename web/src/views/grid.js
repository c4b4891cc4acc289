// The node x business date grid, a page of nodes at a time, filterable by
// node name and state; each cell links to its instance.
import { get } from '../api.js';
import { addDays, el } from '../dom.js';

const STATES = ['', 'succeeded', 'running', 'waiting', 'blocked', 'failed', 'skipped', 'interrupted', 'not-run'];

export async function grid(params) {
  const to = params.to || (await get('/api/overview')).bizdate;
  const from = params.from || addDays(to, -13);
  const offset = +(params.offset || 0);
  const q = new URLSearchParams({ from, to, offset, limit: 100 });
  if (params.node) q.set('node', params.node);
  if (params.state) q.set('state', params.state);
  const g = await get(`/api/grid?${q}`);
  const go = (changes) => {
    const next = new URLSearchParams({ from, to, node: params.node || '', state: params.state || '', offset, ...changes });
    location.hash = `#/grid?${next}`;
  };
  const header = el('tr', {}, el('th', { class: 'sticky' }, 'node'), g.dates.map((d) => el('th', {}, d.slice(4))));
  const rows = g.rows.map((r) =>
    el('tr', { 'data-node': r.node },
      el('th', { class: 'sticky' }, r.node),
      g.dates.map((d, k) => {
        const state = r.states[k];
        if (!state) return el('td', { class: 'cell' });
        const message = r.messages[d];
        return el('td', { class: `cell s-${state}`, 'data-date': d, 'data-state': state, title: `${r.node} ${d}: ${state}${message ? ' — ' + message : ''}` },
          el('a', { href: `#/instance/${r.ids[k]}` }, ' '));
      })));
  return el('section', {},
    el('h1', {}, 'Grid'),
    el('div', { class: 'filters' },
      'from ', el('input', { value: from, size: 8, onchange: (e) => go({ from: e.target.value, offset: 0 }) }),
      ' to ', el('input', { value: to, size: 8, onchange: (e) => go({ to: e.target.value, offset: 0 }) }),
      ' node ', el('input', { value: params.node || '', placeholder: 'name contains', 'data-testid': 'grid-node',
        onchange: (e) => go({ node: e.target.value, offset: 0 }) }),
      ' state ', el('select', { 'data-testid': 'grid-state', onchange: (e) => go({ state: e.target.value, offset: 0 }) },
        STATES.map((s) => el('option', { value: s, selected: s === (params.state || '') }, s || 'any'))),
      ' ', el('button', { onclick: () => go({ from: addDays(from, -14), to: addDays(to, -14) }) }, '◀ earlier'),
      el('button', { onclick: () => go({ from: addDays(from, 14), to: addDays(to, 14) }) }, 'later ▶'),
      ` ${g.total} nodes `,
      offset > 0 ? el('button', { onclick: () => go({ offset: Math.max(0, offset - 100) }) }, 'previous 100') : null,
      offset + 100 < g.total ? el('button', { onclick: () => go({ offset: offset + 100 }) }, 'next 100') : null),
    el('div', { class: 'gridwrap' }, el('table', { class: 'grid', 'data-testid': 'grid' }, el('thead', {}, header), el('tbody', {}, rows))));
}
