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
  const captures = await get('/api/captures').catch(() => []);
  const lags = captures.map((c) =>
    el(
      'tr',
      { 'data-testid': `capture-${c.node}` },
      el('td', {}, c.node),
      el('td', {}, c.change_table),
      el('td', {}, c.stored),
      el('td', {}, c.log_end),
      el('td', {}, c.error ? '' : c.behind),
      el('td', { class: 'msg' }, c.error ? c.error : `${c.seconds_behind} s`),
    ),
  );
  return el(
    'section',
    { 'data-testid': 'overview' },
    el('h1', {}, `Cycle of ${o.bizdate}`, el('small', {}, ` now ${o.now} · ${o.nodes} nodes`)),
    el('div', { class: 'counts' }, counts),
    el('h2', {}, 'Failures of the last days'),
    failures.length ? table(['node', 'bizdate', 'ended', 'first error line'], failures) : el('p', {}, 'none'),
    lags.length ? el('h2', {}, 'Change capture lag') : null,
    lags.length
      ? table(['node', 'change table', 'stored position', 'server log end', 'behind', 'seconds behind'], lags)
      : null,
  );
}
