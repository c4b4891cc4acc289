// The action forms shared by the DAG and instance views: each asks for
// confirmation, then POSTs to the API.
import { post } from '../api.js';
import { confirmed, el } from '../dom.js';

export function nodeActions(node, date, paused, refresh) {
  const desc = el('input', { type: 'checkbox', 'data-testid': 'with-descendants' });
  const from = el('input', { value: date, size: 8, 'data-testid': 'backfill-from' });
  const to = el('input', { value: date, size: 8, 'data-testid': 'backfill-to' });
  const parallel = el('input', { type: 'number', value: 1, min: 1, max: 64, 'data-testid': 'backfill-parallel' });
  const bdesc = el('input', { type: 'checkbox', 'data-testid': 'backfill-descendants' });
  return el(
    'div',
    { class: 'actions' },
    el('div', {},
      el('button', {
        'data-testid': 'rerun',
        onclick: () => confirmed(`Rerun ${node} for ${date}${desc.checked ? ' with its descendants' : ''}?`,
          () => post('/api/actions/rerun', { node, date, descendants: desc.checked }), refresh),
      }, 'Rerun'),
      el('label', {}, desc, ' with descendants')),
    el('div', {},
      el('button', {
        'data-testid': 'backfill',
        onclick: () => confirmed(`Backfill ${node} from ${from.value} to ${to.value}?`,
          () => post('/api/actions/backfill', { node, from: from.value, to: to.value,
            descendants: bdesc.checked, parallel: +parallel.value }), refresh),
      }, 'Backfill'),
      ' from ', from, ' to ', to, ' parallel ', parallel, el('label', {}, bdesc, ' with descendants')),
    el('div', {},
      paused
        ? el('button', { 'data-testid': 'resume',
            onclick: () => confirmed(`Resume ${node}?`, () => post(`/api/nodes/${encodeURIComponent(node)}/resume`), refresh) }, 'Resume')
        : el('button', { 'data-testid': 'pause',
            onclick: () => confirmed(`Pause ${node}?`, () => post(`/api/nodes/${encodeURIComponent(node)}/pause`), refresh) }, 'Pause')),
  );
}

export function instanceActions(inst, refresh) {
  return el(
    'div',
    { class: 'actions' },
    el('button', { 'data-testid': 'set-success',
      onclick: () => confirmed(`Set ${inst.node} ${inst.bizdate} to succeeded?`,
        () => post(`/api/instances/${inst.id}/set-success`), refresh) }, 'Set success'),
    el('button', { 'data-testid': 'stop',
      onclick: () => confirmed(`Stop ${inst.node} ${inst.bizdate}?`,
        () => post(`/api/instances/${inst.id}/stop`), refresh) }, 'Stop'),
  );
}
