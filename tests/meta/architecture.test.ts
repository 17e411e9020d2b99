/**
 * The architecture, checked (CONTRIBUTING.md): the model is data and imports
 * nothing from the engine; the engine's modules form layers without import
 * cycles (type-only imports count: a cycle of types is still a tangle to
 * read); no source file grows past about 600 lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The files a module imports, by relative specifier (`./x`, `../y/index`), resolved to paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s[^'"]*?from\s+'(\.[^']+)';/gm)) {
    const target = resolve(dirname(file), match[1]!);
    const candidates = [`${target}.ts`, join(target, 'index.ts')];
    const hit = candidates.find((candidate) => {
      try {
        return statSync(candidate).isFile();
      } catch {
        return false;
      }
    });
    if (hit) found.push(hit);
  }
  return found;
}

const name = (file: string): string => relative(root, file).split('\\').join('/');

describe('architecture', () => {
  it('src/model/ imports nothing from src/engine/', () => {
    const offending = sourceFiles(join(root, 'src/model')).flatMap((file) =>
      importsOf(file)
        .filter((target) => name(target).startsWith('src/engine/'))
        .map((target) => `${name(file)} -> ${name(target)}`),
    );
    expect(offending).toEqual([]);
  });

  it('src/engine/ has no import cycle', () => {
    const files = sourceFiles(join(root, 'src/engine'));
    const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => name(target).startsWith('src/engine/'))]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'visiting');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next].map(name).join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('everything outside the engine imports it through src/engine/index.ts', () => {
    const outside = [...sourceFiles(join(root, 'rules')), ...sourceFiles(join(root, 'src')).filter((file) => !name(file).startsWith('src/engine/'))];
    const offending = outside.flatMap((file) =>
      importsOf(file)
        .filter((target) => name(target).startsWith('src/engine/') && name(target) !== 'src/engine/index.ts')
        .map((target) => `${name(file)} -> ${name(target)}`),
    );
    expect(offending).toEqual([]);
  });

  it('no source file is over 600 lines', () => {
    const long = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'rules'))]
      .map((file) => ({ file: name(file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 600);
    expect(long).toEqual([]);
  });
});
