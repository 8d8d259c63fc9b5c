import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { everythingStdio } from '../fakes/everything';
import { startFakeMcpServer, type FakeMcpServer } from '../fakes/mcp-server';
import { ApiClient, startApp, type RunningApp } from '../helpers/app';
import { artifactPath, launchBrowser, visibleText } from '../helpers/browser';

let app: RunningApp;
let browser: Browser;
let fake: FakeMcpServer;
let spare: FakeMcpServer;
const stdio = everythingStdio();

beforeAll(async () => {
  [fake, spare] = await Promise.all([startFakeMcpServer({ name: 'weather-fake' }), startFakeMcpServer()]);
  // Fast health checks so a killed server shows up within a second or two.
  app = await startApp({ env: { MCP_HEALTH_INTERVAL_MS: '500', MCP_HEALTH_BACKOFF_MS: '500', MCP_STDIO_ALLOW: stdio.allowList } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await spare?.stop();
});

async function signedInPage(email: string): Promise<Page> {
  const api = await new ApiClient(app.url).signup(email);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const [name, value] = api.cookie.split('=');
  await context.addCookies([{ name, value, url: app.url }]);
  return context.newPage();
}

it('adds a server, tests it, and shows it turning to error and inactive live when it dies', async () => {
  const page = await signedInPage('mcp-user@example.com');
  await page.goto(app.url + '/mcp-servers');
  expect(await visibleText(page.getByRole('heading', { level: 1 }))).toBe('MCP servers');
  expect(await visibleText(page.locator('.empty'))).toContain('No MCP servers yet');
  await page.getByTestId('live').filter({ hasText: 'live' }).waitFor();

  // The stdio form shows what the admin allows.
  await page.getByRole('button', { name: 'Add server' }).click();
  await page.getByLabel('Transport').selectOption('stdio');
  expect(await visibleText(page.getByTestId('stdio-hint'))).toContain('MCP_STDIO_ALLOW');
  await page.getByLabel('Transport').selectOption('streamable-http');

  // A literal token is refused with a pointer to secrets.
  await page.getByLabel('Name').fill('weather');
  await page.getByLabel('URL').fill(fake.url);
  await page.getByRole('button', { name: '+ Add headers' }).click();
  await page.getByLabel('Headers key 1').fill('Authorization');
  await page.getByLabel('Headers value 1').fill('Bearer sk-thisLooksLikeARealKey123456');
  await page.getByRole('button', { name: 'Add server', exact: true }).last().click();
  expect(await visibleText(page.getByRole('alert'))).toContain('Store it as a secret');
  await page.getByRole('button', { name: 'Remove Headers 1' }).click();
  await page.getByRole('button', { name: 'Add server', exact: true }).last().click();

  const card = page.locator('[data-testid="mcp-server"][data-name="weather"]');
  await card.waitFor();
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  await card.getByRole('button', { name: 'Test' }).click();
  expect(await visibleText(card.getByTestId('test-ok'))).toMatch(/Connected to weather-fake 1\.0\.0 over streamable-http in \d+ ms/);
  const tools = card.getByTestId('tool-list');
  expect(await visibleText(tools)).toContain('echo');
  expect(await tools.textContent()).toContain('Echoes back the input string');
  await card.locator('[data-status="connected"]').waitFor();
  // Schemas start collapsed and open on demand.
  const schema = tools.locator('details').first();
  expect(await schema.getAttribute('open')).toBeNull();
  await schema.locator('summary').click();
  expect(await visibleText(schema.locator('pre'))).toContain('"type": "object"');
  await page.screenshot({ path: artifactPath('mcp-servers-connected.png'), fullPage: true });

  // The server dies: the health loop notices and the badge changes without a reload.
  fake.kill();
  await card.locator('[data-status="error"]').waitFor({ timeout: 15_000 });
  expect(await visibleText(card.getByTestId('last-error'))).toMatch(/Connection refused|dropped the connection/);
  // …and after 5 failed checks in a row it is deactivated, the last error kept.
  await card.getByTestId('inactive-badge').waitFor({ timeout: 30_000 });
  expect(await visibleText(card.getByRole('button', { name: 'Activate' }))).toBe('Activate');
  expect(await visibleText(card.getByTestId('last-error'))).toContain('Connection refused');
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  expect(await card.getByTestId('test-ok').count()).toBe(0); // the earlier success no longer shows
  expect(await visibleText(card.locator('details summary').first())).toMatch(/6 tools \(last seen/);
  await page.screenshot({ path: artifactPath('mcp-servers-error.png'), fullPage: true });
  await page.context().close();
});

it('imports an mcp.json, edits and deletes servers with confirmation, and manages secrets write-only', async () => {
  const page = await signedInPage('importer@example.com');
  await page.goto(app.url + '/mcp-servers');
  await page.getByRole('button', { name: 'Import mcp.json' }).click();
  const file = JSON.stringify({
    mcpServers: {
      spare: { url: spare.url, headers: { Authorization: 'Bearer imported-e2e-token-value' } },
      shell: { command: 'sh', args: ['-c', 'echo'] }
    }
  });
  await page.getByLabel('…or paste it').fill(file);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const result = page.getByTestId('import-result');
  expect(await visibleText(result)).toContain('Imported spare');
  expect(await result.textContent()).toContain('SPARE_AUTHORIZATION');
  expect(await result.textContent()).toMatch(/Refused shell: .*allow-list/);
  await page.getByRole('button', { name: 'Close' }).click();

  const card = page.locator('[data-testid="mcp-server"][data-name="spare"]');
  await card.waitFor();
  expect(await card.textContent()).toContain('Authorization: Bearer ${secret:SPARE_AUTHORIZATION}');
  expect(await page.content()).not.toContain('imported-e2e-token-value');

  // Edit: rename.
  await card.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Name').fill('spare-renamed');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const renamed = page.locator('[data-testid="mcp-server"][data-name="spare-renamed"]');
  await renamed.waitFor();

  // Secrets page: the imported secret is listed with its user, never its value.
  await page.goto(app.url + '/secrets');
  const row = page.locator('[data-testid="secret-row"][data-name="SPARE_AUTHORIZATION"]');
  expect(await visibleText(row)).toContain('spare-renamed');
  await page.getByLabel('Name').fill('WEATHER_KEY');
  await page.getByLabel('Value').fill('typed-secret-value-123');
  expect(await page.getByLabel('Value').getAttribute('type')).toBe('password');
  await page.getByRole('button', { name: 'Save secret' }).click();
  expect(await visibleText(page.getByRole('status'))).toContain('Saved WEATHER_KEY');
  await page.locator('[data-testid="secret-row"][data-name="WEATHER_KEY"]').waitFor();
  expect(await page.getByLabel('Value').inputValue()).toBe('');
  expect(await page.getByLabel('Name').inputValue()).toBe('');
  await page.screenshot({ path: artifactPath('secrets.png'), fullPage: true });
  await page.reload();
  expect(await page.content()).not.toContain('typed-secret-value-123');
  const weatherRow = page.locator('[data-testid="secret-row"][data-name="WEATHER_KEY"]');
  await weatherRow.getByRole('button', { name: 'Delete' }).click();
  await weatherRow.getByRole('button', { name: 'Delete WEATHER_KEY' }).click();
  await weatherRow.waitFor({ state: 'detached' });

  // Delete a server: asks first; Cancel keeps it, confirming removes it.
  await page.goto(app.url + '/mcp-servers');
  await renamed.getByRole('button', { name: 'Delete' }).click();
  expect(await visibleText(renamed.getByRole('alertdialog'))).toContain('Delete spare-renamed?');
  await renamed.getByRole('button', { name: 'Cancel' }).click();
  await renamed.getByRole('button', { name: 'Delete', exact: true }).click();
  await renamed.getByRole('button', { name: 'Delete spare-renamed' }).click();
  await renamed.waitFor({ state: 'detached' });
  expect(await visibleText(page.locator('.empty'))).toContain('No MCP servers yet');
  await page.context().close();
});
