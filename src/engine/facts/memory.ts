/**
 * What kind of memory a value is, by how it was made: shared memory (which a
 * transfer cannot move), a WebAssembly memory's buffer (which cannot be
 * detached). One answer for ownership, sendability and shared memory.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { propertyKeyName, skipWrappers } from './ast';
import type { Resolver } from './resolve';
import { typedArrayConstructors } from './storage';

export type MemoryKind = 'shared' | 'sharedWasm' | 'wasm';

/**
 * `new SharedArrayBuffer(n)`, `new WebAssembly.Memory({ shared: true }).buffer`,
 * a plain WebAssembly memory's buffer, or a typed array or DataView made over
 * one of these, through bindings. Returns the creation and its kind.
 */
export function memoryCreation(expr: TSESTree.Node, resolver: Resolver, depth = 0): { readonly node: TSESTree.Node; readonly kind: MemoryKind } | undefined {
  const value = resolver.resolveValue(expr);
  let node = value.expr;
  let path = value.path;
  // `memory.buffer` read through a binding resolves to the memory with path ["buffer"].
  if (node.type === 'MemberExpression' && path.length === 0) {
    const inner = resolver.resolveValue(node.object);
    if (inner.path.length === 0 && node.property.type === 'Identifier' && node.property.name === 'buffer') {
      node = inner.expr;
      path = ['buffer'];
    }
  }
  if (node.type !== 'NewExpression') return undefined;
  const callee = resolver.qualifiedName(node.callee);
  if (callee === 'global:SharedArrayBuffer' && path.length === 0) return { node, kind: 'shared' };
  if (callee === 'global:WebAssembly.Memory' && path.length === 1 && path[0] === 'buffer') {
    return { node, kind: isSharedDescriptor(node) ? 'sharedWasm' : 'wasm' };
  }
  const source = node.arguments[0];
  const name = callee?.startsWith('global:') ? callee.slice(7) : undefined;
  if (
    depth < 3 &&
    path.length <= 1 &&
    (path.length === 0 || path[0] === 'buffer') &&
    name &&
    typedArrayConstructors.has(name) &&
    source &&
    source.type !== 'SpreadElement'
  ) {
    return memoryCreation(source, resolver, depth + 1);
  }
  return undefined;
}

/** Shared memory: a transfer does not move it, and another thread may be writing it. */
export function isSharedMemory(expr: TSESTree.Node, resolver: Resolver): boolean {
  const kind = memoryCreation(expr, resolver)?.kind;
  return kind === 'shared' || kind === 'sharedWasm';
}

function isSharedDescriptor(node: TSESTree.NewExpression): boolean {
  const descriptor = node.arguments[0] && skipWrappers(node.arguments[0]);
  if (descriptor?.type !== 'ObjectExpression') return false;
  return descriptor.properties.some(
    (property) => property.type === 'Property' && propertyKeyName(property) === 'shared' && property.value.type === 'Literal' && property.value.value === true,
  );
}
