/**
 * Send: what may cross a thread boundary (Rust's `Send`, and E0277's chain of
 * "required because it appears within the type ...").
 *
 * At every send of the model whose receiver is known to be a thread endpoint
 * (a Worker, a MessagePort, `self`, `parentPort`, a BroadcastChannel, Node's
 * `new Worker(file, { workerData })`, a pool task, a Comlink or threads.js
 * remote), the message is walked as the code shows it: object and array
 * literals, const bindings, class instances, calls. Each part the structured
 * clone algorithm cannot carry is reported with its path in the message.
 * With type information the declared type is walked too (unions, optional
 * members, arrays, tuples, Maps and Sets, recursive types; `any` stops).
 *
 * Also checked here, at the transfer list: a MessagePort or stream in the
 * message but not in the list (Node and browsers throw), and shared or
 * non-detachable memory in the list (it throws too).
 */
import type { EngineInputs } from '../../inputs';
import type { TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { isFunctionNode, propertyKeyName, rootOf, skipWrappers, staticPropertyName } from '../../facts/ast';
import { memoryCreation } from '../../facts/memory';
import { classProblem, dedupeProblems, functionProblem, markedProblem, maxDepth, symbolKeyProblem, type Problem, enclosingClass, formatPath, isAwaited, memoryWhat, type SendabilityFinding, type SendabilityOptions } from './findings';

export type { SendabilityFinding, SendabilityOptions } from './findings';
import type { CallNode, SendSite } from '../../classify/sends';
import {
  cloneableTypeNames,
  symbolValues,
  threadEndpointConstructors,
  threadEndpointGlobals,
  uncloneableConstructors,
  uncloneableFactories,
  uncloneableMarkers,
  uncloneableTypeNames,
  type Unsendable,
} from '../../../model/clone';
import { nameMatches } from '../../../model/names';
import type { TypeFacts } from '../../../types/type-info';

export interface SendabilityInputs extends Pick<EngineInputs, 'recorded' | 'resolver' | 'places' | 'sends' | 'model' | 'types' | 'text'> {
  readonly options: SendabilityOptions;
}

export function analyzeSendability(inputs: SendabilityInputs): SendabilityFinding[] {
  return new SendabilityAnalysis(inputs).run();
}

class SendabilityAnalysis {
  private readonly findings: SendabilityFinding[] = [];
  private readonly reported = new Set<string>();
  private readonly classMethods = new Map<TSESTree.Node, boolean>();
  private readonly typeResults = new WeakMap<ts.Type, Array<{ path: string[]; problem: Unsendable; classInstance: boolean }> | 'visiting'>();
  private uncloneableMarked: Set<number> | undefined;

  constructor(private readonly inputs: SendabilityInputs) {}

  run(): SendabilityFinding[] {
    const calls: CallNode[] = [];
    let remotes = false;
    const { resolver, model } = this.inputs;
    for (const flow of this.inputs.recorded.flows) {
      for (const steps of flow.steps.values()) {
        for (const step of steps) {
          if (step.kind !== 'call') continue;
          const site = this.inputs.sends.siteOf(step.node);
          if (site) this.checkSend(site);
          else calls.push(step.node);
          if (!remotes && step.node.type === 'CallExpression') {
            const callee = resolver.qualifiedName(step.node.callee);
            remotes = model.remotes.some((remote) => nameMatches(callee, new Set(remote.callee)));
          }
        }
      }
    }
    // Calls on Comlink/threads.js remotes: only in files that make one (resolving every receiver costs).
    if (remotes) for (const call of calls) this.checkRemoteCall(call);
    return this.findings;
  }

  // ---------------------------------------------------------------------------
  // Which sends cross to another thread

  private checkSend(site: SendSite): void {
    const { signature, call } = site;
    if (!signature.clonesPayload) return;
    if (signature.marker) return; // checked as part of the call that carries it
    if (signature.clonesOnlyOnKnownReceiver && !this.crossesForSure(site)) return;
    const payloadSlot = signature.payload;
    if (site.payload) this.checkPayload(site.payload, site.label, call, undefined, payloadSlot?.kind === 'option' ? payloadSlot.key : undefined);
    this.checkTransferList(site);
  }

  /**
   * A postMessage (or pool call) whose receiver is known to be a thread
   * endpoint, or that has a transfer list written out, or that the checker
   * confirms: only then does a function in the message mean DataCloneError
   * (a library's `postMessage` may serialize differently).
   */
  private crossesForSure(site: SendSite): boolean {
    if (site.items.length > 0) return true;
    const call = site.call;
    if (call.type !== 'CallExpression') return true;
    const callee = skipWrappers(call.callee);
    if (callee.type !== 'MemberExpression') return true;
    if (!site.signature.platformPostMessage) return this.createdByOneOf(callee.object, site.signature.receiver?.createdBy ?? []);
    if (this.isThreadEndpoint(callee.object)) return true;
    return this.inputs.types()?.isPlatformPostMessage(callee) === true;
  }

  private isThreadEndpoint(receiver: TSESTree.Node): boolean {
    const { resolver } = this.inputs;
    if (nameMatches(resolver.qualifiedName(receiver), new Set(threadEndpointGlobals))) return true;
    const creation = resolver.creation(receiver);
    if (creation && nameMatches(creation.callee, new Set(threadEndpointConstructors))) return creation.path.length <= 1;
    return false;
  }

  private createdByOneOf(receiver: TSESTree.Node, names: readonly string[]): boolean {
    const creation = this.inputs.resolver.creation(receiver);
    return creation !== undefined && creation.path.length === 0 && nameMatches(creation.callee, new Set(names));
  }

  /** `api.process(data)` where `api = wrap(worker)` (Comlink) or `await spawn(worker)` (threads.js). */
  private checkRemoteCall(call: CallNode): void {
    if (call.type !== 'CallExpression') return;
    const callee = skipWrappers(call.callee);
    if (callee.type !== 'MemberExpression') return;
    const remote = this.remoteOf(callee.object);
    if (!remote) return;
    const label = this.inputs.text(callee).replace(/\s+/g, '');
    for (const argument of call.arguments) {
      if (argument.type === 'SpreadElement') continue;
      this.checkPayload(argument, label, call, remote.callbackWrappers.length > 0 ? remote.callbackWrappers : undefined);
    }
  }

  private remoteOf(object: TSESTree.Node): { callbackWrappers: readonly string[] } | undefined {
    const { resolver, model } = this.inputs;
    const creation = resolver.creation(object);
    if (!creation || creation.kind !== 'call' || creation.path.length > 0) return undefined;
    return model.remotes.find((remote) => nameMatches(creation.callee, new Set(remote.callee)));
  }

  // ---------------------------------------------------------------------------
  // The message, as the code shows it

  private checkPayload(payload: TSESTree.Node, send: string, call: CallNode, callbackWrappers?: readonly string[], rootHint?: string): void {
    const root = rootHint ?? this.rootName(payload);
    const problems: Problem[] = [];
    this.walk(payload, [], 0, new Set(), problems, callbackWrappers);
    for (const problem of problems) {
      const inSend = problem.node.range[0] >= call.range[0] && problem.node.range[1] <= call.range[1];
      const node = inSend ? problem.node : payload;
      const path = formatPath(root, problem.path);
      this.report(`${node.range[0]}:${path}`, {
        kind: 'unsendable',
        node,
        path,
        root,
        problem: problem.problem,
        classInstance: problem.classInstance,
        definedAt: inSend ? undefined : problem.node.loc.start.line,
        comlinkProxy: problem.callback && inSend ? { callback: problem.node, proxyName: this.proxyName(call) } : undefined,
        fromTypes: false,
        send,
      });
    }
    if (this.inputs.options.checkTypes) this.checkPayloadType(payload, root, send);
  }

  private rootName(payload: TSESTree.Node): string {
    const node = skipWrappers(payload);
    if (node.type === 'Identifier' || node.type === 'ThisExpression') return this.inputs.text(node);
    if (node.type === 'MemberExpression') {
      const text = this.inputs.text(node).replace(/\s+/g, '');
      if (text.length <= 30) return text;
    }
    return 'the message';
  }

  /** Walk a value expression; collect every part that cannot be cloned. */
  private walk(expr: TSESTree.Node, path: readonly string[], depth: number, seen: Set<TSESTree.Node>, out: Problem[], callbackWrappers?: readonly string[]): void {
    const node = skipWrappers(expr);
    if (depth > maxDepth || seen.has(node)) return;
    seen.add(node);
    const { resolver } = this.inputs;
    const add = (problem: Unsendable, classInstance = false, at: TSESTree.Node = node, callback = false): void => {
      out.push({ node: at, path, problem, classInstance, callback });
    };
    switch (node.type) {
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        add(functionProblem, false, node, callbackWrappers !== undefined && path.length === 0);
        return;
      case 'ClassExpression':
        add(classProblem);
        return;
      case 'ObjectExpression':
        for (const property of node.properties) {
          if (property.type === 'SpreadElement') {
            this.walk(property.argument, path, depth + 1, seen, out);
            continue;
          }
          if (property.computed && this.isSymbol(property.key)) {
            out.push({ node: property, path: [...path, `[${this.inputs.text(property.key)}]`], problem: symbolKeyProblem, classInstance: false, callback: false });
            continue;
          }
          const key = propertyKeyName(property) ?? `[${this.inputs.text(property.key)}]`;
          if (property.kind === 'get' || property.kind === 'set') continue; // a getter's value is what is cloned
          if (property.method) {
            out.push({ node: property, path: [...path, key], problem: functionProblem, classInstance: false, callback: false });
            continue;
          }
          this.walk(property.value, [...path, key], depth + 1, seen, out);
        }
        return;
      case 'ArrayExpression':
        node.elements.forEach((element, index) => {
          if (!element) return;
          this.walk(element.type === 'SpreadElement' ? element.argument : element, [...path, `[${index}]`], depth + 1, seen, out);
        });
        return;
      case 'ConditionalExpression':
        this.walk(node.consequent, path, depth + 1, seen, out, callbackWrappers);
        this.walk(node.alternate, path, depth + 1, seen, out, callbackWrappers);
        return;
      case 'LogicalExpression':
        this.walk(node.right, path, depth + 1, seen, out, callbackWrappers);
        if (node.operator !== '&&') this.walk(node.left, path, depth + 1, seen, out, callbackWrappers);
        return;
      case 'SequenceExpression':
        this.walk(node.expressions[node.expressions.length - 1]!, path, depth + 1, seen, out, callbackWrappers);
        return;
      case 'NewExpression':
        this.walkNew(node, add);
        return;
      case 'CallExpression':
        this.walkCall(node, path, depth, seen, out, add);
        return;
      case 'ThisExpression': {
        const klass = enclosingClass(node);
        if (klass && this.hasMethods(klass)) add(this.instanceProblem(klass), true);
        return;
      }
      case 'Identifier': {
        if (this.isMarkedUncloneable(node)) {
          add(markedProblem);
          return;
        }
        const variable = resolver.variableOf(node);
        const definition = variable && resolver.singleDefinition(variable);
        if (definition?.kind === 'function') {
          add(functionProblem, false, node, callbackWrappers !== undefined && path.length === 0);
          return;
        }
        if (variable?.defs[0]?.type === 'ClassName') {
          add(classProblem);
          return;
        }
        // Every value the variable is given: its one definition, or each assignment of a `let`
        // (`let viewport = new Viewport(...)` reassigned later still sends a Viewport on some path).
        const values: TSESTree.Node[] = [];
        if (definition?.kind === 'init') {
          const value = resolver.valueOfVariable(variable!);
          if (value && value.path.length === 0) values.push(value.expr);
        } else if (variable && !definition && variable.defs.every((def) => def.type === 'Variable')) {
          for (const reference of variable.references) if (reference.writeExpr) values.push(reference.writeExpr as TSESTree.Node);
        }
        for (const value of values) {
          const before = out.length;
          this.walk(value, path, depth + 1, seen, out, callbackWrappers);
          // A callback bound to a name is still a callback: `api.subscribe(onChange)`.
          for (let index = before; index < out.length; index++) {
            const found = out[index]!;
            if (found.callback) out[index] = { ...found, node };
          }
        }
        return;
      }
      case 'MemberExpression': {
        const qualified = resolver.qualifiedName(node);
        if (qualified && symbolValues.has(qualified)) {
          add({ what: 'a symbol', consequence: 'DataCloneError when it is posted' });
          return;
        }
        const value = resolver.resolveValue(node);
        if (value.expr !== node && value.path.length === 0) this.walk(value.expr, path, depth + 1, seen, out, callbackWrappers);
        return;
      }
      default:
        return;
    }
  }

  private walkNew(node: TSESTree.NewExpression, add: (problem: Unsendable, classInstance?: boolean) => void): void {
    const { resolver } = this.inputs;
    const callee = resolver.qualifiedName(node.callee);
    for (const candidate of callee === undefined ? [] : [callee, callee.replace(/:\*$/, ':default')]) {
      const known = uncloneableConstructors.get(candidate);
      if (known) {
        add(known, known.consequence.startsWith('it arrives'));
        return;
      }
    }
    const klass = this.localClass(node.callee);
    if (klass && this.hasMethods(klass)) add(this.instanceProblem(klass), true);
  }

  private walkCall(
    node: TSESTree.CallExpression,
    path: readonly string[],
    depth: number,
    seen: Set<TSESTree.Node>,
    out: Problem[],
    add: (problem: Unsendable) => void,
  ): void {
    const { resolver, sends } = this.inputs;
    // A marker carries its value: `Comlink.transfer(data, [...])`, `Piscina.move(buf)`.
    const site = sends.siteOf(node);
    if (site?.signature.marker) {
      if (site.payload) this.walk(site.payload, path, depth + 1, seen, out);
      return;
    }
    const callee = resolver.qualifiedName(node.callee);
    const factory = callee === undefined ? undefined : uncloneableFactories.get(callee);
    if (factory) {
      add(factory);
      return;
    }
    const inner = skipWrappers(node.callee);
    if (inner.type === 'MemberExpression' && ['then', 'catch', 'finally'].includes(staticPropertyName(inner) ?? '')) {
      add({ what: 'a Promise', consequence: 'DataCloneError when it is posted' });
      return;
    }
    if (isAwaited(node)) return;
    const fn = resolver.calledFunction(node);
    if (fn?.async) add({ what: 'a Promise (the async call is not awaited)', consequence: 'DataCloneError when it is posted' });
  }

  private isSymbol(expr: TSESTree.Node): boolean {
    const node = skipWrappers(expr);
    const { resolver } = this.inputs;
    const qualified = resolver.qualifiedName(node);
    if (qualified && symbolValues.has(qualified)) return true;
    const value = resolver.resolveValue(node);
    if (value.expr.type === 'CallExpression' && value.path.length === 0) {
      const callee = resolver.qualifiedName(value.expr.callee);
      return callee === 'global:Symbol' || callee === 'global:Symbol.for';
    }
    return false;
  }

  /** Objects passed to Node's `markAsUncloneable` in this file. */
  private isMarkedUncloneable(node: TSESTree.Identifier): boolean {
    if (!this.uncloneableMarked) {
      this.uncloneableMarked = new Set();
      for (const flow of this.inputs.recorded.flows) {
        for (const steps of flow.steps.values()) {
          for (const step of steps) {
            if (step.kind !== 'call' || step.node.type !== 'CallExpression') continue;
            if (!nameMatches(this.inputs.resolver.qualifiedName(step.node.callee), new Set(uncloneableMarkers))) continue;
            const argument = step.node.arguments[0];
            const place = argument && this.inputs.places.of(argument);
            if (place !== undefined) this.uncloneableMarked.add(place);
          }
        }
      }
    }
    const place = this.inputs.places.of(node, false);
    return place !== undefined && this.uncloneableMarked.has(place);
  }

  private localClass(callee: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
    const node = skipWrappers(callee);
    if (node.type !== 'Identifier') return undefined;
    const variable = this.inputs.resolver.variableOf(node);
    const definition = variable?.defs[0];
    if (definition?.type === 'ClassName') return definition.node as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
    if (definition?.type === 'Variable' && definition.node.init) {
      const init = skipWrappers(definition.node.init);
      if (init.type === 'ClassExpression') return init;
    }
    return undefined;
  }

  /** Whether instances of a class lose something on the way: methods, accessors or #private fields (its own or a local base's). */
  private hasMethods(klass: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    const cached = this.classMethods.get(klass);
    if (cached !== undefined) return cached;
    this.classMethods.set(klass, false);
    let result = klass.body.body.some(
      (member) =>
        (member.type === 'MethodDefinition' && !member.static && member.kind !== 'constructor') ||
        (member.type === 'PropertyDefinition' && !member.static && (member.key.type === 'PrivateIdentifier' || (member.value !== null && isFunctionNode(member.value)))) ||
        member.type === 'AccessorProperty',
    );
    if (!result && klass.superClass) {
      const base = this.localClass(klass.superClass);
      result = base !== undefined && this.hasMethods(base);
    }
    this.classMethods.set(klass, result);
    return result;
  }

  private instanceProblem(klass: TSESTree.ClassDeclaration | TSESTree.ClassExpression): Unsendable {
    const name = klass.id?.name ?? 'an anonymous class';
    return { what: `an instance of class \`${name}\``, consequence: 'it arrives as a plain object without its methods' };
  }

  /** The local name `proxy` is imported under (named or through a namespace), for the suggestion. */
  private proxyName(call: CallNode): string | undefined {
    const program = rootOf(call);
    for (const statement of program.body) {
      if (statement.type !== 'ImportDeclaration' || !/^comlink(?:\/|$)/.test(String(statement.source.value))) continue;
      for (const specifier of statement.specifiers) {
        if (specifier.type === 'ImportSpecifier' && (specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value) === 'proxy') return specifier.local.name;
        if (specifier.type === 'ImportNamespaceSpecifier') return `${specifier.local.name}.proxy`;
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------------------
  // The transfer list

  private checkTransferList(site: SendSite): void {
    const { resolver, places } = this.inputs;
    const hasTransferSlot = site.signature.transfer.some((slot) => slot.kind === 'list' || slot.kind === 'options');
    // Ports and streams inside the message must be listed.
    if (site.payload && hasTransferSlot) {
      const listed = new Set<number>();
      const listedText = new Set<string>();
      for (const item of site.items) {
        const place = places.of(item.node, false);
        if (place !== undefined) listed.add(place);
        listedText.add(this.inputs.text(item.node).replace(/\s+/g, ''));
      }
      const list = site.items.find((item) => item.list)?.list;
      for (const { node, what } of this.transferablesIn(site.payload)) {
        const place = places.of(node, false);
        if ((place !== undefined && listed.has(place)) || listedText.has(this.inputs.text(node).replace(/\s+/g, ''))) continue;
        const addListAfter = !list && site.signature.platformPostMessage && site.call.arguments.length === 1 ? site.payload : undefined;
        this.report(`nt:${node.range[0]}`, { kind: 'notTransferred', node, name: this.inputs.text(node), what, list, addListAfter, send: site.label });
      }
    }
    // Shared memory cannot be transferred, and a WebAssembly.Memory's buffer cannot be detached.
    for (const item of site.items) {
      const kind = memoryCreation(item.node, resolver)?.kind;
      const what = kind && memoryWhat[kind];
      if (what) this.report(`ct:${item.node.range[0]}`, { kind: 'cannotTransfer', node: item.node, name: this.inputs.text(item.node), what, list: item.list, send: site.label });
    }
  }

  /** MessagePorts and streams inside a message (as the code shows them). */
  private transferablesIn(payload: TSESTree.Node): Array<{ node: TSESTree.Node; what: string }> {
    const found: Array<{ node: TSESTree.Node; what: string }> = [];
    const visit = (expr: TSESTree.Node, depth: number): void => {
      const node = skipWrappers(expr);
      if (depth > maxDepth) return;
      if (node.type === 'ObjectExpression') {
        for (const property of node.properties) visit(property.type === 'SpreadElement' ? property.argument : property.value, depth + 1);
        return;
      }
      if (node.type === 'ArrayExpression') {
        for (const element of node.elements) if (element) visit(element.type === 'SpreadElement' ? element.argument : element, depth + 1);
        return;
      }
      if (node.type !== 'Identifier' && node.type !== 'MemberExpression') return;
      const what = this.transferableKind(node);
      if (what) found.push({ node, what });
      else if (node.type === 'Identifier') {
        const value = this.inputs.resolver.resolveValue(node);
        if (value.path.length === 0 && (value.expr.type === 'ObjectExpression' || value.expr.type === 'ArrayExpression') && depth < 2) visit(value.expr, depth + 1);
      }
    };
    visit(payload, 0);
    return found;
  }

  private transferableKind(node: TSESTree.Node): string | undefined {
    const value = this.inputs.resolver.resolveValue(node);
    if (value.expr.type !== 'NewExpression') return undefined;
    const callee = this.inputs.resolver.qualifiedName(value.expr.callee)?.replace(/^(?:global|worker_threads):/, '');
    if (callee === 'MessageChannel' && value.path.length === 1 && (value.path[0] === 'port1' || value.path[0] === 'port2')) return 'a MessagePort';
    if ((callee === 'ReadableStream' || callee === 'WritableStream' || callee === 'TransformStream') && value.path.length === 0) return `a ${callee}`;
    if (callee === 'TransformStream' && value.path.length === 1 && (value.path[0] === 'readable' || value.path[0] === 'writable')) return 'a stream';
    return undefined;
  }

  // ---------------------------------------------------------------------------
  // The message, as its type says (checkTypes)

  private checkPayloadType(payload: TSESTree.Node, root: string, send: string): void {
    const types = this.inputs.types();
    if (!types) return;
    const type = types.typeOf(payload);
    for (const found of this.walkType(types, type, 0)) {
      const path = formatPath(root, found.path);
      this.report(`${payload.range[0]}:${path}`, {
        kind: 'unsendable',
        node: payload,
        path,
        root,
        problem: found.problem,
        classInstance: found.classInstance,
        definedAt: undefined,
        comlinkProxy: undefined,
        fromTypes: true,
        send,
      });
    }
  }

  /** The problems inside a type, with their paths; memoized per type, recursion-safe. */
  private walkType(types: TypeFacts, type: ts.Type, depth: number): Array<{ path: string[]; problem: Unsendable; classInstance: boolean }> {
    const cached = this.typeResults.get(type);
    if (cached === 'visiting') return [];
    if (cached) return cached;
    if (depth > maxDepth) return [];
    this.typeResults.set(type, 'visiting');
    const result = this.computeTypeProblems(types, type, depth);
    this.typeResults.set(type, result);
    return result;
  }

  private computeTypeProblems(types: TypeFacts, type: ts.Type, depth: number): Array<{ path: string[]; problem: Unsendable; classInstance: boolean }> {
    const { checker, ts: typescript } = types;
    const { TypeFlags, SymbolFlags, SyntaxKind } = typescript;
    const flags = type.flags;
    // any, unknown, never, type parameters: nothing to say.
    if (flags & (TypeFlags.Any | TypeFlags.Unknown | TypeFlags.Never | TypeFlags.TypeParameter)) return [];
    if (flags & TypeFlags.ESSymbolLike) return [{ path: [], problem: { what: 'a symbol', consequence: 'DataCloneError when it is posted' }, classInstance: false }];
    if (type.isUnion()) {
      const all: Array<{ path: string[]; problem: Unsendable; classInstance: boolean }> = [];
      for (const member of type.types) all.push(...this.walkType(types, member, depth + 1));
      return dedupeProblems(all).slice(0, 3);
    }
    if (!(flags & TypeFlags.Object)) return []; // not an object type: primitives and literals are fine
    if (type.getCallSignatures().length > 0) return [{ path: [], problem: functionProblem, classInstance: false }];
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    const name = symbol?.getName();
    const declarations = symbol?.getDeclarations() ?? [];
    const platform = declarations.length > 0 && declarations.every((declaration) => types.isPlatformDeclaration(declaration));
    if (name && platform) {
      const uncloneable = uncloneableTypeNames.get(name);
      if (uncloneable) return [{ path: [], problem: uncloneable, classInstance: uncloneable.consequence.startsWith('it arrives') }];
      if (cloneableTypeNames.has(name)) return [];
    }
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const elements = checker.getTypeArguments(type as ts.TypeReference);
      const all = elements.flatMap((element) => this.walkType(types, element, depth + 1).map((found) => ({ ...found, path: ['[]', ...found.path] })));
      return dedupeProblems(all).slice(0, 3);
    }
    if (platform && (name === 'Map' || name === 'Set' || name === 'ReadonlyMap' || name === 'ReadonlySet')) {
      const args = checker.getTypeArguments(type as ts.TypeReference);
      const all = args.flatMap((arg) => this.walkType(types, arg, depth + 1).map((found) => ({ ...found, path: ['<entry>', ...found.path] })));
      return dedupeProblems(all).slice(0, 3);
    }
    if (platform) return [];
    const problems: Array<{ path: string[]; problem: Unsendable; classInstance: boolean }> = [];
    // A class instance loses its methods, getters and #private fields.
    const classDeclaration = declarations.find((declaration) => declaration.kind === SyntaxKind.ClassDeclaration || declaration.kind === SyntaxKind.ClassExpression);
    const properties = checker.getPropertiesOfType(type);
    const methodLike = SymbolFlags.Method | SymbolFlags.GetAccessor | SymbolFlags.SetAccessor;
    if (classDeclaration && this.inputs.options.reportClassInstances) {
      const method = properties.some((property) => property.flags & methodLike);
      if (method) problems.push({ path: [], problem: { what: `an instance of class \`${name}\``, consequence: 'it arrives as a plain object without its methods' }, classInstance: true });
    }
    for (const property of properties.slice(0, 60)) {
      if (property.flags & methodLike) {
        if (!classDeclaration) problems.push({ path: [property.getName()], problem: functionProblem, classInstance: false });
        continue;
      }
      const declaration = property.valueDeclaration ?? property.getDeclarations()?.[0];
      if (!declaration) continue;
      const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
      for (const found of this.walkType(types, propertyType, depth + 1)) problems.push({ ...found, path: [property.getName(), ...found.path] });
      if (problems.length >= 5) break;
    }
    return dedupeProblems(problems);
  }

  private report(key: string, finding: SendabilityFinding): void {
    if (finding.kind === 'unsendable' && finding.classInstance && !this.inputs.options.reportClassInstances) return;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(finding);
  }
}

