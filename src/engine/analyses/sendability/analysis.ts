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
import { emptyTransferList } from './problems';
import { transferablesIn } from './transferables';
import { forEachStep } from '../../core/flow';
import {
  classProblem,
  enclosingClass,
  formatPath,
  functionProblem,
  isAwaited,
  locateInLiteral,
  markedProblem,
  maxDepth,
  symbolKeyProblem,
  typePath,
} from './problems';
import { TypeWalk } from './type-walk';
import { ClassFacts, comlinkProxyName } from './classes';
import { Marks } from './marks';
import {
  argumentValues,
  callbackArgument,
  importedThrough,
  listsNothingAt,
  localThrough,
  parameterSendOf,
  type ParameterSend,
  type ThroughParameter,
} from './parameters';
import { crossesForSure, meetsDemand } from './crossing';
import type { FunctionNode } from '../../facts/ast';
import type { SendabilityFinding, SendabilityOptions } from './findings';
import { propertyKeyName, skipWrappers, staticPropertyName } from '../../facts/ast';
import type { EngineInputs } from '../../inputs';
import type { TSESTree } from '@typescript-eslint/utils';
import type { CallNode, SendSite } from '../../classify/sends';
import {
  entryCollections,
  symbolValues,
  uncloneableGlobals,
  uncloneableConstructors,
  uncloneableFactories,
  refusalConsequences,
  type Unsendable,
} from '../../../model/clone';
import { nameMatches } from '../../../model/names';
import type { TypeFacts } from '../../../types/type-info';

export type { SendabilityFinding, SendabilityOptions } from './findings';

export interface SendabilityInputs extends Pick<EngineInputs, 'recorded' | 'resolver' | 'places' | 'sends' | 'model' | 'types' | 'text' | 'imports'> {
  readonly options: SendabilityOptions;
}

interface Problem {
  readonly node: TSESTree.Node;
  readonly path: readonly string[];
  readonly problem: Unsendable;
  readonly classInstance: boolean;
  /** Set when the offending value is a function given straight to a Comlink remote. */
  readonly callback: boolean;
}

export function analyzeSendability(inputs: SendabilityInputs): SendabilityFinding[] {
  return new SendabilityAnalysis(inputs).run();
}

class SendabilityAnalysis {
  private readonly findings: SendabilityFinding[] = [];
  private readonly reported = new Set<string>();
  private readonly classes: ClassFacts;
  private readonly marks: Marks;

  constructor(private readonly inputs: SendabilityInputs) {
    this.classes = new ClassFacts(inputs.resolver, inputs.recorded);
    this.marks = new Marks(inputs.resolver, inputs.recorded, inputs.places);
  }

  run(): SendabilityFinding[] {
    const calls: CallNode[] = [];
    let remotes = false;
    const { resolver, model } = this.inputs;
    const summaries = new Map<FunctionNode, ParameterSend[]>();
    forEachStep(this.inputs.recorded.flows, (step) => {
      if (step.kind !== 'call') return;
      const site = this.inputs.sends.siteOf(step.node);
      if (site) {
        this.checkSend(site);
        const summary = site.signature.clonesPayload && !site.signature.marker ? parameterSendOf(site, resolver) : undefined;
        if (summary) summaries.set(summary.fn, [...(summaries.get(summary.fn) ?? []), summary]);
      } else calls.push(step.node);
      if (!remotes && step.node.type === 'CallExpression') {
        const callee = resolver.qualifiedName(step.node.callee);
        remotes = model.remotes.some((remote) => nameMatches(callee, new Set(remote.callee)));
      }
    });
    // Calls on Comlink/threads.js remotes: only in files that make one (resolving every receiver costs).
    if (remotes) for (const call of calls) this.checkRemoteCall(call);
    // Calls of this file's functions that send a parameter: the value is at the call site.
    if (summaries.size > 0) {
      for (const call of calls) {
        const fn = call.type === 'CallExpression' ? resolver.calledFunction(call) : undefined;
        for (const summary of (fn && summaries.get(fn)) ?? []) this.checkThroughParameter(call as TSESTree.CallExpression, localThrough(summary, this.inputs));
      }
    }
    // Calls of functions imported from local modules that send a parameter (`notify(() => 1)`, `notify` in rpc.ts).
    const imports = this.inputs.imports;
    if (imports) {
      for (const call of calls) {
        if (call.type !== 'CallExpression' || resolver.calledFunction(call)) continue;
        for (const send of imports.sendsOf(call) ?? []) this.checkThroughParameter(call, importedThrough(send));
      }
    }
    return this.findings;
  }

