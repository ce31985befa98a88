/**
 * Tests that need a system package npm cannot install (Debian's chromium, python3-websockets). On a machine
 * without it they are skipped, visibly, with the line that installs it: `npm install && npm test` passes
 * with only Node. Under FAULTLINE_REQUIRE_OPTIONAL=1 (.ci/run sets it) a missing package is no reason to
 * skip: the test runs and fails with the same install line, so CI never skips them silently.
 *
 * FAULTLINE_CHROMIUM and FAULTLINE_PYTHON point at other executables (or at none, to see the skip).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export interface OptionalPackage {
  /** What the tests use, for the message: `Debian's chromium (/usr/bin/chromium)`. */
  what: string;
  install: string;
  /** Undefined when present; otherwise why not. */
  missing(): string | undefined;
}

export const CHROMIUM_PATH = process.env.FAULTLINE_CHROMIUM || '/usr/bin/chromium';
export const PYTHON_PATH = process.env.FAULTLINE_PYTHON || '/usr/bin/python3';

export const CHROMIUM: OptionalPackage = {
  what: `Debian's chromium (${CHROMIUM_PATH})`,
  install: 'sudo apt-get install -y chromium',
  missing: () => (fs.existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} does not exist`),
};

export const PYTHON_WEBSOCKETS: OptionalPackage = {
  what: `Debian's python3-websockets (for ${PYTHON_PATH})`,
  install: 'sudo apt-get install -y python3-websockets',
  missing: () => {
    const probe = spawnSync(PYTHON_PATH, ['-c', 'import websockets'], { encoding: 'utf8', timeout: 30_000 });
    if (probe.status === 0) return undefined;
    return probe.error ? `${PYTHON_PATH}: ${probe.error.message}` : `${PYTHON_PATH} cannot import websockets`;
  },
};

const announced = new Set<string>();

export function requireOptional(): boolean {
  return process.env.FAULTLINE_REQUIRE_OPTIONAL === '1';
}

/**
 * The `skip` option of a node:test test that needs these packages: false when they are present or when
 * FAULTLINE_REQUIRE_OPTIONAL=1 (then call assertInstalled first thing in the test), otherwise the reason
 * node:test prints next to the skipped test, with the install line.
 */
export function skipUnlessInstalled(...packages: OptionalPackage[]): string | false {
  if (requireOptional()) return false;
  const absent = packages.filter((p) => p.missing() !== undefined);
  if (absent.length === 0) return false;
  const reason = `needs ${absent.map((p) => p.what).join(' and ')}; install: ${absent.map((p) => p.install).join(' && ')} (FAULTLINE_REQUIRE_OPTIONAL=1 makes this a failure)`;
  if (!announced.has(reason)) process.stderr.write(`SKIPPED: ${reason}\n`);
  announced.add(reason);
  return reason;
}

/** Fails, naming the install line, when a package is missing (the FAULTLINE_REQUIRE_OPTIONAL=1 path). */
export function assertInstalled(...packages: OptionalPackage[]): void {
  for (const p of packages) {
    const why = p.missing();
    assert.equal(why, undefined, `${p.what} is required (FAULTLINE_REQUIRE_OPTIONAL=1) but missing: ${why}; install: ${p.install}`);
  }
}
