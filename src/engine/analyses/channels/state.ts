/**
 * The open-endpoint lattice and the shapes of code at a function's exits.
 */
import type { ChannelExit, Endpoint } from './findings';
import type { CodePathSegment } from '../../core/code-path';
import { stepsOf, type FunctionFlow } from '../../core/flow';
import { intMapForEach, type IntMap } from '../../../util/int-map';
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode } from '../../facts/ast';

export type OpenState = IntMap<Endpoint>;

export function exitOf(flow: FunctionFlow, segment: CodePathSegment): ChannelExit {
  const steps = stepsOf(flow, segment);
  for (let index = steps.length - 1; index >= 0; index--) {
    const step = steps[index]!;
    if (step.kind === 'exit' && step.node.type === 'ReturnStatement') return { kind: 'return', node: step.node };
  }
  return { kind: 'end', node: flow.node };
}

export function isModuleScope(declaration: TSESTree.VariableDeclaration): boolean {
  let node: TSESTree.Node | undefined = declaration.parent;
  while (node) {
    if (isFunctionNode(node) || node.type === 'StaticBlock' || node.type === 'PropertyDefinition') return false;
    if (node.type === 'Program') return true;
    node = node.parent;
  }
  return false;
}

/** `{port1: open since 3:15}`: each endpoint open at this point and where it was created. */
export function describeOpen(state: OpenState): string {
  const parts: string[] = [];
  intMapForEach(state, (_, endpoint) =>
    parts.push(`${endpoint.name}: open since ${endpoint.reportNode.loc.start.line}:${endpoint.reportNode.loc.start.column + 1}`),
  );
  return `{${parts.join(', ')}}`;
}
