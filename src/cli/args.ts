/**
 * A small command-line parser: `--name value`, `--name=value`, boolean
 * flags, repeatable options, `--` to end options. Anything it does not know
 * is a UsageError (exit code 2).
 */

export class UsageError extends Error {}

export interface OptionSpec {
  /** Takes a value (`--format json`); otherwise a flag. */
  readonly value?: boolean;
  /** May be given more than once; values are collected in order. */
  readonly repeatable?: boolean;
  /** One-letter alias, without the dash. */
  readonly short?: string;
}

export interface ParsedArgs {
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
  readonly positionals: readonly string[];
}

export function parseArgs(argv: readonly string[], specs: Readonly<Record<string, OptionSpec>>): ParsedArgs {
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(specs).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const written = equals === -1 ? arg : arg.slice(0, equals);
    const name = written.startsWith('--') ? written.slice(2) : byShort.get(written.slice(1));
    const spec = name === undefined ? undefined : specs[name];
    if (name === undefined || !spec) throw new UsageError(`unknown option ${written}`);
    if (!spec.value) {
      if (equals !== -1) throw new UsageError(`${written} takes no value`);
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else {
      value = argv[index + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-')) throw new UsageError(`${written} needs a value`);
      index++;
    }
    const list = options.get(name);
    if (list && !spec.repeatable) throw new UsageError(`${written} is given more than once`);
    if (list) list.push(value);
    else options.set(name, [value]);
  }
  return { options, flags, positionals };
}
