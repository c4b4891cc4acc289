// Talks to strata's JSON API. Actions are POSTs with the X-Strata-Request
// header the server requires (its protection against cross-site requests);
// a token, when the server needs one, is asked once and kept for the tab.
const TOKEN_KEY = 'strata-token';

function headers(extra = {}) {
  const h = { ...extra };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

async function handle(res, retry) {
  if (res.status === 401) {
    const token = prompt('This strata needs its access token:');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
      return retry();
    }
  }
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
  return body;
}

export async function get(path) {
  const go = async () => handle(await fetch(path, { headers: headers() }), go);
  return go();
}

export async function post(path, body = {}) {
  const go = async () =>
    handle(
      await fetch(path, {
        method: 'POST',
        headers: headers({ 'Content-Type': 'application/json', 'X-Strata-Request': '1' }),
        body: JSON.stringify(body),
      }),
      go,
    );
  return go();
}

// Calls `onChange` whenever the state database changes: server-sent events,
// or polling every two seconds while the stream is down.
export function watch(onChange, onMode) {
  let poller = null;
  const poll = () => {
    if (!poller) poller = setInterval(onChange, 2000);
    onMode('polling');
  };
  const token = sessionStorage.getItem(TOKEN_KEY);
  const source = new EventSource('/api/events' + (token ? `?token=${encodeURIComponent(token)}` : ''));
  source.addEventListener('hello', () => {
    clearInterval(poller);
    poller = null;
    onMode('live');
  });
  source.addEventListener('change', onChange);
  source.onerror = poll;
}
