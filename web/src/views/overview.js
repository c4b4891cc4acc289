import { get } from '../api.js';
import { el, stateBadge, table } from '../dom.js';

export async function overview(params) {
  const o = await get('/api/overview' + (params.date ? `?date=${params.date}` : ''));
  document.getElementById('project').textContent = `strata · ${o.project}`;
  const counts = ['succeeded', 'running', 'waiting', 'failed'].map((s) =>
    el('div', { class: `count s-${s}`, 'data-testid': `count-${s}` }, el('b', {}, o.counts[s]), ' ', s),
  );
  const failures = o.failures.map((f) =>
    el(
      'tr',
      {},
      el('td', {}, el('a', { href: `#/instance/${f.id}` }, f.node)),
      el('td', {}, f.bizdate),
      el('td', {}, f.ended),
      el('td', { class: 'msg' }, f.error),
    ),
  );
  return el(
    'section',
    { 'data-testid': 'overview' },
    el('h1', {}, `Cycle of ${o.bizdate}`, el('small', {}, ` now ${o.now} · ${o.nodes} nodes`)),
    el('div', { class: 'counts' }, counts),
    el('h2', {}, 'Failures of the last days'),
    failures.length ? table(['node', 'bizdate', 'ended', 'first error line'], failures) : el('p', {}, 'none'),
  );
}
