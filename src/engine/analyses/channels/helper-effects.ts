/**
 * What a small function of the same file does to an endpoint passed to it,
 * in the endpoint's own terms: which methods it calls on its parameter, and
 * whether its result is the parameter's `read()`. The channel summary of a
 * function (places it discharges) cannot say this, because a parameter is not
 * an endpoint until a caller passes one of a known kind:
 *
 *   async function cancel(reader, error) {
 *     try { await reader.cancel(error); } catch {}   // `cancel(r, e)` releases `r`
 *   }
 *   function readSource(reader, errors) {
 *     const result = reader.read();
 *     return errors ? result.catch(note) : result;   // `await readSource(r)` reads `r`
 *   }
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, skipWrappers, staticPropertyName, type FunctionNode } from '../../facts/ast';
import { forEachStep, type FunctionFlow } from '../../core/flow';
import type { Resolver } from '../../facts/resolve';
import type { EngineInputs } from '../../inputs';
import type { Endpoint } from './findings';

type Variable = TSESLint.Scope.Variable;
type DeclaredVariables = (node: TSESTree.Node) => readonly Variable[];

/** What these questions need: names, the channel model, each function's parameters and recorded flow. */
export type HelperInputs = Pick<EngineInputs, 'recorded' | 'resolver' | 'channelClassifier' | 'declaredVariables'>;

/** Promise methods whose result settles with the value it was called on when that one fulfils. */
const valueKeepingChains = new Set(['catch', 'finally']);

/** The methods called directly on parameter `index` of `fn` (`p.m(...)`), anywhere in its body but not in nested functions. */
function methodsCalledOnParameter(fn: FunctionNode, index: number, declared: DeclaredVariables): ReadonlySet<string> {
  const methods = new Set<string>();
  const variable = parameterVariable(fn, index, declared);
  for (const reference of variable?.references ?? []) {
    const member = reference.identifier.parent;
    if (member?.type !== 'MemberExpression' || member.object !== reference.identifier) continue;
    const call = member.parent;
    const method = staticPropertyName(member);
    if (call?.type !== 'CallExpression' || skipWrappers(call.callee) !== member || method === undefined) continue;
    if (enclosingFunction(call) === fn) methods.add(method);
  }
  return methods;
}

/** `cancel(reader, e)` where `cancel` calls `reader.cancel(e)`: a close method of the endpoint's kind, called on the parameter. */
export function closesParameter(fn: FunctionNode, index: number, endpoints: readonly Endpoint[] | undefined, inputs: HelperInputs): boolean {
  if (!endpoints?.length) return false;
  const methods = [...methodsCalledOnParameter(fn, index, inputs.declaredVariables)];
  return endpoints.some(({ kind }) => methods.some((method) => inputs.channelClassifier.effectOf(kind, method) === 'close'));
}

/**
 * Whether every value `fn` returns is `param.<method>()` of its parameter
 * `index`, directly, through a `const` that holds it, through `.catch(...)` or
 * `.finally(...)`, or on both branches of a conditional.
 */
export function returnsCallOnParameter(fn: FunctionNode, index: number, method: string, inputs: HelperInputs): boolean {
  const parameter = parameterVariable(fn, index, inputs.declaredVariables);
  if (!parameter) return false;
  const returned = returnedExpressions(fn, inputs.recorded.flowOfNode.get(fn));
  return returned.length > 0 && returned.every((expression) => isCallOnParameter(expression, parameter, method, inputs.resolver, 0));
}

/** The variable of a plain identifier parameter (`(reader, error) => ...`); none for patterns and defaults. */
function parameterVariable(fn: FunctionNode, index: number, declared: DeclaredVariables): Variable | undefined {
  const parameter = fn.params[index];
  if (parameter?.type !== 'Identifier') return undefined;
  return declared(fn).find((variable) => variable.identifiers.includes(parameter));
}

function isCallOnParameter(node: TSESTree.Node, parameter: Variable, method: string, resolver: Resolver, depth: number): boolean {
  if (depth > 4) return false;
  const expression = skipWrappers(node);
  if (expression.type === 'AwaitExpression') return isCallOnParameter(expression.argument, parameter, method, resolver, depth + 1);
  if (expression.type === 'ConditionalExpression') {
    return (
      isCallOnParameter(expression.consequent, parameter, method, resolver, depth + 1) &&
      isCallOnParameter(expression.alternate, parameter, method, resolver, depth + 1)
    );
  }
  if (expression.type === 'Identifier') {
    const variable = resolver.variableOf(expression);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    const declarator = definition?.node;
    const constant = declarator?.type === 'VariableDeclarator' && declarator.parent?.kind === 'const' && declarator.id === definition?.name;
    return constant && declarator.init !== null && isCallOnParameter(declarator.init, parameter, method, resolver, depth + 1);
  }
  if (expression.type !== 'CallExpression') return false;
  const callee = skipWrappers(expression.callee);
  if (callee.type !== 'MemberExpression') return false;
  const name = staticPropertyName(callee);
  if (name !== undefined && valueKeepingChains.has(name)) return isCallOnParameter(callee.object, parameter, method, resolver, depth + 1);
  const receiver = skipWrappers(callee.object);
  return name === method && receiver.type === 'Identifier' && resolver.variableOf(receiver) === parameter;
}

/**
 * The expressions a function returns: an arrow's expression body, or the
 * arguments of its `return` statements (from its recorded flow, so nested
 * functions' returns are not its own). A body whose last statement is not a
 * `return` may fall off its end and return `undefined`: then nothing qualifies.
 */
function returnedExpressions(fn: FunctionNode, flow: FunctionFlow | undefined): TSESTree.Node[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  if (!flow || fn.body.body.at(-1)?.type !== 'ReturnStatement') return [];
  const found: TSESTree.Node[] = [];
  forEachStep([flow], (step) => {
    if (step.kind === 'exit' && step.node.type === 'ReturnStatement') found.push(step.node.argument ?? step.node);
  });
  return found;
}
