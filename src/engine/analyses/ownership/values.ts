/**
 * What kind of transferable a value is (buffer, port, stream, canvas), and
 * whether a Buffer may come from Node's shared 8 KiB pool.
 */
import type { Resolver } from '../../facts/resolve';
import type { SendClassifier } from '../../classify/sends';
import type { TSESTree } from '@typescript-eslint/utils';
import type { TransferableKind } from './findings';
import { skipWrappers, staticPropertyName } from '../../facts/ast';
import { typedArrayConstructors } from '../../facts/storage';
import type { Places } from '../../facts/places';

export const pooledAllocators = new Set(['Buffer.from', 'Buffer.allocUnsafe', 'Buffer.concat']);

/** Node allocates from the pool only below half its 8 KiB size. */
export const poolThreshold = 4096;

/** `Buffer.from(arrayBuffer)` shares that buffer and `Buffer.allocUnsafe(8192)` is too big for the pool. */
export function mayBePooled(allocator: string, call: TSESTree.CallExpression, sends: SendClassifier): boolean {
  const first = call.arguments[0];
  if (!first || first.type === 'SpreadElement') return allocator !== 'Buffer.from';
  if (allocator === 'Buffer.allocUnsafe') {
    const size = skipWrappers(first);
    return !(size.type === 'Literal' && typeof size.value === 'number' && size.value >= poolThreshold);
  }
  if (allocator === 'Buffer.from') return !sends.isArrayBuffer(first);
  return true;
}

export function kindOfValue(expr: TSESTree.Node, path: readonly string[], resolver: Resolver): TransferableKind {
  if (expr.type === 'NewExpression') {
    const callee = resolver.qualifiedName(expr.callee)?.replace(/^(?:global|worker_threads):/, '');
    if (callee === 'MessageChannel' && path.length === 1 && (path[0] === 'port1' || path[0] === 'port2')) return 'port';
    if (callee === 'TransformStream' && path.length === 1 && (path[0] === 'readable' || path[0] === 'writable')) return 'stream';
    if (path.length > 0) return 'unknown';
    if (callee === 'ArrayBuffer') return 'buffer';
    if (callee && typedArrayConstructors.has(callee)) return 'buffer';
    if (callee === 'ReadableStream' || callee === 'WritableStream' || callee === 'TransformStream') return 'stream';
    if (callee === 'OffscreenCanvas') return 'canvas';
    return 'unknown';
  }
  if (expr.type === 'CallExpression' && path.length === 0 && expr.callee.type === 'MemberExpression') {
    const method = staticPropertyName(expr.callee);
    if (method === 'transferControlToOffscreen') return 'canvas';
    if (method === 'arrayBuffer' || method === 'slice' || method === 'subarray' || method === 'encode') return 'buffer';
  }
  if (expr.type === 'CallExpression' && path.length === 0) {
    const callee = resolver.qualifiedName(expr.callee);
    if (callee === 'global:createImageBitmap') return 'canvas';
    if (callee?.startsWith('global:Buffer.') || callee?.startsWith('buffer:Buffer.')) return 'buffer';
  }
  if (path.length === 1 && path[0] === 'buffer') return 'buffer';
  return 'unknown';
}

/** A transferred expression's name for messages: its place's name, else the identifier, else "value". */
export function nameOf(expr: TSESTree.Node, places: Places): string {
  const place = places.of(expr, false);
  if (place !== undefined) return places.name(place);
  const node = skipWrappers(expr);
  return node.type === 'Identifier' ? node.name : 'value';
}
