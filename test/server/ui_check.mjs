// ui_check.mjs: checks one trace in the MLflow UI (3.17) with a real headless Chromium.
//
//   node ui_check.mjs '<JSON spec>'
//
// The spec (test_*.py builds it):
//   url, experimentId, traceId          the server, and the trace to look at
//   traceName, requestPreview, session, user, tokens    what its row in the traces table shows
//   tree: [[spanName, depth], ...]      the span tree, depth first (as trace_tree.tree())
//   io: {span, texts}                   a span whose inputs/outputs panel must show these texts
//   chat: {span, texts}                 the chat span: its chat view must show these message texts
//   error: {span, texts}                the failed span: its Events tab must show these texts
//   label                               prefix of the screenshot files
//   chromium, playwrightCore, screenshotDir   (added by the pytest fixture)
//
// Selectors are text and ARIA roles as a user sees them (the traces table's rows, the Display >
// Columns menu, the trace dialog, tab names); the span tree's shape is read from the on-screen
// indentation of the span names. On failure: a screenshot, the reason on stderr, exit 1. On
// success: the last stdout line is {"ok":true,"screenshots":[...],"traceUrl":"..."}.
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';

const spec = JSON.parse(process.argv[2]);
const require = createRequire(import.meta.url);
const { chromium } = require(spec.playwrightCore);

const TIMEOUT = 60_000;
const screenshots = [];
fs.mkdirSync(spec.screenshotDir, { recursive: true });

