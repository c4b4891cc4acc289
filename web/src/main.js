// The operations page: hash routes (bookmarkable), each view rebuilt from
// the API on navigation and whenever the server says the state changed.
import './style.css';
import { watch } from './api.js';
import { el } from './dom.js';
import { dag } from './views/dag.js';
import { grid } from './views/grid.js';
import { instance } from './views/instance.js';
import { overview } from './views/overview.js';
import { operations, tableDetail, tables } from './views/tables.js';

function route() {
  const [path, query] = (location.hash.slice(1) || '/overview').split('?');
  const params = Object.fromEntries(new URLSearchParams(query || ''));
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'instance') return [instance, { ...params, id: parts[1] }];
  if (parts[0] === 'tables' && parts[1]) return [tableDetail, { ...params, name: parts[1] }];
  const views = { overview, dag, grid, tables, operations };
  return [views[parts[0]] || overview, params];
}

let rendering = false;
let again = false;
// While the user edits a form of the view, live updates wait (a rebuilt view
// would drop what they typed); an action or a navigation ends the edit.
let editing = false;
document.getElementById('view').addEventListener('input', () => (editing = true));
const refresh = () => {
  editing = false;
  render();
};

async function render() {
  if (editing) return;
  if (rendering) {
    again = true;
    return;
  }
  rendering = true;
  const [view, params] = route();
  const main = document.getElementById('view');
  try {
    const scroll = [window.scrollX, window.scrollY];
    const node = await view(params, refresh);
    if (editing) {
      rendering = false;
      return;
    }
    main.replaceChildren(node);
    window.scrollTo(...scroll);
  } catch (e) {
    main.replaceChildren(el('p', { class: 'error', 'data-testid': 'error' }, e.message));
  }
  rendering = false;
  if (again) {
    again = false;
    render();
  }
}

window.addEventListener('hashchange', refresh);
watch(render, (mode) => {
  const live = document.getElementById('live');
  live.textContent = mode === 'live' ? '● live' : '○ polling';
  live.dataset.mode = mode;
});
render();
