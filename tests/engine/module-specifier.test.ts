import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRelativeSpecifier, resolveRelativeSpecifier } from '../../src/engine/facts/modules/specifier';

const root = path.resolve('/project/src');
const from = path.join(root, 'main.ts');
const existing = (...files: string[]) => {
  const set = new Set(files.map((file) => path.join(root, file)));
  return (file: string) => set.has(file);
};

describe('resolveRelativeSpecifier', () => {
  it('adds the extension TypeScript tries first', () => {
    expect(resolveRelativeSpecifier(from, './transport', existing('transport.ts', 'transport.js'))).toBe(path.join(root, 'transport.ts'));
  });
  it('finds a JavaScript module when no TypeScript source exists', () => {
    expect(resolveRelativeSpecifier(from, './transport', existing('transport.js'))).toBe(path.join(root, 'transport.js'));
  });
  it('maps a .js specifier to the .ts source next to it', () => {
    expect(resolveRelativeSpecifier(from, './transport.js', existing('transport.ts'))).toBe(path.join(root, 'transport.ts'));
    expect(resolveRelativeSpecifier(from, './transport.mjs', existing('transport.mts'))).toBe(path.join(root, 'transport.mts'));
  });
  it('keeps a .js specifier when only the .js file exists', () => {
    expect(resolveRelativeSpecifier(from, './w.js', existing('w.js'))).toBe(path.join(root, 'w.js'));
  });
  it('resolves a directory to its index file, from a parent directory too', () => {
    expect(resolveRelativeSpecifier(from, './pool', existing('pool/index.ts'))).toBe(path.join(root, 'pool/index.ts'));
    expect(resolveRelativeSpecifier(path.join(root, 'a/b.ts'), '../pool/index', existing('pool/index.js'))).toBe(path.join(root, 'pool/index.js'));
  });
  it('leaves bare specifiers, node_modules and missing files unresolved', () => {
    expect(resolveRelativeSpecifier(from, 'lodash', () => true)).toBeUndefined();
    expect(resolveRelativeSpecifier(from, './node_modules/x', existing('node_modules/x.ts'))).toBeUndefined();
    expect(resolveRelativeSpecifier(from, './missing', existing('transport.ts'))).toBeUndefined();
  });
  it('tells relative specifiers from bare ones', () => {
    expect(['.', '..', './x', '../x'].every(isRelativeSpecifier)).toBe(true);
    expect(['x', '@scope/x', 'node:fs'].some(isRelativeSpecifier)).toBe(false);
  });
});
