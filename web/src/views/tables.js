// The warehouse catalog: tables, a table's partitions and DDL, a partition's first rows.
import { get } from '../api.js';
import { el, table } from '../dom.js';

const size = (b) => (b > 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b > 1e3 ? `${(b / 1e3).toFixed(1)} kB` : `${b} B`);

export async function tables() {
  const list = await get('/api/tables');
  const rows = list.map((t) =>
    el('tr', {}, el('td', {}, el('a', { href: `#/tables/${t.name}` }, t.name)), el('td', {}, t.partitions),
      el('td', {}, t.rows), el('td', {}, size(t.bytes)), el('td', {}, t.modified), el('td', {}, t.lifecycle ?? '—')));
  return el('section', { 'data-testid': 'tables' }, el('h1', {}, 'Tables'),
    table(['table', 'partitions', 'rows', 'bytes', 'last modified', 'lifecycle (days)'], rows));
}

export async function tableDetail(params) {
  const t = await get(`/api/tables/${params.name}`);
  const preview = el('div', {});
  const show = async (spec) => {
    const p = await get(`/api/tables/${params.name}/preview?spec=${encodeURIComponent(spec)}`);
    preview.replaceChildren(el('h2', {}, `First rows of ${spec || 'the table'}`),
      table(p.columns, p.rows.map((r) => el('tr', {}, r.map((v) => el('td', {}, v ?? 'NULL'))))));
  };
  const rows = t.partitions.map((p) =>
    el('tr', {}, el('td', {}, el('a', { href: '#', onclick: (e) => { e.preventDefault(); show(p.spec); } }, p.spec || '(all)')),
      el('td', {}, p.rows), el('td', {}, size(p.bytes)), el('td', {}, p.files), el('td', {}, p.modified)));
  return el('section', { 'data-testid': 'table-detail' }, el('h1', {}, t.name),
    el('pre', { class: 'ddl' }, t.ddl),
    el('h2', {}, 'Partitions'), table(['partition', 'rows', 'bytes', 'files', 'last modified'], rows), preview);
}

export async function operations() {
  const ops = await get('/api/operations');
  return el('section', {}, el('h1', {}, 'Operations journal'),
    table(['at', 'who', 'action', 'detail'], ops.map((o) =>
      el('tr', {}, el('td', {}, o.at), el('td', {}, o.who), el('td', {}, o.action), el('td', {}, o.detail)))));
}
