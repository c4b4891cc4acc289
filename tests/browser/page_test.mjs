// The operations page in Debian's Chromium (playwright-core), against
// `strata serve --http` on the demo project with an injected clock
// (STRATA_NOW). Usage: node page_test.mjs STRATA_BIN [SCREENSHOT_DIR]
// Checks: the DAG shows the demo's nodes and the merge's dependency; the grid
// shows the demo's states; rerun with descendants of ods_user_inc for
// 20161114 reruns it and the merge, and the page shows them leave and come
// back to succeeded without a reload; a backfill of three dates creates and
// runs those instances; a pause stops serve from starting the node; a failing
// instance's page shows its error and log. Writes a screenshot of each page.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [bin, shots = ''] = process.argv.slice(2);
if (!bin) throw new Error('usage: node page_test.mjs STRATA_BIN [SCREENSHOT_DIR]');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-browser-'));
const project = path.join(tmp, 'seed');
const env = { ...process.env, STRATA_NOW: '2016-11-15T00:00:00', STRATA_FAIL_INSTANCE: 'ods_oplog@20161111' };
// Each instance of serve stays running 1.5 s, long enough for the page to show it.
const serveEnv = { ...env, STRATA_SLOW_INSTANCE_MS: '1500' };
let failures = 0;

function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function until(fn, what, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  check(false, `timed out: ${what}`);
  return false;
}

const demo = spawnSync(bin, ['demo', '--dir', project], { env, encoding: 'utf8' });
if (demo.status !== 0) throw new Error(`strata demo failed: ${demo.stderr}`);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const serve = spawn(bin, ['-C', project, 'serve', '--http', `127.0.0.1:${port}`], { env: serveEnv });
let serveLog = '';
serve.stdout.on('data', (d) => (serveLog += d));
serve.stderr.on('data', (d) => (serveLog += d));
await until(async () => (await fetch(`${base}/api/overview`)).ok, 'serve --http answers');

const context = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
  executablePath: process.env.STRATA_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] || (await context.newPage());
page.on('dialog', (d) => d.accept());
const shot = async (name) => shots && page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
// Clicks an action button (the page asks; the dialog handler accepts) and
// waits for the server's answer.
async function act(selector) {
  await page.click(selector);
  const toast = await page.waitForSelector('.toast');
  const text = await toast.textContent();
  check(text.startsWith('done'), `action ${selector}: ${text}`);
  await toast.evaluate((t) => t.remove());
}
const nodeState = (name) => page.getAttribute(`g[data-node="${name}"]`, 'data-state');

