// One instance: its attempts, resolved parameters, log (refreshed live while
// it runs), dirty records and the actions on it.
import { get } from '../api.js';
import { el, stateBadge, table } from '../dom.js';
import { instanceActions, nodeActions } from './actions.js';

export async function instance(params, refresh) {
  const i = await get(`/api/instances/${params.id}`);
  const attempts = i.attempts.map((a) =>
    el('tr', {}, el('td', {}, a.attempt), el('td', {}, a.started), el('td', {}, a.ended ?? '—'),
      el('td', {}, a.seconds ?? '—'), el('td', {}, stateBadge(a.state))));
  // The log grows while the instance runs without any change to the state
  // database: look again every second until it ends.
  if (i.state === 'running') {
    const here = location.hash;
    setTimeout(() => location.hash === here && refresh(), 1000);
  }
  const p = i.partition;
  const paramRows = Object.entries(i.params || {}).map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, v)));
  return el('section', { 'data-testid': 'instance' },
    el('h1', {}, `${i.node} · ${i.bizdate} `, stateBadge(i.state)),
    el('p', {}, `scheduled ${i.scheduled} · attempt ${i.attempt}`, i.target ? ` · writes ${i.target}` : ''),
    p ? el('p', { 'data-testid': 'partition' }, `partition ${p.table} ${p.spec || '(whole table)'}: ${p.rows} rows, ${p.bytes} bytes, ${p.files} files, last modified ${p.modified}`) : null,
    i.message ? el('pre', { class: 'message', 'data-testid': 'message' }, i.message) : null,
    instanceActions(i, refresh),
    nodeActions(i.node, i.bizdate, false, refresh),
    el('h2', {}, 'Attempts'),
    attempts.length ? table(['#', 'started', 'ended', 'seconds', 'state'], attempts) : el('p', {}, 'none yet'),
    el('h2', {}, 'Parameters'),
    table(['name', 'value'], paramRows),
    el('h2', {}, 'Log'),
    el('pre', { class: 'log', 'data-testid': 'log' }, i.log || '(no log yet)'),
    el('h2', {}, 'Quality checks'),
    i.checks && i.checks.length
      ? table(['rule', 'level', 'table', 'result', 'detail'], i.checks.map((c) => [
        c.rule, c.level, c.table + (c.partition ? ' ' + c.partition : ''),
        c.passed ? 'passed' : (c.level === 'strong' ? 'FAILED' : 'warning'), c.detail]))
      : el('p', { 'data-testid': 'no-checks' }, 'none'),
    el('h2', {}, 'Dirty records'),
    i.dirty && i.dirty.length ? el('pre', { class: 'log' }, i.dirty.join('\n')) : el('p', {}, 'none'),
  );
}
