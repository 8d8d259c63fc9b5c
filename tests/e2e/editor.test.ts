// The visual editor in a real browser: build a pipeline with mouse and keyboard, live validation,
// YAML ↔ canvas sync, undo/redo, autosave, publish, diff, restore, export and re-import.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ApiClient, startApp, type RunningApp } from '../helpers/app';
import { artifactPath, launchBrowser, visibleText } from '../helpers/browser';

let app: RunningApp;
let browser: Browser;
let api: ApiClient;
let context: BrowserContext;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  api = await new ApiClient(app.url).signup('ada@example.com');
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const [name, value] = api.cookie.split('=');
  await context.addCookies([{ name, value, url: app.url }]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const node = (page: Page, id: string): Locator => page.locator(`.svelte-flow__node[data-id="${id}"]`);
const handle = (page: Page, id: string, handleId: 'in' | 'ctx' | 'out'): Locator =>
  node(page, id).locator(`.svelte-flow__handle[data-handleid="${handleId}"]`);
const errorBadge = (page: Page, id: string): Locator => node(page, id).locator('.problem-badge');

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a connection from one handle to another with the mouse. */
async function connect(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await center(from);
  const b = await center(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor({ timeout: 10_000 });
}

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('builds, validates, syncs, publishes, diffs, restores, exports and re-imports an agent', async () => {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // ── list → new blank agent ───────────────────────────────────────────────────────────────
  await page.goto(app.url + '/agents');
  expect(await visibleText(page.locator('.empty'))).toContain('No agents yet');
  await page.getByRole('button', { name: 'New agent' }).click();
  await page.getByText('Blank', { exact: true }).click();
  await page.getByLabel('Agent name').fill('pizza-line');
  await page.screenshot({ path: artifactPath('editor-new-agent.png') });
  await page.getByRole('button', { name: 'Create agent' }).click();
  await page.waitForURL(/\/agents\/[^/]+$/);
  const agentId = page.url().split('/').pop()!;
  await page.getByText('Empty canvas').waitFor();
  await page.screenshot({ path: artifactPath('editor-empty-canvas.png') });

  // ── build the pipeline with the mouse: click three nodes in, drag a prompt in ───────────
  await page.getByRole('button', { name: 'Add Speech to text node' }).click();
  await node(page, 'stt').waitFor();
  await page.getByRole('button', { name: 'Add Language model node' }).click();
  await node(page, 'llm').waitFor();
  await page.getByRole('button', { name: 'Add Text to speech node' }).click();
  await node(page, 'tts').waitFor();
  const pane = page.locator('.svelte-flow__pane');
  const paneBox = (await pane.boundingBox())!;
  await page.getByRole('button', { name: 'Add Prompt node' }).dragTo(pane, { targetPosition: { x: paneBox.width / 2, y: 60 } });
  await node(page, 'prompt').waitFor();
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.waitForTimeout(400);

  // A dangling TTS node carries an error (badge + red outline) until it is connected.
  expect(await visibleText(errorBadge(page, 'tts'))).toBe('1');
  expect(await node(page, 'tts').locator('.vas-node.has-error').count()).toBe(1);

  // Clicking the problem in the problems list selects the node that causes it.
  await page.getByRole('region', { name: 'Problems' }).getByRole('button', { name: /tts/ }).first().click();
  await node(page, 'tts').and(page.locator('.selected')).waitFor();
  expect(await visibleText(page.getByRole('heading', { name: 'Text to speech' }))).toBe('Text to speech');

  // A connection the spec forbids is refused with a hint.
  await connect(page, handle(page, 'stt', 'out'), handle(page, 'tts', 'in'));
  expect(await visibleText(page.getByText(/Can't connect stt → tts/))).toContain('llm');
  expect(await page.locator('.svelte-flow__edge').count()).toBe(0);

  await connect(page, handle(page, 'stt', 'out'), handle(page, 'llm', 'in'));
  await connect(page, handle(page, 'llm', 'out'), handle(page, 'tts', 'in'));
  await connect(page, handle(page, 'prompt', 'out'), handle(page, 'llm', 'ctx'));
  await waitFor(() => page.locator('.svelte-flow__edge').count(), (n) => n === 3, 'three edges');
  await errorBadge(page, 'tts').waitFor({ state: 'detached' });

  // Keyboard: write the prompt with a variable, declare its default in the variables panel.
  await node(page, 'prompt').click();
  const promptText = page.getByLabel('Prompt text');
  await promptText.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('You take pizza orders for {{shop}}. Be brief.');
  expect(await visibleText(errorBadge(page, 'prompt'))).toBe('1'); // {{shop}} is not declared
  await page.getByLabel('Default value of shop').fill("Luigi's");
  await errorBadge(page, 'prompt').waitFor({ state: 'detached' });
  expect(await visibleText(page.getByTestId('problem-count'))).toBe('valid');
  await page.screenshot({ path: artifactPath('editor-pipeline.png') });

  // Delete, undo, redo, copy/paste with the keyboard.
  await node(page, 'tts').click();
  await page.keyboard.press('Delete');
  await node(page, 'tts').waitFor({ state: 'detached' });
  await page.keyboard.press('Control+z');
  await node(page, 'tts').waitFor();
  await page.keyboard.press('Control+Shift+z');
  await node(page, 'tts').waitFor({ state: 'detached' });
  await page.keyboard.press('Control+z');
  await node(page, 'tts').waitFor();
  await node(page, 'stt').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await node(page, 'stt-2').waitFor();
  expect(await visibleText(errorBadge(page, 'stt-2'))).not.toBe('');
  await page.keyboard.press('Control+z');
  await node(page, 'stt-2').waitFor({ state: 'detached' });

  // Autosave reached the server.
  await waitSaved(page);
  const saved = (await api.json('GET', `/api/agents/${agentId}/draft`)).body;
  expect(saved.valid).toBe(true);
  expect(saved.yaml).toContain('{{shop}}');

  // ── YAML → canvas ──────────────────────────────────────────────────────────────────────
  const yamlView = page.getByTestId('yaml-editor');
  await yamlView.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(saved.yaml.replace('model: gpt-4o-mini', 'model: gpt-4.1'));
  expect(await visibleText(node(page, 'llm').getByText('gpt-4.1'))).toContain('gpt-4.1');
  // Broken YAML keeps the graph, read-only, with a positioned error; undo brings the text back.
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\nnodes: [oops\n');
  expect(await visibleText(page.getByText(/can't be drawn right now/))).toBeTruthy();
  expect(await node(page, 'llm').count()).toBe(1);
  await page.locator('.cm-lint-marker-error').first().waitFor();
  await page.screenshot({ path: artifactPath('editor-yaml-error.png') });
  await page.keyboard.press('Control+z');
  await page.getByText(/can't be drawn right now/).waitFor({ state: 'detached' });
  await waitSaved(page);

  // ── publish v1, edit, diff, restore ─────────────────────────────────────────────────────
  await page.getByRole('tab', { name: 'Versions' }).click();
  await page.getByLabel('Version message').fill('first pizza line');
  await page.getByRole('button', { name: 'Publish v1' }).click();
  expect(await visibleText(page.getByText(/Published v1/))).toMatch(/Published v1 · [0-9a-f]{12}/);
  const v1 = (await api.json('GET', `/api/agents/${agentId}/versions`)).body.versions[0];
  expect(await visibleText(page.getByTestId('version-hash'))).toBe(v1.sha256.slice(0, 12));

  await node(page, 'llm').click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByLabel('Temperature').fill('0.3');
  await page.getByLabel('Temperature').press('Tab');
  expect(await visibleText(node(page, 'llm').getByText('temperature 0.3'))).toBeTruthy();
  await waitSaved(page);

  await page.getByRole('tab', { name: 'Versions' }).click();
  await page.getByRole('button', { name: 'Compare v1 with draft' }).click();
  expect(await visibleText(page.getByTestId('diff-changes'))).toContain('temperature');
  await page.getByRole('table', { name: 'Side-by-side YAML diff' }).waitFor();
  await page.screenshot({ path: artifactPath('editor-diff.png') });
  await page.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Restore v1' }).click();
  await visibleText(page.getByText(/Draft restored from v1/));
  await node(page, 'llm').getByText('temperature 0.3').waitFor({ state: 'detached' });
  const restored = (await api.json('GET', `/api/agents/${agentId}/draft`)).body;
  expect(restored.sha256).toBe(v1.sha256);
  await page.screenshot({ path: artifactPath('editor-versions.png') });

  // ── export v1, delete the agent, import the file: same hash ─────────────────────────────
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export v1' }).click()]);
  const file = artifactPath('pizza-line-v1.yaml');
  await download.saveAs(file);
  expect(readFileSync(file, 'utf8')).toContain('name: pizza-line');

  await page.getByRole('link', { name: 'Back to agents' }).click();
  await page.waitForURL(/\/agents$/);
  await page.getByRole('button', { name: 'Delete pizza-line' }).click();
  await page.getByRole('button', { name: 'Delete agent' }).click();
  await page.getByText('No agents yet').waitFor();

  await page.getByRole('button', { name: 'Import YAML' }).first().click();
  await page.locator('dialog input[type="file"]').setInputFiles(file);
  await waitFor(() => page.getByLabel('YAML to import').inputValue(), (v) => v.includes('pizza-line'), 'the file to load');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  expect(await visibleText(page.getByRole('list', { name: 'Import results' }))).toContain('created');
  await page.screenshot({ path: artifactPath('editor-import.png') });
  const [imported] = (await api.json('GET', '/api/agents')).body.agents;
  const importedDraft = (await api.json('GET', `/api/agents/${imported.id}/draft`)).body;
  expect(importedDraft.sha256).toBe(v1.sha256);

  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('link', { name: 'pizza-line', exact: true }).waitFor();

  // Duplicate and search on the list.
  await page.getByRole('button', { name: 'Duplicate pizza-line' }).click();
  await page.getByRole('link', { name: 'pizza-line-copy' }).waitFor();
  await page.screenshot({ path: artifactPath('agents-list.png') });
  await page.getByLabel('Search agents').fill('copy');
  await waitFor(() => page.getByTestId('agent-row').count(), (n) => n === 1, 'the search to filter');
  expect(errors).toEqual([]);
  await page.close();
});

it('offers reload or overwrite when the draft changed elsewhere, losing nothing', async () => {
  const created = await api.json('POST', '/api/agents', { name: 'conflicted' });
  expect(created.status).toBe(201);
  const agentId = created.body.agent.id;
  const page = await context.newPage();
  await page.goto(`${app.url}/agents/${agentId}`);
  await page.getByText('Empty canvas').waitFor();

  // Someone else saves while this tab is open.
  const draft = (await api.json('GET', `/api/agents/${agentId}/draft`)).body;
  const put = await api.json('PUT', `/api/agents/${agentId}/draft`, draft.yaml + '# changed elsewhere\n', {
    'if-match': String(draft.revision)
  });
  expect(put.status).toBe(200);

  await page.getByRole('button', { name: 'Add Realtime model node' }).click();
  await node(page, 'realtime').waitFor();
  const dialog = page.getByRole('dialog', { name: 'This draft was changed elsewhere' });
  await dialog.waitFor({ timeout: 10_000 });
  await page.screenshot({ path: artifactPath('editor-conflict.png') });

  // Reload theirs: our node goes away, and one Undo brings it back (then saves over theirs).
  await dialog.getByRole('button', { name: 'Reload theirs' }).click();
  await node(page, 'realtime').waitFor({ state: 'detached' });
  await page.keyboard.press('Control+z');
  await node(page, 'realtime').waitFor();
  await waitSaved(page);
  const after = (await api.json('GET', `/api/agents/${agentId}/draft`)).body;
  expect(after.yaml).toContain('type: realtime');
  await page.close();
});
