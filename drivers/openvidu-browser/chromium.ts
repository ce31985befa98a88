/**
 * Debian's Chromium, headless, driven by puppeteer-core (which downloads no browser). One browser per
 * driver process, launched with exactly these flags and a fresh --user-data-dir (removed on close); each
 * client gets its own browser context and page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export const CHROMIUM_PATH = process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

const LAUNCH_TIMEOUT_MS = 30_000;

export interface RunningChromium {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<RunningChromium> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'faultline-chromium-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      ignoreDefaultArgs: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, 'about:blank'],
      pipe: true,
      timeout: LAUNCH_TIMEOUT_MS,
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(`cannot start Chromium at ${CHROMIUM_PATH} (install Debian's chromium, or set FAULTLINE_CHROMIUM): ${(err as Error).message}`);
  }
  let closing: Promise<void> | undefined;
  return {
    browser,
    // Every caller waits for the same close, so nobody exits before the profile folder is gone.
    close() {
      closing ??= (async () => {
        await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
        rmSync(userDataDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
