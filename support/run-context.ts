/**
 * What lives for the whole run, shared by every scenario: the configuration, the Toxiproxy server and the
 * driver (with its hello). Opened lazily by the first scenario, closed in AfterAll and on SIGINT/SIGTERM.
 */
import path from 'node:path';
import { clauseById } from './catalogue/catalogue';
import { scanFeatures } from './catalogue/feature-scan';
import { inProcessReferenceDriver, startLoopbackToxiproxy } from './composition';
import { loadConfig, type Config } from './config';
import { assertRunMeasurable } from './time/scale';
import { isSelected, runSelection } from './run-selection';
import { openDriver, type OpenDriver } from './driver/open-driver';
import { openToxiproxy, type ToxiproxyServer } from './toxiproxy/toxiproxy-server';

export interface RunContext {
  config: Config;
  toxiproxy: ToxiproxyServer;
  driver: OpenDriver;
}

let opening: Promise<RunContext> | undefined;

export function runContext(): Promise<RunContext> {
  opening ??= (async () => {
    const config = loadConfig();
    const selection = runSelection();
    const selected = scanFeatures(path.join(__dirname, '..', 'features')).filter((s) => isSelected(selection, s));
    assertRunMeasurable(selected, clauseById, config.timeScale, {
      relative: config.toleranceRelative,
      absoluteMs: config.toleranceAbsoluteMs,
    });
    const toxiproxy = await openToxiproxy(config.toxiproxyUrl, startLoopbackToxiproxy);
    try {
      const driver = await openDriver(config, inProcessReferenceDriver);
      return { config, toxiproxy, driver };
    } catch (err) {
      await toxiproxy.close();
      throw err;
    }
  })();
  return opening;
}

/** Close whatever was opened; safe to call twice and when nothing was opened. */
export async function closeRunContext(): Promise<void> {
  const pending = opening;
  opening = undefined;
  if (!pending) return;
  const ctx = await pending.catch(() => undefined);
  if (!ctx) return;
  await ctx.driver.driver.close().catch(() => undefined);
  await ctx.toxiproxy.close().catch(() => undefined);
}
