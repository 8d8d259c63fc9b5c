import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startApp, type RunningApp } from '../helpers/app';
import { artifactPath, launchBrowser, visibleText } from '../helpers/browser';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

it('signs up in a real browser, lands on the agents page, logs out and back in', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(app.url + '/agents');
  await page.waitForURL(/\/login\?next=%2Fagents/);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.waitForURL(/\/signup/);

  await page.getByLabel('Email').fill('grace@example.com');
  await page.getByLabel('Password').fill('123');
  await page.getByRole('button', { name: 'Create your account' }).click();
  expect(await visibleText(page.getByRole('alert'))).toContain('at least 8 characters');

  await page.getByLabel('Password').fill('compiler pioneer');
  await page.getByRole('button', { name: 'Create your account' }).click();
  await page.waitForURL(/\/agents$/);
  await expect(page.getByTestId('current-user').textContent()).resolves.toBe('grace@example.com');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Agents');
  await page.screenshot({ path: artifactPath('agents-empty.png') });

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
  await page.getByLabel('Email').fill('grace@example.com');
  await page.getByLabel('Password').fill('compiler pioneer');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/agents$/);
  await page.close();
});
