/**
 * Endpoints captured by the methods and getters of an object literal: the
 * object owns them, as it would if they were stored in one of its properties.
 *
 * ```js
 * return new WritableStream({ write: (c) => writer.write(c), close: () => writer.close() });
 * return { get port() { return channel.port2; }, close() { channel.port1.close(); } };
 * ```
 *
 * Methods and getters are not closures of the function that creates the
 * object (the recorder keeps no closure step for them), so the handoff is
 * anchored at the step that evaluates the object: the call it is an argument
 * of, the `return` that returns it, or the write of the binding or property it
 * is stored in.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isTransparentWrapper } from '../../facts/ast';
import { forEachStep, type FunctionFlow } from '../../core/flow';

export function objectCaptures(
  flows: readonly FunctionFlow[],
  /** The endpoint places an expression read in a method denotes (empty for anything else). */
  endpointPlacesOf: (node: TSESTree.Identifier | TSESTree.MemberExpression) => readonly number[],
): Map<TSESTree.Node, number[]> {
  const anchored = new Map<TSESTree.Node, number[]>();
  for (const flow of flows) {
    const fn = flow.node;
    const property = fn.parent;
    if (property?.type !== 'Property' || property.value !== fn || property.parent.type !== 'ObjectExpression') continue;
    const anchor = anchorOf(property.parent);
    if (!anchor) continue;
    const places: number[] = [];
    forEachStep([flow], (step) => {
      if (step.kind !== 'read' && step.kind !== 'member') return;
      // `channel.port2` is read as `channel` then `channel.port2`: the outermost member says which endpoint.
      const parent = step.node.parent;
      if (parent?.type === 'MemberExpression' && parent.object === step.node && endpointPlacesOf(parent).length > 0) return;
      places.push(...endpointPlacesOf(step.node));
    });
    if (places.length === 0) continue;
    const list = anchored.get(anchor);
    if (list) list.push(...places);
    else anchored.set(anchor, places);
  }
  return anchored;
}

/** The node of the step that evaluates the object, or undefined when the object goes nowhere (an expression statement). */
function anchorOf(object: TSESTree.ObjectExpression): TSESTree.Node | undefined {
  let child: TSESTree.Node = object;
  let parent: TSESTree.Node | undefined = object.parent;
  const up = (to: TSESTree.Node): void => {
    child = to;
    parent = to.parent;
  };
  while (parent) {
    if (isTransparentWrapper(parent) || parent.type === 'AwaitExpression' || parent.type === 'ArrayExpression') {
      up(parent);
      continue;
    }
    // `{ sink: { close() { writer.close(); } } }`: the outer object owns the inner one.
    if (parent.type === 'Property' && parent.value === child && parent.parent.type === 'ObjectExpression') {
      up(parent.parent);
      continue;
    }
    switch (parent.type) {
      case 'CallExpression':
      case 'NewExpression':
        return parent.arguments.includes(child as TSESTree.CallExpressionArgument) ? parent : undefined;
      case 'ReturnStatement':
        return parent;
      case 'VariableDeclarator':
        return parent.init === child && parent.id.type === 'Identifier' ? parent.id : undefined;
      case 'AssignmentExpression':
        return parent.right === child && (parent.left.type === 'Identifier' || parent.left.type === 'MemberExpression') ? parent.left : undefined;
      default:
        return undefined;
    }
  }
  return undefined;
}
