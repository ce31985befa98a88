// Loads the project's TypeScript through require() without compiling it at run time: each .ts file is
// transpiled once (typescript's transpileModule with tsconfig.json's options: what ts-node's transpile-only
// mode does) and the JavaScript is kept in node_modules/.cache/faultline-ts, keyed by a hash of the file's
// path, its content, the compiler options and the TypeScript version. `npm install` fills the cache
// (`prepare`: bin/register-ts.js --warm); a file edited since is transpiled again on first load. TypeScript
// itself is only loaded on a cache miss. Type-checking stays with `npm run typecheck` (tsc --noEmit).
// Use: `node -r ./bin/register-ts.js file.ts`, cucumber's requireModule, or fork() execArgv.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'faultline-ts');
const TS_VERSION = require('typescript/package.json').version;
const TSCONFIG = fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8');
const KEY_PREFIX = `${TS_VERSION}\0${TSCONFIG}\0`;

let typescript;
let tsconfig;
let compilerOptions;
function loadTypescript() {
  if (typescript) return;
  typescript = require('typescript');
  tsconfig = typescript.parseConfigFileTextToJson(path.join(ROOT, 'tsconfig.json'), TSCONFIG).config;
  compilerOptions = typescript.convertCompilerOptionsFromJson(tsconfig.compilerOptions, ROOT).options;
  Object.assign(compilerOptions, { noEmit: false, inlineSourceMap: true, inlineSources: false, sourceMap: false, declaration: false });
}

function transpile(file, source) {
  loadTypescript();
  return typescript.transpileModule(source, { fileName: file, compilerOptions, reportDiagnostics: false }).outputText;
}

function cachePath(file, source) {
  const hash = crypto.createHash('sha1').update(KEY_PREFIX).update(file).update('\0').update(source).digest('hex');
  return path.join(CACHE, hash.slice(0, 2), `${hash.slice(2)}.js`);
}

/** The JavaScript for a .ts file: from the cache, or transpiled now and cached (atomically: workers share it). */
function compiled(file) {
  const source = fs.readFileSync(file, 'utf8');
  const cached = cachePath(file, source);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const js = transpile(file, source);
    try {
      fs.mkdirSync(path.dirname(cached), { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, js);
      fs.renameSync(tmp, cached);
    } catch {
      // a read-only cache only costs speed
    }
    return js;
  }
}

if (!Module._extensions['.ts'] || !Module._extensions['.ts'].faultline) {
  const load = function (module, filename) {
    module._compile(compiled(filename), filename);
  };
  load.faultline = true;
  Module._extensions['.ts'] = load;
  // Stack traces point at the TypeScript lines (the inline source maps).
  if (typeof process.setSourceMapsEnabled === 'function') process.setSourceMapsEnabled(true);
}

/** `node bin/register-ts.js --warm`: transpile every project .ts file into the cache (run by `prepare`). */
function warm() {
  const started = Date.now();
  loadTypescript();
  const dirs = tsconfig.include;
  let count = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        compiled(full);
        count += 1;
      }
    }
  };
  for (const dir of dirs) if (fs.existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
  process.stdout.write(`faultline: ${count} TypeScript files transpiled ahead into ${path.relative(ROOT, CACHE)} in ${Date.now() - started} ms\n`);
}

if (require.main === module && process.argv.includes('--warm')) warm();
