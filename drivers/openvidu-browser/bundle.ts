/**
 * Bundles the page app (page/app.ts) with openvidu-browser into one IIFE with esbuild, in memory, once per
 * driver process (≈ 0.6 MB; openvidu-browser's own dependencies come from node_modules).
 */
import * as path from 'node:path';
import { build } from 'esbuild';

export async function bundlePageApp(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(__dirname, 'page', 'app.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    write: false,
    logLevel: 'silent',
    define: { global: 'globalThis' },
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no bundle');
  return file.text;
}

/** The installed openvidu-browser version (what `hello` claims). */
export function openviduBrowserVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('openvidu-browser/package.json') as { version: string }).version;
}
