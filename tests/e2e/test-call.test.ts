/**
 * The agent page's Test panel in a real browser.
 *  text:  the real runtime playground (in-process, reading drafts through the editor's internal
 *         API) with the OpenAI-compatible fake and an MCP server, plus the failures a user meets.
 *  voice: fake-media Chromium against the LiveKit Twirp fake (rooms and dispatches work, the
 *         WebRTC join cannot), the microphone refused, and hanging up mid-connect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiSpecSource } from '../../runtime/src/spec-source';
import { startPlayground, type Playground } from '../../runtime/src/playground';
import { pipelineYaml, quietLogger } from '../../runtime/test/helpers';
import { ApiClient, startApp, type RunningApp } from '../helpers/app';
import { artifactPath, launchBrowser, visibleText } from '../helpers/browser';
import { freePort, waitFor } from '../helpers/ports';
import { startFakeMcpServer, type FakeMcpServer } from '../fakes/mcp-server';
import { defaultScript, lastUserText, messageText, startOpenAIFake, type OpenAIFake } from '../fakes/openai';
import { startLiveKitTwirpFake, type LiveKitTwirpFake } from '../fakes/livekit-twirp';

const RUNTIME_TOKEN = 'e2e-runtime-token-0123456789';
const VIEWPORT = { width: 1440, height: 900 };

async function signedInContext(browser: Browser, app: RunningApp, client: ApiClient): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const [name, value] = client.cookie.split('=');
  await context.addCookies([{ name, value, url: app.url }]);
  return context;
}

async function openTestTab(page: Page, app: RunningApp, agentId: string): Promise<void> {
  await page.goto(`${app.url}/agents/${agentId}`);
  await page.getByRole('tab', { name: 'Test' }).click();
  await page.locator('[data-testid="test-call"][data-ready="true"]').waitFor();
}

describe('text test calls', () => {
  let app: RunningApp;
  let browser: Browser;
  let llm: OpenAIFake;
  let mcp: FakeMcpServer;
  let playground: Playground;
  let playgroundPort: number;
  let source: ApiSpecSource | undefined;
  let client: ApiClient;
  /** the runtime's environment: the tests take the provider key away and give it back */
  const runtimeEnv: Record<string, string | undefined> = { OPENAI_API_KEY: 'fake' };

  const startRuntime = () =>
    startPlayground({
      token: RUNTIME_TOKEN,
      port: playgroundPort,
      // The editor's URL is known only once it runs; the runtime reads specs lazily anyway.
      source: { kind: 'api', load: (...args) => source!.load(...args) },
      env: runtimeEnv,
      mcp: { connectTimeoutMs: 5_000 }
    });

  beforeAll(async () => {
    quietLogger();
    llm = await startOpenAIFake({ chunkSize: 6, chunkDelayMs: 5 });
    // "persona?" makes the fake read back the system prompt it was given: proof of which draft ran.
    llm.setScript((req) => {
      if (/persona\?/i.test(lastUserText(req))) {
        const system = req.messages.find((m) => m.role === 'system' || m.role === 'developer');
        return { text: `Persona: ${messageText(system).trim()}` };
      }
      return defaultScript(req);
    });
    mcp = await startFakeMcpServer();
    playgroundPort = await freePort();
    playground = await startRuntime();
    app = await startApp({ env: { RUNTIME_TOKEN, PLAYGROUND_URL: playground.url } });
    source = new ApiSpecSource(app.url, RUNTIME_TOKEN);
    client = await new ApiClient(app.url).signup('tester@example.com');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await playground?.close();
    await app?.stop();
    await Promise.all([llm?.close(), mcp?.stop()]);
  });

  const spec = (name: string, instructions: string, extraMcp: Array<Record<string, unknown>> = []) =>
    pipelineYaml({
      name,
      llmBaseURL: llm.baseURL,
      instructions,
      greeting: 'Hi, this is {{shop}}. What can I get you?',
      variables: { shop: "Luigi's" },
      mcp: [{ id: 'menu', transport: 'streamable-http', url: mcp.url, tools: { include: ['echo', 'add'] } }, ...extraMcp],
      tests: [
        { name: 'echoes through the tool', turns: [{ user: 'call menu_echo with {"message":"pizza"}', expect: { toolCalls: ['menu_echo'], replyContains: ['PIZZA'] } }] },
        { name: 'mentions calzone', turns: [{ user: 'hello', expect: { replyContains: ['calzone'] } }] }
      ]
    });

  async function createAgent(yaml: string): Promise<string> {
    const res = await client.json('POST', '/api/agents', { yaml });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.agent.id as string;
  }

  async function send(page: Page, text: string): Promise<void> {
    const box = page.getByLabel('Message');
    await expect.poll(() => box.isEnabled(), { timeout: 15_000 }).toBe(true);
    await box.fill(text);
    await box.press('Enter');
    // the turn is over when the message box is usable again
    await expect.poll(() => box.isEnabled(), { timeout: 30_000 }).toBe(true);
  }

  it('chats with the saved draft: reply, tool call trace, latency; a prompt edit is used by the next call without publishing', async () => {
    const agentId = await createAgent(spec('menu-bot', 'You are Menu Bot, version one. Be brief.'));
    const context = await signedInContext(browser, app, client);
    const page = await context.newPage();
    await openTestTab(page, app, agentId);

    // LIVEKIT_URL is unset: voice is off and says how to turn it on.
    expect(await page.getByRole('radio', { name: 'Voice' }).isDisabled()).toBe(true);
    expect(await visibleText(page.getByTestId('voice-hint'))).toContain('LIVEKIT_URL');
    expect(await page.getByRole('radio', { name: 'Text' }).getAttribute('aria-checked')).toBe('true');

    // variables come from the draft
    expect(await page.getByLabel("Value of shop").inputValue()).toBe("Luigi's");
    await page.getByLabel('Value of shop').fill('Mario’s');

    await page.getByRole('button', { name: 'Start text call' }).click();
    expect(await visibleText(page.getByTestId('turn-agent'))).toContain('Hi, this is Mario’s.');
    await page.locator('[data-testid="mcp-status"][data-server="menu"][data-state="connected"]').waitFor({ timeout: 15_000 });

    await send(page, 'call menu_add with {"a":20,"b":22}');
    const tool = page.locator('[data-testid="tool-call"][data-tool="menu_add"]');
    const toolText = await visibleText(tool);
    expect(toolText).toContain('menu_add');
    expect(toolText).toContain('{"a":20,"b":22}');
    expect(toolText).toContain('42');
    expect(toolText).toMatch(/\d+ ms/);
    expect((await visibleText(page.getByTestId('turn-agent').last())).trim()).toBe('Tool result: "42"');
    const latency = await visibleText(page.getByTestId('latency').last());
    expect(latency).toMatch(/LLM TTFT \d+ ms/);
    expect(latency).toMatch(/total \d+ ms/);
    await tool.locator('summary').click(); // open the trace row for the screenshot
    await page.screenshot({ path: artifactPath('test-call-text.png') });

    await send(page, 'persona?');
    expect(await visibleText(page.getByTestId('turn-agent').last())).toContain('version one');

    // Edit the draft's prompt (as autosave would) — no publish.
    const draft = await client.json('GET', `/api/agents/${agentId}/draft`);
    const edited = draft.body.yaml.replace('version one', 'version two');
    const saved = await client.json('PUT', `/api/agents/${agentId}/draft`, edited, { 'if-match': String(draft.body.revision) });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    await page.getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('button', { name: 'Start text call' }).click();
    await page.locator('[data-testid="mcp-status"][data-server="menu"][data-state="connected"]').waitFor({ timeout: 15_000 });
    await send(page, 'persona?');
    expect(await visibleText(page.getByTestId('turn-agent').last())).toContain('You are Menu Bot, version two.');
    const lastSystem = llm.chatRequests.at(-1)!.messages.find((m) => m.role === 'system' || m.role === 'developer');
    expect(messageText(lastSystem)).toContain('version two');
    expect((await client.json('GET', `/api/agents/${agentId}/versions`)).body.versions ?? []).toEqual([]);

    // The spec's tests run through text sessions of the same draft: one passes, one fails.
    await page.getByRole('button', { name: 'Run tests' }).click();
    expect(await visibleText(page.getByTestId('test-summary'), 30_000)).toContain('1 of 2 passed, 1 failed');
    const results = page.getByTestId('test-result');
    expect(await results.nth(0).getAttribute('data-status')).toBe('passed');
    expect(await results.nth(1).getAttribute('data-status')).toBe('failed');
    expect(await results.nth(1).textContent()).toContain('reply does not contain "calzone"');
    await page.getByTestId('test-summary').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('test-call-tests.png') });
    await context.close();
  });

  it('says in plain words when an MCP server is down, the provider key is missing, the draft is invalid, or the runtime is not running — and recovers', async () => {
    const agentId = await createAgent(spec('menu-bot-trouble', 'You are Menu Bot.', [{ id: 'crm', transport: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }]));
    const context = await signedInContext(browser, app, client);
    const page = await context.newPage();
    await openTestTab(page, app, agentId);

    // MCP server down: the call still works, the server shows as unavailable with what to do.
    await page.getByRole('button', { name: 'Start text call' }).click();
    await page.locator('[data-testid="mcp-status"][data-server="crm"][data-state="error"], [data-testid="mcp-status"][data-server="crm"][data-state="reconnecting"]').first().waitFor({ timeout: 20_000 });
    const notice = await visibleText(page.getByTestId('turn-notice').filter({ hasText: 'crm' }));
    expect(notice).toContain('MCP server "crm" is unavailable');
    expect(notice).toContain('keeps working without these tools');
    await page.locator('[data-testid="mcp-status"][data-server="menu"][data-state="connected"]').waitFor({ timeout: 15_000 });
    await send(page, 'call menu_echo with {"message":"still here"}');
    expect(await visibleText(page.getByTestId('turn-agent').last())).toContain('still here');
    await page.screenshot({ path: artifactPath('test-call-mcp-down.png') });
    await page.getByRole('button', { name: 'Hang up' }).click();

    // Provider key missing (runtime environment without OPENAI_API_KEY).
    delete runtimeEnv.OPENAI_API_KEY;
    await page.getByRole('button', { name: 'Start text call' }).click();
    const keyError = await visibleText(page.getByTestId('test-call-error'));
    expect(keyError).toContain('A provider key is missing');
    expect(keyError).toContain('OPENAI_API_KEY');
    runtimeEnv.OPENAI_API_KEY = 'fake';
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByLabel('Message').waitFor();
    expect(await page.getByTestId('test-call-error').count()).toBe(0);
    await page.getByRole('button', { name: 'Hang up' }).click();

    // Invalid draft: the problems are listed.
    const draft = await client.json('GET', `/api/agents/${agentId}/draft`);
    const broken = draft.body.yaml.replace('provider: openai', 'provider: nobody');
    expect((await client.json('PUT', `/api/agents/${agentId}/draft`, broken, { 'if-match': String(draft.body.revision) })).status).toBe(200);
    await page.getByRole('button', { name: 'Start text call' }).click();
    const invalid = await visibleText(page.getByTestId('test-call-error'));
    expect(invalid).toContain('The draft has errors');
    expect(invalid).toMatch(/nodes/);
    await page.screenshot({ path: artifactPath('test-call-invalid-draft.png') });
    const fixed = await client.json('GET', `/api/agents/${agentId}/draft`);
    await client.json('PUT', `/api/agents/${agentId}/draft`, draft.body.yaml, { 'if-match': String(fixed.body.revision) });

    // Runtime not running: how to start it; Try again works once it is back.
    await playground.close();
    await page.getByRole('button', { name: 'Try again' }).click();
    await waitFor(async () => ((await page.getByTestId('test-call-error').textContent()) ?? '').includes('The runtime is not running') || undefined, { timeoutMs: 10_000, what: 'the runtime error' });
    expect(await page.getByTestId('test-call-error').textContent()).toContain('npm run dev');
    await page.screenshot({ path: artifactPath('test-call-runtime-down.png') });
    playground = await startRuntime();
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByLabel('Message').waitFor();
    await page.getByRole('button', { name: 'Hang up' }).click();
    await context.close();
  });
});

