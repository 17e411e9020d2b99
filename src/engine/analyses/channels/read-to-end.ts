/**
 * Where a stream reader is read to its end: the code that runs only once
 * `read()` resolved `{ done: true }`. Steps inside such a range discharge the
 * reader, so the path-sensitive analysis sees the early `return` inside the
 * loop that skips it:
 *
 *   while (true) {
 *     const { done, value } = await reader.read();
 *     if (done) break;            // read to the end: discharged on this path
 *     if (!accept(value)) return; // still locked: the finding
 *   }
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Resolver } from '../../facts/resolve';
import { staticPropertyName } from '../../facts/ast';
import { returnsCallOnParameter, type HelperInputs } from './helper-effects';
import type { Endpoint } from './findings';

export interface EndRange {
  readonly range: readonly [number, number];
  readonly place: number;
}

export function readToEndRanges(endpoints: readonly Endpoint[], inputs: HelperInputs): EndRange[] {
  const { resolver } = inputs;
  const ranges: EndRange[] = [];
  for (const endpoint of endpoints) {
    const readToEnd = endpoint.kind.readToEnd;
    const variable = readToEnd && endpoint.opener && endpoint.property === undefined ? resolver.variableOf(endpoint.opener) : undefined;
    if (!readToEnd || !variable) continue;
    const add = (node: TSESTree.Node): void => void ranges.push({ range: node.range, place: endpoint.place });
    for (const reference of variable.references) {
      const read = reference.identifier.type === 'Identifier' ? readCallOf(reference.identifier, endpoint, inputs) : undefined;
      if (!read) continue;
      let value: TSESTree.Node = read;
      while (value.parent?.type === 'AwaitExpression' || value.parent?.type === 'TSAsExpression') value = value.parent;
      const parent = value.parent;
      // `reader.read().then(function pump({ done, value }) { ... })`: the callback reads on and owns the reader.
      if (parent?.type === 'MemberExpression' && parent.object === value && parent.parent?.type === 'CallExpression') {
        add(parent.parent);
        continue;
      }
      // `while (!(await reader.read()).done)`: the test of `done` read off the result itself.
      if (parent?.type === 'MemberExpression' && parent.object === value && staticPropertyName(parent) === readToEnd.doneProperty) {
        add(whenDone(parent));
        continue;
      }
      const target =
        parent?.type === 'VariableDeclarator' && parent.init === value
          ? parent.id
          : parent?.type === 'AssignmentExpression' && parent.right === value
            ? parent.left
            : undefined;
      for (const test of doneTests(target, readToEnd.doneProperty, resolver)) add(whenDone(test));
    }
  }
  return ranges;
}

/**
 * The call that reads the reader this reference names: `reader.read()`, or a
 * same-file helper whose result is its parameter's read (`readSource(reader)`,
 * see helper-effects.ts).
 */
function readCallOf(reference: TSESTree.Identifier, endpoint: Endpoint, inputs: HelperInputs): TSESTree.CallExpression | undefined {
  const { resolver } = inputs;
  const parent = reference.parent;
  if (parent?.type === 'MemberExpression' && parent.object === reference) {
    return inputs.channelClassifier.isReadCall(endpoint.kind, parent) ? (parent.parent as TSESTree.CallExpression) : undefined;
  }
  const method = endpoint.kind.readToEnd?.method;
  if (parent?.type !== 'CallExpression' || method === undefined) return undefined;
  const index = parent.arguments.indexOf(reference);
  const helper = index === -1 ? undefined : resolver.calledFunction(parent);
  return helper && returnsCallOnParameter(helper, index, method, inputs) ? parent : undefined;
}

/** The reads of `done` (from `const { done } = ...`) or of `result.done` (from `const result = ...`). */
function doneTests(target: TSESTree.Node | undefined, done: string, resolver: Resolver): TSESTree.Node[] {
  if (target?.type === 'ObjectPattern') {
    for (const property of target.properties) {
      if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier' || property.key.name !== done) continue;
      const binding = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      return binding.type === 'Identifier' ? readsOf(resolver.variableOf(binding), binding).map((r) => r.identifier) : [];
    }
    return [];
  }
  if (target?.type !== 'Identifier') return [];
  const tests: TSESTree.Node[] = [];
  for (const reference of readsOf(resolver.variableOf(target), target)) {
    const member = reference.identifier.parent;
    if (member?.type === 'MemberExpression' && member.object === reference.identifier && staticPropertyName(member) === done) tests.push(member);
  }
  return tests;
}

function readsOf(variable: TSESLint.Scope.Variable | undefined, binding: TSESTree.Identifier): TSESLint.Scope.Reference[] {
  return (variable?.references ?? []).filter((reference) => reference.isRead() && reference.identifier !== binding);
}

/**
 * The code that runs only when `done` is true: the consequent of `if (done)`,
 * the alternate of `if (!done) ... else`; anywhere else (a loop's test
 * `while (!done)`, `return done`), the read itself stands for the end.
 */
function whenDone(read: TSESTree.Node): TSESTree.Node {
  let node: TSESTree.Node = read;
  let negated = false;
  for (;;) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (parent?.type === 'UnaryExpression' && parent.operator === '!') negated = !negated;
    else if (parent?.type !== 'TSNonNullExpression' && parent?.type !== 'LogicalExpression') break;
    node = parent;
  }
  const parent = node.parent;
  if ((parent?.type === 'IfStatement' || parent?.type === 'ConditionalExpression') && parent.test === node) {
    const branch = negated ? parent.alternate : parent.consequent;
    if (branch) return branch;
  }
  return read;
}