  /** `check('x', () => new Response())` where `check(name, make)` does `structuredClone(make())`, in this file or an imported one. */
  private checkThroughParameter(call: TSESTree.CallExpression, summary: ThroughParameter): void {
    const { crossing, send, helper } = summary;
    if (crossing === 'no' || (crossing !== 'yes' && !meetsDemand(call, crossing, this.inputs))) return;
    for (const value of argumentValues(call, summary, this.inputs.resolver)) {
      // `check(() => new ReadableStream())`: a stream must be transferred, and the helper's send lists nothing.
      if (listsNothingAt(call, summary)) {
        for (const { node, what } of transferablesIn(value, this.inputs.resolver)) {
          const name = this.inputs.text(node);
          this.report(`nt:${node.range[0]}`, { kind: 'notTransferred', node, name, what, list: undefined, addListAfter: undefined, send });
        }
      }
      const problems: Problem[] = [];
      this.walk(value, [], 0, new Set(), problems);
      for (const problem of problems) {
        const inCall = problem.node.range[0] >= call.range[0] && problem.node.range[1] <= call.range[1];
        const node = inCall ? problem.node : value;
        const path = formatPath(summary.root, problem.path);
        this.report(`${node.range[0]}:${path}`, {
          kind: 'unsendable',
          node,
          path,
          root: summary.root,
          problem: problem.problem,
          classInstance: problem.classInstance,
          definedAt: inCall ? undefined : problem.node.loc.start.line,
          comlinkProxy: undefined,
          fromTypes: false,
          send,
          helper,
        });
      }
    }
  }

  // ---------------------------------------------------------------------------
  // Which sends cross to another thread

