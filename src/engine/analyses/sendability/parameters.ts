/**
 * Values that reach a send through the parameters of a function defined in
 * the same file (one call deep, no recursion):
 *
 * - the send is in a helper and the value comes from its callers:
 *   `function check(make) { structuredClone(make()); }` with
 *   `check(() => new Response())`, or
 *   `function forward(port, body) { port.postMessage(body); }` with
 *   `forward(port1, new Response('done'))`;
 * - the send is in a callback and the value is what the function that calls
 *   the callback passes it: `withHandle((fh) => structuredClone(fh))` where
 *   `withHandle(fn)` does `await fn(await open(path))`.
 */
import { argumentParams, findProperty, hasSpread, isFunctionNode, skipWrappers, type FunctionNode } from '../../facts/ast';
import type { Resolver } from '../../facts/resolve';
import type { SendSite } from '../../classify/sends';
import type { TSESTree } from '@typescript-eslint/utils';
import { forEachStep } from '../../core/flow';
import type { EngineInputs } from '../../inputs';
import type { ImportedSend, ParamSend } from '../../facts/modules/summary';
import { helperCrossing, type ReceiverDemand } from './crossing';

/** A send in function `fn` whose payload is parameter `index` (`value`) or what calling it returns (`result`). */
export interface ParameterSend {
  readonly fn: FunctionNode;
  readonly index: number;
  readonly mode: 'value' | 'result';
  readonly site: SendSite;
  /** The send's receiver is parameter `receiverIndex` (`port.postMessage(body)`): the caller decides whether it crosses. */
  readonly receiverIndex: number | undefined;
  /** How messages name the payload: `body`, `make()`. */
  readonly root: string;
}

/**
 * A send through a parameter, as the call site checks it: a helper of this
 * file (its ParameterSend) or an imported function (its module's ParamSend).
 */
export interface ThroughParameter {
  readonly index: number;
  readonly mode: ParameterSend['mode'];
  readonly root: string;
  /** The sending call, as messages name it. */
  readonly send: string;
  /** The helper, and where its send is written: `line 3` in this file, `rpc.ts:3` in another. */
  readonly helper: { readonly name: string; readonly line: number; readonly where: string };
  readonly listsNothing: boolean;
  /** The parameter holding the transfer list, when the caller's argument is the list (imported functions). */
  readonly transferParam?: number;
  readonly crossing: 'yes' | 'no' | ReceiverDemand;
}

/**
 * Whether a send lists nothing to transfer where its signature takes a list: `postMessage(body)`,
 * `postMessage(body, [])`, `postMessage(body, {})`. A list it is given but whose entries are not known here
 * (`postMessage(body, toTransfer)`, a parameter the caller fills) is not nothing: the caller's list may hold it.
 */
function listsNothing(site: SendSite): boolean {
  if (site.items.length > 0) return false;
  const slots = listSlots(site);
  if (slots.length === 0) return false;
  const args = site.call.arguments;
  return slots.every((slot) => {
    const arg = args[slot.arg];
    if (slot.kind === 'list') return isNoList(arg);
    if (arg === undefined) return true;
    const value = skipWrappers(arg);
    if (value.type !== 'ObjectExpression' || hasSpread(value)) return false;
    const list = findProperty(value, slot.key)?.value;
    return list === undefined || isNoList(list);
  });
}

function listSlots(site: SendSite): ReadonlyArray<Extract<SendSite['signature']['transfer'][number], { kind: 'list' | 'options' }>> {
  return site.signature.transfer.filter((slot) => slot.kind === 'list' || slot.kind === 'options') as never;
}

/** No argument, or `[]`: an empty list. */
function isNoList(arg: TSESTree.Node | undefined): boolean {
  if (arg === undefined) return true;
  const value = skipWrappers(arg);
  return value.type === 'ArrayExpression' && value.elements.length === 0;
}

/** The parameter of `fn` that a send takes its transfer list from, as is: `worker.postMessage(body, list)`. */
function transferListParameter(site: SendSite, fn: FunctionNode, resolver: Resolver): number | undefined {
  for (const slot of listSlots(site)) {
    const arg = site.call.arguments[slot.arg];
    if (slot.kind !== 'list' || !arg || arg.type === 'SpreadElement') continue;
    const param = parameterOf(arg, resolver);
    if (param?.fn === fn) return param.index;
  }
  return undefined;
}

/** How a send through a parameter lists its transferables at one call: a list parameter is the call's argument. */
export function listsNothingAt(call: TSESTree.CallExpression, summary: ThroughParameter): boolean {
  if (summary.transferParam === undefined) return summary.listsNothing;
  const arg = call.arguments[summary.transferParam];
  return arg?.type !== 'SpreadElement' && isNoList(arg);
}

