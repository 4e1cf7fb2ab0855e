import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Launches Debian's Chromium, or returns undefined (the caller skips) when it is
 * missing. Under CI=true a missing browser fails instead: CI must run these for real.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    if (process.env.CI === 'true') throw new Error(`browser tests need ${CHROMIUM_PATH} under CI (apt-get install chromium)`);
    console.warn(`\n!!! ${CHROMIUM_PATH} is missing: SKIPPING the browser tests. Install it with apt-get install chromium. !!!\n`);
    return undefined;
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

export interface WallPage {
  page: Page;
  /** Console errors and uncaught page errors, as text. */
  errors: string[];
  close(): Promise<void>;
}

/*
 * Code that runs in the page is passed as strings or through locators: the test
 * program has no DOM lib, so server code cannot use browser globals by accident.
 */

/** Runs an expression in the page. */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

/**
 * Waits until an expression is truthy in the page. Playwright's `waitForFunction` compiles a
 * string predicate with `new Function` inside the page, which the wall's CSP (no 'unsafe-eval')
 * refuses; `evaluate` goes through DevTools and is not subject to it, so this polls with that.
 */
export async function waitInPage(page: Page, expression: string, timeout = 10_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    // A page that reloads meanwhile destroys the context the expression ran in: ask again.
    const met = await page.evaluate(expression).catch((err: unknown) => {
      if (err instanceof Error && /context was destroyed|navigat/i.test(err.message)) return false;
      throw err;
    });
    if (met) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting in the page for: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * Opens a page at 1280×720 that records console errors and page errors.
 * @param initScript runs in the page before its own scripts (e.g. to skew its clock)
 */
export async function openPage(browser: Browser, url: string, initScript?: string): Promise<WallPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  if (initScript) await page.addInitScript(initScript);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

/** The number of points a panel holds, as its `data-points` attribute shows. */
export async function pointsOf(page: Page, topic: string): Promise<number> {
  const value = await page.getAttribute(`.panel[data-topic="${topic}"]`, 'data-points');
  return Number(value ?? 0);
}

/** Waits until a panel holds more than `count` points. */
export async function waitForPoints(page: Page, topic: string, count: number, timeout = 10_000): Promise<number> {
  const selector = JSON.stringify(`.panel[data-topic="${topic}"]`);
  await waitInPage(page, `Number(document.querySelector(${selector})?.getAttribute('data-points') ?? 0) > ${count}`, timeout);
  return pointsOf(page, topic);
}

/** Every series' x values on every panel (see `livewallXs` in panel-view.ts). */
export function seriesXs(page: Page): Promise<{ topic: string; xs: number[][] }[]> {
  return page.locator('.panel[data-topic]').evaluateAll((panels) =>
    panels.map((panel) => ({
      topic: panel.getAttribute('data-topic') ?? '',
      xs: (panel as unknown as { livewallXs?: () => number[][] }).livewallXs?.() ?? [],
    })),
  );
}

/** Series whose x values repeat or go backwards. */
export function unorderedSeries(all: { topic: string; xs: number[][] }[]): string[] {
  return all.flatMap(({ topic, xs }) => xs.flatMap((list, i) => (list.every((x, j) => j === 0 || x > (list[j - 1] as number)) ? [] : [`${topic}#${i}`])));
}
