/**
 * A text dump of what the recorder saw: every function's segments, their
 * edges and their steps in order. Engine tests compare against it, and
 * `FEARLESS_DUMP=1 npx eslint file.js` prints it when a rule misfires.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionFlow, RecordedFile, Step } from './flow';

function position(node: TSESTree.Node): string {
  return `${node.loc.start.line}:${node.loc.start.column + 1}`;
}

/** `program`, `function ship`, `ArrowFunctionExpression at 3:14`. */
export function flowName(flow: FunctionFlow): string {
  const node = flow.node;
  if (node.type === 'Program') return 'program';
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return `function ${node.id.name}`;
  return `${node.type} at ${position(node)}`;
}

export function describeStep(step: Step, text: (node: TSESTree.Node) => string): string {
  switch (step.kind) {
    case 'read':
    case 'write':
      return `${step.kind} ${step.variable.name} @${position(step.node)}`;
    case 'member':
    case 'memberWrite':
    case 'call':
    case 'await':
    case 'yield':
      return `${step.kind} ${text(step.node).replace(/\s+/g, ' ').slice(0, 60)} @${position(step.node)}`;
    case 'closure':
      return `closure @${position(step.node)}`;
    case 'exit':
      return `exit ${step.node.type.replace('Statement', '').toLowerCase()} @${position(step.node)}`;
    case 'scopeEnd':
      return `scope end @${position(step.node)}`;
  }
}

export function describeRecorded(recorded: RecordedFile, text: (node: TSESTree.Node) => string): string {
  const out: string[] = [];
  for (const flow of recorded.flows) {
    out.push(`${flowName(flow)}:`);
    for (const segment of flow.segments) {
      const next = segment.nextSegments.map((s) => s.id).join(', ');
      out.push(`  ${segment.id}${segment.reachable ? '' : ' (unreachable)'}${next ? ` -> ${next}` : ''}`);
      for (const step of flow.steps.get(segment) ?? []) out.push(`    ${describeStep(step, text)}`);
    }
  }
  return out.join('\n');
}
