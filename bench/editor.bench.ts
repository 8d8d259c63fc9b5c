// The visual editor with a 300-node spec in chromium: load time, work per frame while dragging a
// node (goal ≤ 16 ms) and YAML → graph sync (goal ≤ 50 ms). Printed, never asserted.
import type { Page } from 'playwright-core';
import { API_VERSION, KIND, serializeSpec, type AgentSpec, type SpecNode } from '../src/lib/spec/index';
import { ApiClient, startApp } from '../tests/helpers/app';
import { launchBrowser } from '../tests/helpers/browser';
import { ensureBuild } from '../tests/helpers/build';
import { fmtMs, median, percentile, report } from './stats';

const NODES = 300;

/** A pipeline plus MCP nodes wired into the llm, laid out on a grid. */
function bigSpec(count: number): AgentSpec {
  const nodes: SpecNode[] = [
    { id: 'ears', type: 'stt', provider: 'deepgram', model: 'nova-3' },
    { id: 'brain', type: 'llm', provider: 'openai', model: 'gpt-4o-mini' },
    { id: 'mouth', type: 'tts', provider: 'openai', voice: 'coral' },
    { id: 'persona', type: 'prompt', role: 'instructions', text: 'You help.' }
  ];
  const layout: Record<string, { x: number; y: number }> = { ears: { x: 0, y: -300 }, brain: { x: 300, y: -300 }, mouth: { x: 600, y: -300 }, persona: { x: 150, y: -500 } };
  for (let i = 0; nodes.length < count; i++) {
    const id = `tools-${i}`;
    nodes.push({ id, type: 'mcp', server: 'everything', prefix: `t${i}`, tools: { include: ['echo'] } } as SpecNode);
    layout[id] = { x: (i % 20) * 240, y: Math.floor(i / 20) * 120 };
  }
  const edges = [
    { from: 'ears', to: 'brain' },
    { from: 'brain', to: 'mouth' },
    ...nodes.filter((n) => n.type === 'prompt' || n.type === 'mcp').map((n) => ({ from: n.id, to: 'brain' }))
  ];
  return { apiVersion: API_VERSION, kind: KIND, metadata: { name: 'big-agent' }, nodes, edges, layout } as AgentSpec;
}

/** Records the main-thread work of every pointer move: from the event to the DOM updated and laid out. */
async function installMoveProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __moveCosts: number[] };
    w.__moveCosts = [];
    window.addEventListener(
      'pointermove',
      () => {
        const t0 = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          void document.body.offsetHeight; // include style and layout of the update
          w.__moveCosts.push(performance.now() - t0);
        };
        channel.port2.postMessage(null); // runs after the handlers and Svelte's microtask flush
      },
      { capture: true }
    );
  });
}

async function measureDrag(page: Page, nodeId: string): Promise<number[]> {
  await page.evaluate(() => ((window as unknown as { __moveCosts: number[] }).__moveCosts = []));
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.waitForTimeout(400);
  const box = (await page.locator(`.svelte-flow__node[data-id="${nodeId}"]`).boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + 12;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) await page.mouse.move(x + i * 4, y + i * 2);
  await page.mouse.up();
  await page.waitForTimeout(300);
  return page.evaluate(() => (window as unknown as { __moveCosts: number[] }).__moveCosts);
}

async function measureYamlSync(page: Page, yaml: string, rounds: number): Promise<number[]> {
  const editor = page.getByTestId('yaml-editor');
  for (let i = 0; i < rounds; i++) {
    const before = await page.evaluate(() => performance.getEntriesByName('vas:yaml-sync').length);
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(yaml.replace('model: gpt-4o-mini', `model: gpt-bench-${i}`));
    await page.waitForFunction((n) => performance.getEntriesByName('vas:yaml-sync').length > n, before, { timeout: 10_000 });
  }
  return page.evaluate(() => performance.getEntriesByName('vas:yaml-sync').map((e) => e.duration));
}

const entries = (page: Page, name: string) => page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);

export async function run(): Promise<void> {
  ensureBuild();
  const app = await startApp();
  const browser = await launchBrowser();
  try {
    const api = await new ApiClient(app.url).signup('bench-editor@example.com');
    const yaml = serializeSpec(bigSpec(NODES));
    const created = await api.json('POST', '/api/agents', { yaml });
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [name, value] = api.cookie.split('=');
    await context.addCookies([{ name, value, url: app.url }]);
    const page = await context.newPage();

    const loads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await page.goto(`${app.url}/agents/${created.body.agent.id}`);
      await page.waitForFunction((n) => document.querySelectorAll('.svelte-flow__node').length >= n, NODES, { timeout: 30_000 });
      await page.locator('.svelte-flow__node[data-id="brain"]').waitFor({ state: 'visible' });
      loads.push(performance.now() - t);
    }
    console.log(`${NODES}-node spec (${(yaml.length / 1024).toFixed(0)} KB of YAML) in chromium, 1280×800`);
    console.log(`page load to ${NODES} nodes drawn: median ${fmtMs(median(loads))} (runs: ${loads.map(fmtMs).join(', ')})`);

    await installMoveProbe(page);
    await measureDrag(page, 'tools-10'); // warm-up: the first drag of a page compiles its code paths
    const moves = await measureDrag(page, 'tools-150');
    console.log(`drag of a node with one edge: ${moves.length} pointer moves, median ${fmtMs(median(moves))}, max ${fmtMs(Math.max(...moves))}`);
    report('node drag work per frame p95', percentile(moves, 95), 16);
    const hub = await measureDrag(page, 'brain');
    console.log(`drag of the llm with ${NODES - 2} edges (worst case): median ${fmtMs(median(hub))}, p95 ${fmtMs(percentile(hub, 95))}`);

    const syncs = await measureYamlSync(page, yaml, 5);
    const parses = await entries(page, 'vas:yaml-parse');
    console.log(`YAML → graph sync: ${syncs.map(fmtMs).join(', ')}; of which parse + validate (spec module): median ${fmtMs(median(parses))}`);
    report('YAML → graph sync of 300 nodes (median)', median(syncs), 50);
    await context.close();
  } finally {
    await browser.close();
    await app.stop();
  }
}
