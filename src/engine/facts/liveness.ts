/**
 * Liveness of locals: the last reference to a variable, after which its
 * facts can be dropped (they would only make every later join bigger).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type Variable = TSESLint.Scope.Variable;

/** The last reference of a local, if its last reference is certain (see `Liveness.isLastUse`). */
function lastUseOf(variable: Variable): TSESTree.Node | undefined {
  const definition = variable.defs[0];
  if (variable.defs.length !== 1 || definition?.type !== 'Variable') return undefined;
  const scope = variable.scope.variableScope;
  let last: TSESTree.Node | undefined;
  for (const reference of variable.references) {
    if (reference.from.variableScope !== scope) return undefined;
    const identifier = reference.identifier as TSESTree.Node;
    if (!last || identifier.range[0] > last.range[0]) last = identifier;
  }
  if (!last) return undefined;
  for (let node: TSESTree.Node | undefined = last.parent; node && node !== (variable.scope.block as TSESTree.Node); node = node.parent) {
    if (
      node.type === 'ForStatement' ||
      node.type === 'ForInStatement' ||
      node.type === 'ForOfStatement' ||
      node.type === 'WhileStatement' ||
      node.type === 'DoWhileStatement'
    ) {
      return undefined;
    }
  }
  return last;
}

/** Which reference of a local is its last, and which bindings a block declares (memoized per file). */
export class Liveness {
  constructor(private readonly declaredVariables: (node: TSESTree.Node) => readonly Variable[]) {}

  private readonly blockBindings = new Map<TSESTree.Node, readonly Variable[]>();
  private readonly lastUses = new Map<Variable, TSESTree.Node | null>();

  /**
   * Whether `node` is the last reference to a local variable, after which it
   * is dead. Only for variables declared in a function (not parameters, whose
   * state callers read from the summary), never captured by a nested
   * function, whose last reference is not inside a loop of their scope (the
   * loop could run earlier references again).
   */
  isLastUse(variable: Variable, node: TSESTree.Node): boolean {
    let last = this.lastUses.get(variable);
    if (last === undefined) {
      last = lastUseOf(variable) ?? null;
      this.lastUses.set(variable, last);
    }
    return last === node;
  }

  /** The lexical bindings a block declares (`let`, `const`, `class`), memoized. */
  blockVariables(block: TSESTree.Node): readonly Variable[] {
    let variables = this.blockBindings.get(block);
    if (!variables) {
      const statements = block.type === 'SwitchCase' ? block.consequent : 'body' in block && Array.isArray(block.body) ? (block.body as TSESTree.Node[]) : [];
      variables = statements.flatMap((statement) =>
        (statement.type === 'VariableDeclaration' && statement.kind !== 'var') || statement.type === 'ClassDeclaration'
          ? this.declaredVariables(statement)
          : [],
      );
      this.blockBindings.set(block, variables);
    }
    return variables;
  }
}