export function localThrough(summary: ParameterSend, inputs: Pick<EngineInputs, 'resolver' | 'types'>): ThroughParameter {
  const line = summary.site.call.loc.start.line;
  return {
    index: summary.index,
    mode: summary.mode,
    root: summary.root,
    send: summary.site.label,
    helper: { name: functionName(summary.fn), line, where: `line ${line}` },
    listsNothing: listsNothing(summary.site),
    crossing: helperCrossing(summary.site, summary.receiverIndex, inputs),
  };
}

export function importedThrough(send: ImportedSend): ThroughParameter {
  return {
    index: send.param,
    mode: send.mode,
    root: send.root,
    send: send.label,
    helper: { name: send.helper, line: send.line, where: `${send.display}:${send.line}` },
    listsNothing: send.listsNothing,
    ...(send.transferParam !== undefined ? { transferParam: send.transferParam } : {}),
    crossing: send.receiver ?? 'yes',
  };
}

/**
 * The parameter sends of a module's functions, for its summary: each send of
 * a function whose payload is one of its parameters and that crosses (or
 * crosses on a receiver its caller passes), and each call of an imported
 * function that sends a parameter given a parameter of this function
 * (`export function notify(x) { send(x); }`: followed to any depth).
 */
export function exportedSends(
  inputs: Pick<EngineInputs, 'recorded' | 'resolver' | 'sends' | 'types' | 'imports'>,
): (fn: FunctionNode) => Array<Omit<ParamSend, 'file'> & { file?: string }> {
  const byFunction = new Map<FunctionNode, Array<Omit<ParamSend, 'file'> & { file?: string }>>();
  const add = (fn: FunctionNode, send: Omit<ParamSend, 'file'> & { file?: string }) => byFunction.set(fn, [...(byFunction.get(fn) ?? []), send]);
  forEachStep(inputs.recorded.flows, (step) => {
    if (step.kind !== 'call') return;
    const site = inputs.sends.siteOf(step.node);
    if (site) {
      const summary = site.signature.clonesPayload && !site.signature.marker ? parameterSendOf(site, inputs.resolver) : undefined;
      const crossing = summary && helperCrossing(site, summary.receiverIndex, inputs);
      if (!summary || crossing === undefined || crossing === 'no') return;
      const transferParam = transferListParameter(site, summary.fn, inputs.resolver);
      add(summary.fn, {
        param: summary.index,
        mode: summary.mode,
        root: summary.root,
        label: site.label,
        helper: functionName(summary.fn),
        listsNothing: listsNothing(site),
        ...(transferParam !== undefined ? { transferParam } : {}),
        ...(crossing === 'yes' ? {} : { receiver: crossing }),
        line: site.call.loc.start.line,
      });
      return;
    }
    if (step.node.type !== 'CallExpression' || !inputs.imports || inputs.resolver.calledFunction(step.node)) return;
    for (const send of inputs.imports.sendsOf(step.node) ?? []) {
      // Only a plain parameter handed on as the payload (and, for a receiver demand, as the receiver too).
      const payload = step.node.arguments[send.param];
      const outer = payload && payload.type !== 'SpreadElement' && send.mode === 'value' ? parameterOf(payload, inputs.resolver) : undefined;
      if (!outer || enclosingFunction(step.node) !== outer.fn) continue;
      let receiver: ReceiverDemand | undefined;
      if (send.receiver) {
        const argument = step.node.arguments[send.receiver.param];
        const param = argument && argument.type !== 'SpreadElement' ? parameterOf(argument, inputs.resolver) : undefined;
        if (param?.fn !== outer.fn) continue;
        receiver = { ...send.receiver, param: param.index };
      }
      const { mode, root, label, helper, file, line } = send;
      // A list parameter handed on from this function's own parameter stays the caller's to fill; any other list is decided here.
      const list = send.transferParam === undefined ? undefined : step.node.arguments[send.transferParam];
      const listParam = list && list.type !== 'SpreadElement' ? parameterOf(list, inputs.resolver) : undefined;
      const transferParam = listParam?.fn === outer.fn ? listParam.index : undefined;
      const listsNothing =
        send.transferParam === undefined ? send.listsNothing : transferParam === undefined && list?.type !== 'SpreadElement' && isNoList(list);
      add(outer.fn, {
        param: outer.index,
        mode,
        root,
        label,
        helper,
        listsNothing,
        ...(transferParam !== undefined ? { transferParam } : {}),
        ...(receiver ? { receiver } : {}),
        file,
        line,
      });
    }
  });
  return (fn) => byFunction.get(fn) ?? [];
}

/** The parameter of a function an expression is (a plain name, never reassigned). */
export function parameterOf(expr: TSESTree.Node, resolver: Resolver): { fn: FunctionNode; index: number } | undefined {
  const node = skipWrappers(expr);
  if (node.type !== 'Identifier') return undefined;
  const variable = resolver.variableOf(node);
  const definition = variable && resolver.singleDefinition(variable);
  return definition?.kind === 'parameter' ? { fn: definition.node, index: definition.index } : undefined;
}

