#!/usr/bin/env node
/**
 * `npm test`: the type-check, the unit tests, the end-to-end tests and `mutants --cover`, as their own npm
 * scripts, in phases. Parts of one phase run at once: the type-check is CPU work and the unit tests beside
 * it (two files at a time: 45 s instead of 79 s at load 2) hold no tight timer, so they share the two
 * cores. The reference SDKs' unit tests hold their
 * timers to ± 15 ms and run alone (test:unit:timers; two files at once moved one 18 ms late). The end-to-end
 * tests that judge no timing (leaks, step deadlines, the browser driver, capabilities not claimed, a driver
 * orphaned, the run selection, the retry gate's fixture) run three files at once
 * (test:e2e:untimed); those whose runs must pass their timing windows run one file at a time
 * (test:e2e:timed: two files at once moved verdicts on a loaded machine); then the mutants, on their own
 * pool of processes. A failed phase stops the run (exit code of its first failed part), unless
 * `npm test -- --keep-going` (every part runs; the exit code is still the first failure's). At the end, one
 * line says where the time went, per part.
 * Ctrl-C / SIGTERM reach every part (each its own process group) and nothing is left running.
 */
'use strict';
const { spawn } = require('node:child_process');

/** Phases, in order; the parts of a phase run at once. The first part of a phase prints as it goes. */
const PHASES = [
  [
    { name: 'unit', script: 'test:unit:other' },
    { name: 'typecheck', script: 'typecheck' },
  ],
  [{ name: 'unit (timers)', script: 'test:unit:timers' }],
  [{ name: 'e2e (untimed, 3 files at once)', script: 'test:e2e:untimed' }],
  [{ name: 'e2e (timed, one file at a time)', script: 'test:e2e:timed' }],
  [{ name: 'mutants', script: 'mutants', args: ['--', '--cover'] }],
];

const running = new Set();
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopping = true;
    for (const child of running) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    }
    setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 10_000).unref();
  });
}

// However this process ends (an exception, a closed pipe), the parts it started end with it.
process.on('exit', () => {
  for (const child of running) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

function runPart(part, streamed) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', part.script, ...(part.args ?? [])], {
      stdio: ['ignore', streamed ? 'inherit' : 'pipe', streamed ? 'inherit' : 'pipe'],
      detached: true, // its own process group, so a signal reaches everything it started
    });
    running.add(child);
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ ...part, code: code ?? (signal === 'SIGINT' ? 130 : 143), output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

async function main() {
  const keepGoing = process.argv.includes('--keep-going');
  const unknown = process.argv.slice(2).filter((a) => a !== '--keep-going');
  if (unknown.length > 0) {
    process.stderr.write(`npm test: unknown argument ${unknown[0]} (the only one is --keep-going: run every part even after a failure)\n`);
    return 2;
  }
  const started = Date.now();
  const done = [];
  let firstFailure;
  for (const phase of PHASES) {
    if (stopping) break;
    if (phase.length > 1) process.stdout.write(`\nnpm test: ${phase.map((p) => p.name).join(' and ')} at once (${phase.slice(1).map((p) => p.name).join(', ')} printed when done)\n`);
    const results = await Promise.all(phase.map((part, i) => runPart(part, i === 0)));
    for (const r of results.slice(1)) process.stdout.write(`\n== ${r.name} (npm run ${r.script}), exit ${r.code}\n${r.output}`);
    done.push(...results);
    firstFailure ??= results.find((r) => r.code !== 0);
    if (firstFailure && !keepGoing) {
      summary(done, started);
      process.stdout.write(`npm test: ${firstFailure.name} failed (exit ${firstFailure.code}); later parts not run (--keep-going runs them)\n`);
      return firstFailure.code;
    }
  }
  summary(done, started);
  if (firstFailure) process.stdout.write(`npm test: ${done.filter((r) => r.code !== 0).map((r) => r.name).join(', ')} failed\n`);
  return firstFailure ? firstFailure.code : stopping ? 130 : 0;
}

function summary(done, started) {
  const parts = done.map((r) => `${r.name} ${r.seconds.toFixed(0)} s${r.code === 0 ? '' : ` (exit ${r.code})`}`);
  process.stdout.write(`\nnpm test: ${parts.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

main().then((code) => process.exit(code));
