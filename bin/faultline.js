#!/usr/bin/env node
// Entry point for `npx faultline ...`: loads the TypeScript CLI without type-checking (tsc --noEmit does that in npm test).
'use strict';
require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, '..', 'tsconfig.json') });
require('../cli/main.ts').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`faultline: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 2; },
);
