/**
 * What makes a value unsendable, as messages say it, how deep the walks of a
 * message go, and how paths into a message are written and found.
 */
import { propertyKeyName, skipWrappers, staticPropertyName } from '../../facts/ast';
import { windowProperties, type Unsendable } from '../../../model/clone';
import { transferListsOf, type SendSite } from '../../classify/sends';
import type { TSESTree } from '@typescript-eslint/utils';

export const maxDepth = 6;
export const functionProblem: Unsendable = { what: 'a function', consequence: 'DataCloneError when it is posted' };
export const classProblem: Unsendable = { what: 'a class', consequence: 'DataCloneError when it is posted' };
export const markedProblem: Unsendable = { what: 'marked uncloneable (`markAsUncloneable`)', consequence: 'DataCloneError when it is posted' };
export const symbolKeyProblem: Unsendable = { what: 'a symbol-keyed property', consequence: 'it is silently dropped' };

export function dedupeProblems<T extends { path: string[]; problem: Unsendable }>(problems: T[]): T[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path.join('.')}:${problem.problem.what}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `job` + [onDone] -> `job.onDone`; `the message` + [items, [0]] -> `message.items[0]`. */
export function formatPath(root: string, path: readonly string[]): string {
  const base = root === 'the message' ? 'message' : root;
  return path.reduce((text, part) => (part.startsWith('[') || part.startsWith('<') ? `${text}${part}` : `${text}.${part}`), base);
}

/** The deepest part of an inline literal message on a type path (`points` in `{ id, points }`), else the message. */
export function locateInLiteral(payload: TSESTree.Node, path: readonly string[]): TSESTree.Node {
  let node = payload;
  for (const segment of path) {
    const literal = skipWrappers(node);
    if (literal.type !== 'ObjectExpression') break;
    const property = literal.properties.find((member): member is TSESTree.Property => member.type === 'Property' && propertyKeyName(member) === segment);
    if (!property) break;
    node = property.value;
  }
  return node;
}

/** A path as the type walk writes it: element indices become `[]`. */
export function typePath(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

export function isAwaited(node: TSESTree.Node): boolean {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && (current.type === 'TSAsExpression' || current.type === 'TSNonNullExpression' || current.type === 'ChainExpression'))
    current = current.parent;
  return current?.type === 'AwaitExpression';
}

export function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === 'FunctionDeclaration' || (current.type === 'FunctionExpression' && current.parent?.type !== 'MethodDefinition')) return undefined;
    if (current.type === 'ClassBody') return current.parent;
    current = current.parent;
  }
  return undefined;
}

/** A transfer list written out empty (`postMessage(msg, [])`, `{ transfer: [] }`): it has no items to find it by. */
export function emptyTransferList(site: SendSite): TSESTree.ArrayExpression | undefined {
  for (const { list } of transferListsOf(site)) {
    const value = skipWrappers(list);
    if (value.type === 'ArrayExpression' && value.elements.length === 0) return value;
  }
  return undefined;
}

/** `frame.contentWindow.postMessage(m, '*')`, `win.postMessage(m, location.origin)`: window.postMessage by its receiver or its target origin. */
export function isWindowPost(receiver: TSESTree.Node, call: TSESTree.CallExpression): boolean {
  const object = skipWrappers(receiver);
  if (object.type === 'MemberExpression' && windowProperties.has(staticPropertyName(object) ?? '')) return true;
  const origin = call.arguments[1] && skipWrappers(call.arguments[1]);
  if (!origin) return false;
  if (origin.type === 'Literal' && typeof origin.value === 'string') return origin.value === '*' || origin.value === '/' || /^https?:\/\//.test(origin.value);
  return origin.type === 'MemberExpression' && staticPropertyName(origin) === 'origin';
}
