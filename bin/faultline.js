#!/usr/bin/env node
// Entry point for `npx faultline ...`: loads the TypeScript CLI through the transpile cache (bin/register-ts.js;
// no type-checking here: `npm run typecheck` does that).
'use strict';
require('./register-ts');
require('../cli/main.ts').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`faultline: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 2; },
);
