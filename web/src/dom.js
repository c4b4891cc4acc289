// Small DOM helpers: elements built from data, text always set as text (never
// as HTML), so names and log lines from the state database cannot inject markup.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function table(headers, rows, attrs = {}) {
  return el(
    'table',
    attrs,
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows),
  );
}

export function stateBadge(state) {
  return el('span', { class: `state s-${state}`, 'data-state': state }, state);
}

// Asks before an action; shows the server's answer (or its error).
export async function confirmed(question, action, after) {
  if (!window.confirm(question)) return;
  try {
    await action();
    toast('done: ' + question.replace(/\?$/, ''));
    if (after) after();
  } catch (e) {
    toast('error: ' + e.message, true);
  }
}

export function toast(text, error = false) {
  const t = el('div', { class: error ? 'toast error' : 'toast', role: 'status' }, text);
  document.body.append(t);
  setTimeout(() => t.remove(), error ? 8000 : 3000);
}

export function ymd(date) {
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

export function addDays(yyyymmdd, days) {
  const d = new Date(Date.UTC(+yyyymmdd.slice(0, 4), +yyyymmdd.slice(4, 6) - 1, +yyyymmdd.slice(6, 8)));
  d.setUTCDate(d.getUTCDate() + days);
  return ymd(d);
}
