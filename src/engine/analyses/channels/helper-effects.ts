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
import { argumentParams, enclosingFunction, skipWrappers, staticPropertyName, type FunctionNode } from '../../facts/ast';
import { forEachStep, type FunctionFlow } from '../../core/flow';
import type { Resolver } from '../../facts/resolve';
import type { EngineInputs } from '../../inputs';
import type { Endpoint } from './findings';
import type { ParamChannelEffect } from '../../facts/modules/summary';
import { escapeOf } from '../../facts/escape';
import { storesArgument } from './handoffs';

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
 * `new WorkerInfo(worker, port1)` of a class of the same file that keeps the
 * endpoint in a field and closes it there: the object owns it and closes it
 * with itself (its `destroy()`), as a field created by the class would be.
 *
 *   class WorkerInfo {
 *     constructor(worker, port) { this.port = port; }   // or `constructor(private port: MessagePort)`
 *     destroy() { this.port.close(); }
 *   }
 */
export function constructorKeepsAndCloses(
  call: TSESTree.NewExpression,
  index: number,
  endpoints: readonly Endpoint[] | undefined,
  inputs: HelperInputs,
): boolean {
  const body = endpoints?.length ? classBodyOf(call.callee, inputs.resolver) : undefined;
  const constructor = body?.body.find((member): member is TSESTree.MethodDefinition => member.type === 'MethodDefinition' && member.kind === 'constructor');
  const field = constructor?.value.type === 'FunctionExpression' ? fieldKeepingParameter(constructor.value, index, inputs.declaredVariables) : undefined;
  if (!body || field === undefined) return false;
  let closes = false;
  forEachStep(inputs.recorded.flows, (step) => {
    if (closes || step.kind !== 'call' || step.node.range[0] < body.range[0] || step.node.range[1] > body.range[1]) return;
    const callee = skipWrappers(step.node.callee);
    if (callee.type !== 'MemberExpression') return;
    const receiver = skipWrappers(callee.object);
    const method = staticPropertyName(callee);
    const onField = receiver.type === 'MemberExpression' && receiver.object.type === 'ThisExpression' && staticPropertyName(receiver) === field;
    closes = onField && method !== undefined && endpoints!.some(({ kind }) => inputs.channelClassifier.effectOf(kind, method) === 'close');
  });
  return closes;
}

/** The class a `new` expression constructs, when the file declares it: `class C {}` or `const C = class {}`. */
function classBodyOf(callee: TSESTree.Node, resolver: Resolver): TSESTree.ClassBody | undefined {
  return resolver.declaredClass(callee)?.body;
}

/** The field the constructor keeps its parameter in: `this.port = port`, or a TypeScript parameter property. */
function fieldKeepingParameter(constructor: TSESTree.FunctionExpression, index: number, declared: DeclaredVariables): string | undefined {
  const parameter = argumentParams(constructor)[index];
  if (parameter?.type === 'TSParameterProperty') return parameter.parameter.type === 'Identifier' ? parameter.parameter.name : undefined;
  const variable = parameterVariable(constructor, index, declared);
  for (const reference of variable?.references ?? []) {
    const assignment = reference.identifier.parent;
    if (assignment?.type !== 'AssignmentExpression' || assignment.right !== reference.identifier || assignment.left.type !== 'MemberExpression') continue;
    if (assignment.left.object.type === 'ThisExpression') return staticPropertyName(assignment.left);
  }
  return undefined;
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
  const parameter = argumentParams(fn)[index];
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

/**
 * What an exported function does to each of its plain parameters, for its module's summary (facts/modules/):
 * the methods called on it, in its body or in closures it creates (`port.onmessage = () => port.close()`
 * closes it once the answer comes), and whether it hands it off (returns it, stores it, exports it, lists it).
 * Read from the syntax and the scope alone: a module that mentions nothing of the model is not recorded.
 */
export function parameterChannelEffects(fn: FunctionNode, declared: DeclaredVariables, resolver: Resolver): ParamChannelEffect[] {
  const effects: ParamChannelEffect[] = [];
  argumentParams(fn).forEach((_, index) => {
    const variable = parameterVariable(fn, index, declared);
    if (!variable) return;
    const methods = new Set<string>();
    let handsOff = false;
    for (const reference of variable.references) {
      const id = reference.identifier as TSESTree.Identifier;
      const member = id.parent;
      if (member?.type === 'MemberExpression' && member.object === id) {
        const method = staticPropertyName(member);
        if (method !== undefined && member.parent?.type === 'CallExpression' && skipWrappers(member.parent.callee) === member) methods.add(method);
        continue;
      }
      const escape = escapeOf(id);
      if (!escape) continue;
      if (escape.kind !== 'argument' || storesArgument(escape.call, resolver)) handsOff = true;
    }
    if (methods.size > 0 || handsOff) effects.push({ param: index, methods: [...methods], handsOff });
  });
  return effects;
}
