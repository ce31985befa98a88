#!/usr/bin/env node
// Entry point for `npx faultline ...`: loads the TypeScript CLI without type-checking (tsc --noEmit does that in npm test).
'use strict';
require('./register-ts');
require('../cli/command-line.ts').quietOnClosedPipe();
require('../cli/main.ts').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // Expected failures (configuration, an unreachable driver) carry their own message; a stack trace is
    // shown only with FAULTLINE_DEBUG=1.
    const debug = process.env.FAULTLINE_DEBUG === '1';
    const text = err instanceof Error ? (debug ? err.stack : err.message.replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ')) : String(err);
    process.stderr.write(`faultline: ${text}${debug ? '' : ' (FAULTLINE_DEBUG=1 shows the stack)'}\n`);
    // Exit 1 is only ever a conformance failure (docs/VERDICTS.md): anything else that ends the run is 2.
    process.exitCode = 2;
  },
);