  private checkSend(site: SendSite): void {
    const { signature, call } = site;
    if (!signature.clonesPayload) return;
    if (signature.marker) return; // checked as part of the call that carries it
    if (signature.clonesOnlyOnKnownReceiver && !crossesForSure(site, this.inputs)) return;
    const payloadSlot = signature.payload;
    if (site.payload) this.checkPayload(site.payload, site.label, call, undefined, payloadSlot?.kind === 'option' ? payloadSlot.key : undefined);
    this.checkTransferList(site);
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
        comlinkProxy: problem.callback && inSend ? { callback: problem.node, proxyName: comlinkProxyName(call) } : undefined,
        fromTypes: false,
        send,
        helper: undefined,
      });
    }
    if (this.inputs.options.checkTypes) {
      // One report per value: the type walk adds only what the code does not show (`[0]` and `[]` are one path).
      const shown = problems
        .filter((problem) => !problem.classInstance || this.inputs.options.reportClassInstances)
        .map((problem) => typePath(formatPath(root, problem.path)));
      this.checkPayloadType(payload, root, send, shown);
    }
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
  private walk(
    expr: TSESTree.Node,
    path: readonly string[],
    depth: number,
    seen: Set<TSESTree.Node>,
    out: Problem[],
    callbackWrappers?: readonly string[],
  ): void {
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
          if (property.computed && this.marks.isSymbol(property.key)) {
            out.push({
              node: property,
              path: [...path, `[${this.inputs.text(property.key)}]`],
              problem: symbolKeyProblem,
              classInstance: false,
              callback: false,
            });
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
        // `new Map([['k', value]])`, `new Set([value])`: the entries are cloned one by one.
        if (nameMatches(resolver.qualifiedName(node.callee), entryCollections) && node.arguments[0] && node.arguments[0].type !== 'SpreadElement') {
          this.walkEntries(node.arguments[0], [...path, '<entry>'], depth, seen, out);
        }
        return;
      case 'CallExpression':
        this.walkCall(node, path, depth, seen, out, add);
        return;
      case 'ThisExpression': {
        const klass = enclosingClass(node);
        if (klass && this.classes.hasMethods(klass)) add(this.classes.instanceProblem(klass), true);
        return;
      }
      case 'Identifier': {
        const platform = uncloneableGlobals.get(resolver.qualifiedName(node) ?? '');
        if (platform && !resolver.variableOf(node)?.defs.length) {
          add(platform);
          return;
        }
        if (this.marks.isMarkedUncloneable(node)) {
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
        // `withHandle((fh) => port.postMessage(fh))`: what `withHandle` passes its callback.
        const passed = definition?.kind === 'parameter' ? callbackArgument(definition.node, definition.index, resolver) : undefined;
        if (passed) values.push(passed);
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
        const platform = qualified === undefined ? undefined : uncloneableGlobals.get(qualified);
        if (platform) {
          add(platform);
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

  private walkEntries(entries: TSESTree.Node, path: readonly string[], depth: number, seen: Set<TSESTree.Node>, out: Problem[]): void {
    const list = skipWrappers(entries);
    if (list.type !== 'ArrayExpression') {
      this.walk(list, path, depth + 1, seen, out);
      return;
    }
    for (const element of list.elements) {
      if (!element || element.type === 'SpreadElement') continue;
      const entry = skipWrappers(element);
      // A Map's `[key, value]` pair: both are cloned.
      const parts = entry.type === 'ArrayExpression' ? entry.elements : [entry];
      for (const part of parts) if (part && part.type !== 'SpreadElement') this.walk(part, path, depth + 1, seen, out);
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
    const klass = this.classes.localClass(node.callee);
    if (klass && this.classes.marksInstancesUncloneable(klass)) add(markedProblem);
    else if (klass && this.classes.hasMethods(klass)) add(this.classes.instanceProblem(klass), true);
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
      add(factory.async && !isAwaited(node) ? { what: `a Promise of ${factory.what} (the call is not awaited)`, consequence: factory.consequence } : factory);
      return;
    }
    const inner = skipWrappers(node.callee);
    // `fileBlob.slice(0, 8)`: a method whose result is the same kind of value as its object.
    const method = inner.type === 'MemberExpression' ? staticPropertyName(inner) : undefined;
    if (method !== undefined && inner.type === 'MemberExpression') {
      const parts: Problem[] = [];
      this.walk(inner.object, [], depth + 1, new Set(seen), parts);
      const kept = parts.find((part) => part.path.length === 0 && part.problem.keptBy?.includes(method));
      if (kept) {
        add(kept.problem);
        return;
      }
    }
    // `handler.bind(this)` is a function.
    if (inner.type === 'MemberExpression' && staticPropertyName(inner) === 'bind') {
      add(functionProblem);
      return;
    }
    if (inner.type === 'MemberExpression' && ['then', 'catch', 'finally'].includes(staticPropertyName(inner) ?? '')) {
      add({ what: 'a Promise', consequence: 'DataCloneError when it is posted' });
      return;
    }
    if (isAwaited(node)) return;
    const fn = resolver.calledFunction(node);
    if (fn?.async) add({ what: 'a Promise (the async call is not awaited)', consequence: 'DataCloneError when it is posted' });
  }

  // ---------------------------------------------------------------------------
  // The transfer list

  private checkTransferList(site: SendSite): void {
    const { places } = this.inputs;
    const hasTransferSlot = site.signature.transfer.some((slot) => slot.kind === 'list' || slot.kind === 'options');
    // Ports and streams inside the message must be listed.
    if (site.payload && hasTransferSlot) {
      const listed = new Set<number>();
      const listedText = new Set<string>();
      // `[fh as any]`, `[port!]`: a type assertion lists the value it wraps.
      for (const item of site.items) {
        const entry = skipWrappers(item.node);
        const place = places.of(entry, false);
        if (place !== undefined) listed.add(place);
        listedText.add(this.inputs.text(entry).replace(/\s+/g, ''));
      }
      const list = site.items.find((item) => item.list)?.list ?? emptyTransferList(site);
      for (const { node, what } of transferablesIn(site.payload, this.inputs.resolver)) {
        const place = places.of(node, false);
        if ((place !== undefined && listed.has(place)) || listedText.has(this.inputs.text(node).replace(/\s+/g, ''))) continue;
        const addListAfter = !list && site.signature.platformPostMessage && site.call.arguments.length === 1 ? site.payload : undefined;
        this.report(`nt:${node.range[0]}`, { kind: 'notTransferred', node, name: this.inputs.text(node), what, list, addListAfter, send: site.label });
      }
    }
    // What the platform refuses to transfer: shared memory, a WebAssembly memory's buffer, a view, a primitive, the sending port.
    for (const item of site.items) {
      const what = this.inputs.sends.refusalOf(item, site);
      if (what)
        this.report(`ct:${item.node.range[0]}`, {
          kind: 'cannotTransfer',
          node: item.node,
          name: this.inputs.text(item.node),
          what,
          consequence: refusalConsequences.get(what) ?? 'throws',
          list: item.list,
          send: site.label,
        });
    }
    const invalid = this.inputs.sends.listRefusalOf(site);
    if (invalid) {
      const name = this.inputs.text(invalid.node);
      this.report(`il:${invalid.node.range[0]}`, { kind: 'invalidTransferList', node: invalid.node, name, what: invalid.what, send: site.label });
    }
  }

  // ---------------------------------------------------------------------------
  // The message, as its type says (checkTypes)

  private checkPayloadType(payload: TSESTree.Node, root: string, send: string, shown: readonly string[]): void {
    const types = this.inputs.types();
    if (!types) return;
    const type = types.typeOf(payload);
    for (const found of this.typeWalk(types).walk(type, 0)) {
      const path = formatPath(root, found.path);
      if (shown.some((reported) => path === reported || path.startsWith(`${reported}.`) || path.startsWith(`${reported}[`))) continue;
      this.report(`${payload.range[0]}:${path}`, {
        kind: 'unsendable',
        node: locateInLiteral(payload, found.path),
        path,
        root,
        problem: found.problem,
        classInstance: found.classInstance,
        definedAt: undefined,
        comlinkProxy: undefined,
        fromTypes: true,
        send,
        helper: undefined,
      });
    }
  }

  /** The problems inside a type, with their paths; memoized per type, recursion-safe. */
  private typeWalker: TypeWalk | undefined;

  private typeWalk(types: TypeFacts): TypeWalk {
    this.typeWalker ??= new TypeWalk(types, this.inputs.options.reportClassInstances);
    return this.typeWalker;
  }

  private report(key: string, finding: SendabilityFinding): void {
    if (finding.kind === 'unsendable' && finding.classInstance && !this.inputs.options.reportClassInstances) return;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(finding);
  }
}