describe('voice test calls', () => {
  const API_KEY = 'devkey';
  const API_SECRET = 'e2e-livekit-secret-0123456789abcdef';
  let app: RunningApp;
  let browser: Browser;
  let livekit: LiveKitTwirpFake;
  let client: ApiClient;
  let agentId: string;

  beforeAll(async () => {
    livekit = await startLiveKitTwirpFake({ apiKey: API_KEY, apiSecret: API_SECRET });
    app = await startApp({
      env: { LIVEKIT_URL: livekit.url.replace(/^http/, 'ws'), LIVEKIT_API_KEY: API_KEY, LIVEKIT_API_SECRET: API_SECRET, RUNTIME_TOKEN }
    });
    client = await new ApiClient(app.url).signup('voice@example.com');
    const res = await client.json('POST', '/api/agents', { yaml: pipelineYaml({ name: 'voice-bot', llmBaseURL: 'http://127.0.0.1:9/v1', greeting: 'Hello!' }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    agentId = res.body.agent.id;
    browser = await launchBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await livekit?.close();
  });

  it('dispatches the agent, tries to join LiveKit, and explains a failed connection; the room is deleted', async () => {
    const context = await signedInContext(browser, app, client);
    const page = await context.newPage();
    await openTestTab(page, app, agentId);
    expect(await page.getByRole('radio', { name: 'Voice' }).getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('voice-hint').count()).toBe(0);

    await page.getByRole('button', { name: 'Start voice call' }).click();
    const error = await visibleText(page.getByTestId('test-call-error'), 30_000);
    expect(error).toContain('Could not join the call');
    expect(error).toContain(livekit.url.replace(/^http/, 'ws'));
    await page.screenshot({ path: artifactPath('test-call-voice-failed.png') });

    expect(livekit.calls('CreateRoom')).toHaveLength(1);
    const dispatch = livekit.calls('CreateDispatch')[0];
    expect(JSON.parse(String(dispatch.body.metadata))).toMatchObject({ agentId, version: 'draft' });
    await waitFor(async () => livekit.calls('DeleteRoom').length === 1 || undefined, { timeoutMs: 5_000, what: 'the room to be deleted' });
    expect(await page.getByTestId('voice-status').getAttribute('data-status')).toBe('idle');
    expect(await page.getByRole('button', { name: 'Start voice call' }).isEnabled()).toBe(true);
    await context.close();
  });

  it('shows the microphone meter while connecting, and hangs up mid-connect without getting stuck', async () => {
    const context = await signedInContext(browser, app, client);
    const page = await context.newPage();
    // A LiveKit that accepts the socket and never answers: the call stays in "connecting".
    await page.routeWebSocket(/\/rtc/, () => undefined);
    await openTestTab(page, app, agentId);
    const before = livekit.calls('DeleteRoom').length;

    await page.getByRole('button', { name: 'Start voice call' }).click();
    await page.locator('[data-testid="voice-status"][data-status="connecting"]').waitFor({ timeout: 15_000 });
    const meter = page.getByRole('meter', { name: 'Microphone level' });
    await meter.waitFor();
    // Chromium's fake device plays a beep: the meter moves.
    await waitFor(async () => Number(await meter.getAttribute('aria-valuenow')) > 0 || undefined, { timeoutMs: 10_000, what: 'the mic level to rise' });
    await page.screenshot({ path: artifactPath('test-call-voice-connecting.png') });

    await page.getByRole('button', { name: 'Hang up' }).click();
    await page.locator('[data-testid="voice-status"][data-status="ended"]').waitFor({ timeout: 10_000 });
    await waitFor(async () => livekit.calls('DeleteRoom').length === before + 1 || undefined, { timeoutMs: 5_000, what: 'the room to be deleted' });
    expect(await page.getByRole('button', { name: 'Start voice call' }).isEnabled()).toBe(true);
    await context.close();
  });

  it('explains a refused microphone and makes no room', async () => {
    const context = await signedInContext(browser, app, client);
    await context.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const page = await context.newPage();
    await openTestTab(page, app, agentId);
    const rooms = livekit.calls('CreateRoom').length;
    await page.getByRole('button', { name: 'Start voice call' }).click();
    const error = await visibleText(page.getByTestId('test-call-error'));
    expect(error).toContain('Microphone access is blocked');
    expect(error).toContain('Allow the microphone');
    expect(livekit.calls('CreateRoom').length).toBe(rooms);
    await page.screenshot({ path: artifactPath('test-call-mic-denied.png') });
    await context.close();
  });
});