try {
  // Overview.
  await page.goto(`${base}/#/overview`);
  await page.waitForSelector('[data-testid=count-succeeded]');
  check(+(await page.textContent('[data-testid=count-succeeded] b')) > 0, 'overview counts the succeeded instances');
  await until(async () => (await page.getAttribute('#live', 'data-mode')) === 'live', 'the event stream is live');
  await shot('overview');

  // DAG: every node of the demo, the merge's same-cycle and previous-cycle dependencies.
  await page.goto(`${base}/#/dag?date=20161114`);
  await page.waitForSelector('g[data-node]');
  const nodes = await page.$$eval('g[data-node]', (gs) => gs.map((g) => g.dataset.node));
  const expected = JSON.parse(spawnSync(bin, ['-C', project, 'ls', '--format', 'json'], { env, encoding: 'utf8' }).stdout).map((n) => n.name);
  check(nodes.length === expected.length && expected.every((n) => nodes.includes(n)), `the DAG shows the ${expected.length} nodes`);
  check((await page.$('path[data-edge="ods_user_inc->dw_user_inc_merge"][data-kind=same-cycle]')) !== null, 'the merge depends on ods_user_inc');
  check((await nodeState('dw_user_inc_merge')) === 'succeeded', 'the merge is green for 20161114');
  check((await page.getAttribute('g[data-node="ods_oplog_history"]', 'class')).includes('paused'), 'a node paused in strata.yaml is marked');
  await shot('dag');

  // Rerun ods_user_inc with descendants from the DAG page; watch without reloading.
  await page.evaluate(() => {
    window.__noReload = true;
    window.__seen = {};
    new MutationObserver(() => {
      for (const g of document.querySelectorAll('g[data-node]')) {
        const s = (window.__seen[g.dataset.node] ||= []);
        if (s[s.length - 1] !== g.dataset.state) s.push(g.dataset.state);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.click('g[data-node="ods_user_inc"]');
  await page.check('[data-testid=with-descendants]');
  await act('[data-testid=rerun]');
  await until(async () => {
    const seen = await page.evaluate(() => window.__seen);
    return ['ods_user_inc', 'dw_user_inc_merge'].every((n) => (seen[n] || []).join().includes('running,succeeded'));
  }, 'rerun shows ods_user_inc and the merge go running -> succeeded', 30000);
  const seen = await page.evaluate(() => window.__seen);
  console.log('     states the page showed:', JSON.stringify(seen));
  check(await page.evaluate(() => window.__noReload === true), 'no reload happened');
  const attempts = JSON.parse(spawnSync(bin, ['-C', project, 'status', '--date', '20161114', '--format', 'json'], { env, encoding: 'utf8' }).stdout);
  for (const n of ['ods_user_inc', 'dw_user_inc_merge'])
    check(attempts.find((i) => i.node === n).attempt === 2, `${n} ran a second time`);
  check(attempts.find((i) => i.node === 'ods_user_full').attempt === 1, 'ods_user_full was not rerun');

  // Backfill three dates of ods_oplog from the page (20161111 fails by injection).
  await page.click('g[data-node="ods_oplog"]');
  await page.fill('[data-testid=backfill-from]', '20161110');
  await page.fill('[data-testid=backfill-to]', '20161112');
  await act('[data-testid=backfill]');
  await page.goto(`${base}/#/grid?from=20161108&to=20161114`);
  await until(async () => {
    const states = await page.$$eval('tr[data-node=ods_oplog] td[data-date]', (tds) => tds.map((t) => `${t.dataset.date}:${t.dataset.state}`));
    return ['20161110:succeeded', '20161111:failed', '20161112:succeeded'].every((s) => states.includes(s));
  }, 'the backfilled dates ran (one failed by injection)');
  check((await page.$$('td.cell.s-succeeded')).length > 5, 'the grid shows the demo states');
  await shot('grid');

  // The failing instance's page: its error and log.
  await page.click('tr[data-node=ods_oplog] td[data-date="20161111"] a');
  await page.waitForSelector('[data-testid=instance]');
  check((await page.textContent('[data-testid=message]')).includes('injected failure'), 'the failed instance shows its error');
  check((await page.textContent('[data-testid=log]')).includes('ods_oplog'), 'the failed instance shows its log');
  await shot('instance');

  // Pause: serve does not start the node; resume and it runs.
  await page.goto(`${base}/#/dag?date=20161114`);
  await page.click('g[data-node="ods_user_full"]');
  await act('[data-testid=pause]');
  await until(async () => (await page.getAttribute('g[data-node="ods_user_full"]', 'class')).includes('paused'), 'the DAG marks the paused node');
  await page.click('g[data-node="ods_user_full"]');
  await act('[data-testid=rerun]');
  await until(async () => (await nodeState('ods_user_full')) === 'waiting', 'the paused node waits');
  await new Promise((r) => setTimeout(r, 3000));  // three scheduler passes
  check((await nodeState('ods_user_full')) === 'waiting', 'serve does not start a paused node');
  await shot('dag-paused');
  await page.click('g[data-node="ods_user_full"]');
  await act('[data-testid=resume]');
  await until(async () => (await nodeState('ods_user_full')) === 'succeeded', 'resumed, it runs');

  await page.goto(`${base}/#/tables/dw_user`);
  await page.waitForSelector('[data-testid=table-detail]');
  check((await page.textContent('pre.ddl')).includes('CREATE TABLE dw_user'), 'the table page shows the DDL');
  await shot('tables');
} catch (e) {
  check(false, `${e.stack}`);
} finally {
  await context.close();
  serve.kill('SIGTERM');
  const code = await new Promise((r) => serve.on('exit', r));
  check(code === 0, `serve stopped cleanly (exit ${code})`);
  if (failures) console.log(serveLog);
  if (!failures) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept ${tmp}`);
}
console.log(failures ? `${failures} checks failed` : 'all browser checks passed');
process.exit(failures ? 1 : 0);