async function shot(page, name) {
  const file = path.join(spec.screenshotDir, `${spec.label}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  screenshots.push(file);
  console.error(`ui_check: screenshot ${file}`);
  return file;
}

class Failure extends Error {}
function check(cond, message) {
  if (!cond) throw new Failure(message);
}

// Waits until `locator` is visible, failing with a readable message (not a Playwright trace).
async function expectVisible(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: TIMEOUT });
  } catch {
    throw new Failure(`not visible after ${TIMEOUT / 1000} s: ${what}`);
  }
}

// Best effort: the MLflow Assistant side panel and the "Detect Issues" guidance open by
// themselves on a first visit and cover part of the page.
async function dismissOverlays(page) {
  for (const name of ['Got it', 'Close guidance']) {
    const b = page.getByRole('button', { name, exact: true });
    if (await b.first().isVisible().catch(() => false)) await b.first().click().catch(() => {});
  }
}

// Display > Columns > <column>: ticks an optional column of the traces table.
async function showColumn(page, column) {
  await page.getByRole('button', { name: 'Display', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Columns' }).hover();
  const item = page.getByRole('menuitemcheckbox', { name: column, exact: true });
  await expectVisible(item, `column "${column}" in Display > Columns`);
  if ((await item.first().getAttribute('aria-checked')) !== 'true') await item.first().click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
}

// The span names of the trace dialog's span tree, in screen order, with their x offsets.
async function readSpanTree(dialog, names) {
  return dialog.evaluate((root, names) => {
    const wanted = new Set(names);
    // The tree pane: the ancestor of the "Spans" heading that holds the span names.
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let heading = null;
    const hits = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.textContent.trim();
      if (!heading && t === 'Spans') heading = n.parentElement;
      else if (heading && wanted.has(t)) hits.push(n.parentElement);
    }
    if (!heading || hits.length === 0) return { error: 'no "Spans" heading or no span names' };
    let pane = heading;
    while (pane && !pane.contains(hits[0])) pane = pane.parentElement;
    const rows = [];
    for (const el of hits) {
      const r = el.getBoundingClientRect();
      if (!pane.contains(el) || r.width === 0) continue;
      rows.push({ name: el.textContent.trim(), x: Math.round(r.left), y: Math.round(r.top) });
    }
    rows.sort((a, b) => a.y - b.y || a.x - b.x);
    return { rows };
  }, names);
}

function checkTree(found, expected) {
  check(!found.error, `span tree: ${found.error}`);
  const rows = found.rows;
  const names = rows.map((r) => r.name);
  const want = expected.map(([n]) => n);
  check(JSON.stringify(names) === JSON.stringify(want),
    `span tree shows ${JSON.stringify(names)}, expected ${JSON.stringify(want)}`);
  const xs = rows.map((r) => r.x);
  // Depth is indentation: equal depth, equal x; deeper, further right.
  for (let i = 0; i < expected.length; i++) {
    for (let j = 0; j < expected.length; j++) {
      const [di, dj] = [expected[i][1], expected[j][1]];
      if (di === dj) check(Math.abs(xs[i] - xs[j]) <= 3,
        `span tree: ${want[i]} and ${want[j]} should be at the same depth (x ${xs[i]} vs ${xs[j]})`);
      if (di < dj) check(xs[i] + 5 < xs[j],
        `span tree: ${want[j]} should be indented deeper than ${want[i]} (x ${xs[j]} vs ${xs[i]})`);
    }
  }
}

// Clicks the n-th (0-based) occurrence of a span name in the dialog; the tree comes first in
// document order.
async function selectSpan(dialog, name, nth = 0) {
  const el = dialog.getByText(name, { exact: true }).nth(nth);
  await expectVisible(el, `span "${name}" in the span tree`);
  await el.click();
}

async function expectTexts(scope, texts, where) {
  for (const text of texts) await expectVisible(scope.getByText(text), `"${text}" in ${where}`);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: spec.chromium,
    // As root Chromium needs --no-sandbox; no GPU in CI.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(TIMEOUT);
  // A first visit opens the Assistant panel by itself; tell the app it already did.
  await page.addInitScript(() => {
    try {
      if (localStorage.getItem('mlflow.assistant.fab.autoOpenedOnFirstLoad_v1') === null) {
        localStorage.setItem('mlflow.assistant.fab.autoOpenedOnFirstLoad_v1', 'true');
        localStorage.setItem('mlflow.assistant.panelOpen_v1', 'false');
      }
    } catch {}
  });
  let stage = 'traces page';
  try {
    // 1. The experiment's traces table: the trace's row.
    const listUrl = `${spec.url}/#/experiments/${spec.experimentId}/traces`;
    console.error(`ui_check: opening ${listUrl}`);
    await page.goto(listUrl);
    await expectVisible(page.getByText(spec.requestPreview, { exact: true }),
      `the request preview ${spec.requestPreview} in the traces table at ${listUrl}`);
    await dismissOverlays(page);
    for (const column of ['Trace ID', 'Trace name', 'User']) await showColumn(page, column);
    const row = page.getByRole('row').filter({ hasText: spec.traceId });
    await expectVisible(row, `a row of the traces table with trace ID ${spec.traceId}`);
    check(await row.count() === 1, `${await row.count()} rows show trace ${spec.traceId}`);
    const cells = (await row.getByRole('cell').allInnerTexts()).map((t) => t.trim());
    for (const want of [spec.traceName, spec.requestPreview, spec.session, spec.user, 'OK',
      String(spec.tokens)]) {
      check(cells.includes(want), `the trace's row ${JSON.stringify(cells)} has no cell "${want}"`);
    }
    await shot(page, 'traces-table');

    // 2. The trace: click its row; a dialog with the span tree opens.
    stage = 'trace dialog';
    await row.getByText(spec.requestPreview, { exact: true }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: 'Spans' });
    await expectVisible(dialog, 'the trace dialog (with its "Spans" tree) after clicking the row');
    const last = spec.tree[spec.tree.length - 1][0];
    await expectVisible(dialog.getByText(last, { exact: true }), `span "${last}" in the tree`);
    check(page.url().includes(spec.traceId), `the URL ${page.url()} does not name the trace`);
    await expectVisible(dialog.getByText(`${spec.tokens} tokens`, { exact: true }),
      `the trace's token count "${spec.tokens} tokens" in the dialog header`);
    await dismissOverlays(page);
    checkTree(await readSpanTree(dialog, [...new Set(spec.tree.map(([n]) => n))]), spec.tree);
    await shot(page, 'trace-tree');

    // 3. A span's inputs and outputs.
    stage = `span ${spec.io.span}`;
    await selectSpan(dialog, spec.io.span);
    await expectVisible(dialog.getByRole('tab', { name: 'Inputs / Outputs' }), 'tab "Inputs / Outputs"');
    await expectTexts(dialog, spec.io.texts, `span ${spec.io.span}'s inputs/outputs`);
    await shot(page, `span-${spec.io.span}`);

    // 4. The chat span: MLflow's chat view shows each message as a card with its role ("User",
    // "Assistant"), instead of a "messages" field.
    stage = `chat span ${spec.chat.span}`;
    await selectSpan(dialog, spec.chat.span);
    for (const role of ['System', 'User', 'Assistant'])
      await expectVisible(dialog.getByText(role, { exact: true }), `the chat view's "${role}" message`);
    await expectTexts(dialog, spec.chat.texts, `the chat view of span ${spec.chat.span}`);
    check(await dialog.getByText('messages', { exact: true }).count() === 0,
      `span ${spec.chat.span} shows a raw "messages" field: no chat view`);
    await shot(page, `chat-${spec.chat.span}`);

    // 5. The failed span: its exception on the Events tab.
    stage = `error span ${spec.error.span}`;
    await selectSpan(dialog, spec.error.span);
    const events = dialog.getByRole('tab', { name: /^Events/ });
    await expectVisible(events, `the Events tab of the failed span ${spec.error.span}`);
    await events.first().click();
    await expectTexts(dialog, spec.error.texts, `the Events tab of span ${spec.error.span}`);
    await shot(page, `error-${spec.error.span}`);

    console.log(JSON.stringify({ ok: true, screenshots, traceUrl: page.url() }));
  } catch (e) {
    const file = await shot(page, 'failure').catch(() => '(no screenshot)');
    console.error(`ui_check: FAILED at ${stage}: ${e instanceof Failure ? e.message : e.stack}`);
    console.error(`ui_check: page ${page.url()}; screenshot ${file}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

await main();
