/**
 * Classes of this file as the structured clone algorithm sees their
 * instances: what they lose (methods, accessors, #private fields) and whether
 * their constructor marks them uncloneable.
 */
import { someStep } from '../../core/flow';
import { isFunctionNode, rootOf, skipWrappers } from '../../facts/ast';
import type { Resolver } from '../../facts/resolve';
import type { CallNode } from '../../classify/sends';
import type { EngineInputs } from '../../inputs';
import { uncloneableMarkers, type Unsendable } from '../../../model/clone';
import { nameMatches } from '../../../model/names';
import type { TSESTree } from '@typescript-eslint/utils';

export class ClassFacts {
  private readonly classMethods = new Map<TSESTree.Node, boolean>();

  constructor(
    private readonly resolver: Resolver,
    private readonly recorded: EngineInputs['recorded'],
  ) {}

  /** `constructor() { markAsUncloneable(this); }`: every instance is uncloneable. */
  marksInstancesUncloneable(klass: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    const constructor = klass.body.body.find(
      (member): member is TSESTree.MethodDefinition => member.type === 'MethodDefinition' && member.kind === 'constructor',
    );
    const flow = constructor && this.recorded.flowOfNode.get(constructor.value);
    return (
      flow !== undefined &&
      someStep(flow, (step) => {
        if (step.kind !== 'call' || step.node.type !== 'CallExpression') return false;
        const argument = step.node.arguments[0];
        return argument?.type === 'ThisExpression' && nameMatches(this.resolver.qualifiedName(step.node.callee), new Set(uncloneableMarkers));
      })
    );
  }

  localClass(callee: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
    const node = skipWrappers(callee);
    if (node.type !== 'Identifier') return undefined;
    const variable = this.resolver.variableOf(node);
    const definition = variable?.defs[0];
    if (definition?.type === 'ClassName') return definition.node as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
    if (definition?.type === 'Variable' && definition.node.init) {
      const init = skipWrappers(definition.node.init);
      if (init.type === 'ClassExpression') return init;
    }
    return undefined;
  }

  /** Whether instances of a class lose something on the way: methods, accessors or #private fields (its own or a local base's). */
  hasMethods(klass: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    const cached = this.classMethods.get(klass);
    if (cached !== undefined) return cached;
    this.classMethods.set(klass, false);
    let result = klass.body.body.some(
      (member) =>
        (member.type === 'MethodDefinition' && !member.static && member.kind !== 'constructor') ||
        (member.type === 'PropertyDefinition' &&
          !member.static &&
          (member.key.type === 'PrivateIdentifier' || (member.value !== null && isFunctionNode(member.value)))) ||
        member.type === 'AccessorProperty',
    );
    if (!result && klass.superClass) {
      const base = this.localClass(klass.superClass);
      result = base !== undefined && this.hasMethods(base);
    }
    this.classMethods.set(klass, result);
    return result;
  }

  instanceProblem(klass: TSESTree.ClassDeclaration | TSESTree.ClassExpression): Unsendable {
    const name = klass.id?.name ?? 'an anonymous class';
    return { what: `an instance of class \`${name}\``, consequence: 'it arrives as a plain object without its methods' };
  }
}

/** The local name `proxy` is imported under (named or through a namespace), for the suggestion. */
export function comlinkProxyName(call: CallNode): string | undefined {
  const program = rootOf(call);
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration' || !/^comlink(?:\/|$)/.test(String(statement.source.value))) continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type === 'ImportSpecifier' && (specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value) === 'proxy')
        return specifier.local.name;
      if (specifier.type === 'ImportNamespaceSpecifier') return `${specifier.local.name}.proxy`;
    }
  }
  return undefined;
}