/** The send as a summary of its function, when its payload is a parameter or a parameter's result. */
export function parameterSendOf(site: SendSite, resolver: Resolver): ParameterSend | undefined {
  if (!site.payload) return undefined;
  const payload = skipWrappers(site.payload);
  let found: { fn: FunctionNode; index: number } | undefined;
  let mode: ParameterSend['mode'] = 'value';
  if (payload.type === 'Identifier') found = parameterOf(payload, resolver);
  else if (payload.type === 'CallExpression' && payload.arguments.length === 0) {
    found = parameterOf(payload.callee, resolver);
    mode = 'result';
  }
  if (!found || enclosingFunction(site.call) !== found.fn) return undefined;
  const callee = site.call.type === 'CallExpression' ? skipWrappers(site.call.callee) : undefined;
  const receiver = callee?.type === 'MemberExpression' ? parameterOf(callee.object, resolver) : undefined;
  const name = payload.type === 'CallExpression' ? `${(skipWrappers(payload.callee) as TSESTree.Identifier).name}()` : (payload as TSESTree.Identifier).name;
  return { ...found, mode, site, receiverIndex: receiver?.fn === found.fn ? receiver.index : undefined, root: name };
}

/**
 * What a call site gives the summarized parameter: the argument itself, or
 * the values a function argument returns (`() => new Response()`).
 */
export function argumentValues(call: TSESTree.CallExpression, summary: Pick<ParameterSend, 'index' | 'mode'>, resolver: Resolver): TSESTree.Node[] {
  const argument = call.arguments[summary.index];
  if (!argument || argument.type === 'SpreadElement') return [];
  if (summary.mode === 'value') return [argument];
  const value = resolver.resolveValue(argument);
  let fn: TSESTree.Node | undefined = value.path.length === 0 ? value.expr : undefined;
  if (fn?.type === 'Identifier') {
    const variable = resolver.variableOf(fn);
    const definition = variable && resolver.singleDefinition(variable);
    fn = definition?.kind === 'function' ? definition.node : undefined;
  }
  return isFunctionNode(fn) ? returnedValues(fn) : [];
}

/**
 * The value a callback's parameter is given: `fn` is passed as argument `k`
 * of a call to a function of this file, which calls its parameter `k`
 * exactly once; argument `index` of that call.
 */
export function callbackArgument(fn: FunctionNode, index: number, resolver: Resolver): TSESTree.Node | undefined {
  const call = fn.parent;
  if (call?.type !== 'CallExpression') return undefined;
  const position = call.arguments.indexOf(fn as TSESTree.CallExpressionArgument);
  if (position === -1) return undefined;
  const caller = resolver.calledFunction(call);
  const param = caller && argumentParams(caller)[position];
  const name = param?.type === 'AssignmentPattern' ? param.left : param;
  if (!caller || name?.type !== 'Identifier') return undefined;
  // A declaration has no reference of its own: find the variable through a use in the body.
  const use = findNode(caller.body, (node) => node.type === 'Identifier' && node.name === name.name && resolver.variableOf(node)?.defs[0]?.name === name);
  const variable = use && resolver.variableOf(use as TSESTree.Identifier);
  if (!variable || resolver.singleDefinition(variable)?.kind !== 'parameter') return undefined;
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    const id = reference.identifier as TSESTree.Node;
    if (id.parent?.type === 'CallExpression' && id.parent.callee === id) calls.push(id.parent);
  }
  if (calls.length !== 1) return undefined;
  const argument = calls[0]!.arguments[index];
  return argument && argument.type !== 'SpreadElement' ? argument : undefined;
}

/** What a function returns: an arrow's expression body, or its own `return x` statements (not nested functions'). */
function returnedValues(fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  const found: TSESTree.Node[] = [];
  visitOwn(fn.body, (node) => {
    if (node.type !== 'ReturnStatement') return false;
    if (node.argument) found.push(node.argument);
    return true;
  });
  return found;
}

function findNode(root: TSESTree.Node, test: (node: TSESTree.Node) => boolean): TSESTree.Node | undefined {
  let found: TSESTree.Node | undefined;
  visitOwn(root, (node) => {
    if (found) return true;
    if (test(node)) found = node;
    return found !== undefined;
  });
  return found;
}

/** Visits `root`'s subtree outside nested functions and classes; `visit` returns true to skip a node's children. */
function visitOwn(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean): void {
  const walk = (node: TSESTree.Node): void => {
    if (node !== root && (isFunctionNode(node) || node.type === 'ClassBody')) return;
    if (visit(node)) return;
    for (const key of Object.keys(node) as Array<keyof typeof node>) {
      if (key === 'parent') continue;
      const child = node[key] as unknown;
      if (Array.isArray(child)) for (const item of child) if (isNode(item)) walk(item);
      if (isNode(child)) walk(child);
    }
  };
  walk(root);
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let current = node.parent;
  while (current && !isFunctionNode(current)) current = current.parent;
  return current;
}

/** How messages name a function: its own name, or the name it is bound to. */
export function functionName(fn: FunctionNode): string {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition') && parent.key.type === 'Identifier') return parent.key.name;
  return 'the function';
}
