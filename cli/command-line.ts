/**
 * Every faultline command line goes through here: node:util parseArgs in strict mode (an unknown option or a
 * stray argument is an error), `--help` with usage, options and an example, and one-line user errors that
 * name the flag the user typed, exit 2, never a stack trace.
 */
import { parseArgs } from 'node:util';
import { nearestNames } from '../support/nearest-names';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What the value looks like in the help text (`DIR`, `ws://HOST:PORT`); string options only. */
  value?: string;
  description: string;
  /** Shown in the help text; the command applies it itself. */
  default?: string;
}

export interface CommandSpec {
  /** As typed after `faultline` (or the npm script for the runner scripts): `certify`, `npm run mutants --`. */
  name: string;
  summary: string;
  options: Record<string, OptionSpec>;
  /** Positional arguments the command takes, for the usage line; none when absent. */
  positionals?: { usage: string; min: number; max: number };
  examples: string[];
  /** Extra paragraphs after the options (exit codes, where output goes). */
  notes?: string;
}

/** A mistake on the command line: printed as one line, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type ParsedValues = Record<string, string | boolean | undefined>;

export interface ParsedCommandLine {
  values: ParsedValues;
  positionals: string[];
}

/** Wraps a paragraph at `width` columns, on spaces. */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

export function helpText(spec: CommandSpec): string {
  const flags = Object.entries(spec.options).map(([name, o]) => `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`);
  const width = Math.max(12, ...flags.map((f) => f.length)) + 2;
  const lines = Object.entries(spec.options).map(([, o], i) => `  ${flags[i]!.padEnd(width)}${o.description}${o.default !== undefined ? ` (default ${o.default})` : ''}`);
  lines.push(`  ${'--help'.padEnd(width)}print this help and exit`);
  return [
    `usage: ${spec.name}${Object.keys(spec.options).length > 0 ? ' [options]' : ''}${spec.positionals ? ` ${spec.positionals.usage}` : ''}`,
    '',
    wrap(spec.summary),
    '',
    'options:',
    ...lines,
    ...(spec.notes ? ['', wrap(spec.notes)] : []),
    '',
    spec.examples.length > 1 ? 'examples:' : 'example:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

function typedFlag(argv: string[], name: string): string {
  return argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split('=')[0] ?? `--${name}`;
}

/** Parses argv against the spec; `help` when --help or -h was given. Throws UsageError. */
export function parseCommandLine(spec: CommandSpec, argv: string[]): ParsedCommandLine | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, { type: o.type }]));
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(spec, argv), options, strict: true, allowPositionals: spec.positionals !== undefined });
  } catch (err) {
    throw new UsageError(describeParseError(spec, argv, err));
  }
  const values = parsed.values as ParsedValues;
  for (const [name, value] of Object.entries(values)) {
    // parseArgs takes the next argument as the value even when it is another option: `--driver --tags x`.
    if (typeof value === 'string' && (value === '' || /^--[a-z]/.test(value))) throw new UsageError(`${typedFlag(argv, name)} needs a value (${spec.options[name]!.value ?? 'VALUE'})`);
  }
  const count = parsed.positionals.length;
  if (spec.positionals && (count < spec.positionals.min || count > spec.positionals.max)) {
    throw new UsageError(count < spec.positionals.min ? `missing ${spec.positionals.usage}` : `unexpected argument '${parsed.positionals[spec.positionals.max]}'`);
  }
  return { values, positionals: parsed.positionals };
}

/**
 * parseArgs refuses `--parallel -1` (a value that starts with a dash) as a missing value; joined as
 * `--parallel=-1` the command's own check says what the value should be instead.
 */
function joinNegativeValues(spec: CommandSpec, argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([a-z-]+)$/.exec(argv[i]!)?.[1];
    const next = argv[i + 1];
    if (name !== undefined && spec.options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]!);
  }
  return out;
}

function describeParseError(spec: CommandSpec, argv: string[], err: unknown): string {
  const e = err as { code?: string; message?: string };
  const quoted = /'(-[^' ]*)/.exec(e.message ?? '')?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const flag = (quoted ?? '').split('=')[0]!;
      const near = nearestNames(flag.replace(/^-+/, ''), Object.keys(spec.options), 3, true).map((n) => `--${n}`);
      const all = [...Object.keys(spec.options), 'help'].map((n) => `--${n}`);
      return `unknown option ${flag}; ${near.length > 0 ? `did you mean ${near.join(' or ')}?` : `options: ${all.join(', ')}`}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = (quoted ?? '').replace(/^--/, '');
      const o = spec.options[name];
      return o?.type === 'boolean' ? `${typedFlag(argv, name)} takes no value` : `${typedFlag(argv, name)} needs a value (${o?.value ?? 'VALUE'})`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /'([^']*)'/.exec(e.message ?? '')?.[1];
      return `unexpected argument '${arg}': ${spec.name} takes only options`;
    }
    default:
      return e.message ?? String(err);
  }
}

/**
 * A reader that stops early (`faultline clauses --json | head`) closes the pipe: that is not an error, so
 * EPIPE ends the process quietly with the exit code it would have had.
 */
export function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
}

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIo: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/**
 * Runs a command body with its parsed arguments. A UsageError (from parsing or from the body) is one line
 * on stderr and exit 2; `--help` prints the help on stdout and exits 0.
 */
export async function runCommand(
  spec: CommandSpec,
  argv: string[],
  body: (args: ParsedCommandLine) => Promise<number>,
  io: CommandIo = processIo,
): Promise<number> {
  try {
    const parsed = parseCommandLine(spec, argv);
    if (parsed === 'help') {
      io.stdout(helpText(spec));
      return 0;
    }
    return await body(parsed);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(usageErrorText(spec, err));
    return 2;
  }
}

/** A string option's value, or undefined. */
export function stringValue(values: ParsedValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A port number 0..65535 from a flag, or the fallback when the flag was not given. */
export function portValue(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new UsageError(`${flag} needs a port number (0-65535), got '${raw}'`);
  return Number(raw);
}

/**
 * For top-level scripts (benchmarks): parse, or print the help (exit 0) or the one-line error (exit 2) and
 * leave the process.
 */
export function parseScriptArgs(spec: CommandSpec, argv: string[]): ParsedCommandLine {
  quietOnClosedPipe();
  try {
    const parsed = parseCommandLine(spec, argv);
    if (parsed !== 'help') return parsed;
    process.stdout.write(helpText(spec));
    process.exit(0);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(usageErrorText(spec, err));
    process.exit(2);
  }
}

/** A usage error, one line per problem, each naming the command; the last says where the usage is. */
function usageErrorText(spec: CommandSpec, err: UsageError): string {
  const name = spec.name.replace(/ --$/, '');
  return `${err.message.split('\n').map((line) => `${name}: ${line}`).join('\n')} (${spec.name} --help for usage)\n`;
}
