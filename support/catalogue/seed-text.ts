/**
 * The seed pages: FAULTLINE_SEEDS_DIR, else the nearest `shared/seeds` above the repository (beside /work/main,
 * or above a worktree in /work/wt/NAME). A seed that is not there reads as undefined.
 */
import fs from 'node:fs';
import path from 'node:path';

function findSeedDir(): string | undefined {
  if (process.env.FAULTLINE_SEEDS_DIR) return process.env.FAULTLINE_SEEDS_DIR;
  for (let dir = path.join(__dirname, '..', '..'); ; dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), 'shared', 'seeds');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export const SEED_DIR = findSeedDir();

const cache = new Map<string, string | undefined>();

export function seedText(seed: string): string | undefined {
  if (!cache.has(seed)) {
    const file = SEED_DIR && path.join(SEED_DIR, seed);
    cache.set(seed, file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
  }
  return cache.get(seed);
}
