/**
 * Which calls are sends, and what each one transfers: the send model
 * (model/sends.ts) applied to a file's calls. Every analysis that cares about
 * crossing a thread boundary asks here (ownership, channel handoff, shared
 * memory, sendability), so a send is recognised the same way by every rule.
 */
import { candidatesOf } from './candidates';
import type { TSESTree } from '@typescript-eslint/utils';
import { argumentParams, findProperty, isStringLike, skipWrappers, staticPropertyName, type FunctionNode } from '../facts/ast';
import type { Resolver } from '../facts/resolve';
import type { CompiledModel } from '../../model';
import { nameMatches } from '../../model/names';
import type { PayloadSlot, SendSignature, TransferSlot } from '../../model/sends';
import type { TypeFacts } from '../../types/type-info';
import {
  abortControllerConstructors,
  abortSignalFactories,
  blobConstructors,
  clonedWhenListed,
  refusedTransferables,
  refusedTransferLists,
  transferListReceivers,
  untransferableMarkers,
} from '../../model/clone';
import { memoryCreation } from '../facts/memory';
import { typedArrayConstructors } from '../facts/storage';

export type CallNode = TSESTree.CallExpression | TSESTree.NewExpression;

/** A parameter a function posts as a transfer list, and the send inside it that does. */
interface ForwardedList {
  readonly param: number;
  readonly site: SendSite;
}

/** The index of the plain parameter of `fn` an expression names, or -1. */
function parameterIndex(fn: FunctionNode, expression: TSESTree.Node, resolver: Resolver): number {
  if (expression.type !== 'Identifier') return -1;
  const variable = resolver.variableOf(expression);
  // `transfer = transfer.filter(...)`: no longer what the caller passed.
  if (variable?.references.some((reference) => reference.isWrite())) return -1;
  const definition = variable?.defs[0];
  if (definition?.type !== 'Parameter' || definition.node !== fn) return -1;
  return argumentParams(fn).findIndex((param) => param === definition.name);
}

export interface TransferItem {
  /** The transferred expression as written: an element of the transfer list, or the moved argument or receiver. */
  readonly node: TSESTree.Node;
  /** The expression whose storage moves: `view` for an element written `view.buffer`. */
  readonly storage: TSESTree.Node;
  /** Whether it was written `x.buffer`. */
  readonly viaBuffer: boolean;
  /** The array literal it sits in, when it is a transfer-list element (for the "copy instead" suggestion). */
  readonly list: TSESTree.ArrayExpression | undefined;
  readonly slot: TransferSlot;
}

export interface SendSite {
  readonly signature: SendSignature;
  readonly call: CallNode;
  /** Where the transfer takes effect: the call itself, or the call that carries a marker. */
  readonly effect: CallNode;
  readonly payload: TSESTree.Node | undefined;
  readonly items: readonly TransferItem[];
  /** The callee as written, for messages: `worker.postMessage`, `new Worker`. */
  readonly label: string;
  /** A transfer list (or `{ transfer }` options) is written out, even an empty one: the platform's signature. */
  readonly transferSyntax: boolean;
}

export class SendClassifier {
  private readonly sites = new Map<CallNode, SendSite | null>();
  /** Transfers that take effect at a call, including those of markers carried in its arguments. */
  private readonly effects = new Map<CallNode, SendSite[]>();

  /** Per function of the file: the parameters it posts as a transfer list (see `forwardingSite`). */
  private readonly forwarded = new Map<FunctionNode, readonly ForwardedList[] | null>();

  constructor(
    private readonly model: CompiledModel,
    private readonly resolver: Resolver,
    private readonly text: (node: TSESTree.Node) => string,
    private readonly types: () => TypeFacts | undefined,
    /** The calls a function of the file makes itself (its recorded steps), for wrappers of sends. */
    private readonly callsIn: (fn: FunctionNode) => readonly CallNode[] = () => [],
  ) {}

  /** The send this call is, if any (memoized). */
  siteOf(call: CallNode): SendSite | undefined {
    let site = this.sites.get(call);
    if (site === undefined) {
      site = this.classify(call) ?? null;
      this.sites.set(call, site);
      if (site) {
        const list = this.effects.get(site.effect);
        if (list) list.push(site);
        else this.effects.set(site.effect, [site]);
      }
    }
    return site ?? undefined;
  }

  /**
   * The sends whose transfers happen when `call` runs. A marker's transfer
   * happens at the call that carries it, which runs after the marker, so by
   * the time a call's step is replayed its markers have been classified.
   */
  effectsAt(call: CallNode): readonly SendSite[] {
    this.siteOf(call);
    return this.effects.get(call) ?? [];
  }

  private classify(call: CallNode): SendSite | undefined {
    for (const signature of candidatesOf(this.model.sendIndex, call, this.resolver)) {
      const site = this.match(signature, call);
      if (site) return site;
    }
    return this.forwardingSite(call);
  }

  /**
   * A call of a function of this file that posts one of its parameters as the
   * transfer list of a send: the call transfers what its argument lists.
   *
   *   function send(worker, msg, transfer) { worker.postMessage(msg, transfer); }
   *   send(worker, { buf }, [buf]);   // moves `buf`, as `worker.postMessage(..., [buf])` would
   *
   * Wrappers of wrappers are followed (a cycle of them forwards nothing). The
   * message is not the wrapper's to describe: its payload stays with the send
   * inside it.
   */
  private forwardingSite(call: CallNode): SendSite | undefined {
    const fn = call.type === 'CallExpression' ? this.resolver.calledFunction(call) : undefined;
    const lists = fn ? this.forwardedListsOf(fn) : [];
    const items: TransferItem[] = [];
    for (const { param } of lists) {
      const argument = call.arguments[param];
      if (argument) items.push(...(this.listItems(argument, { kind: 'list', arg: param }) ?? []));
    }
    if (items.length === 0) return undefined;
    const inner = lists[0]!.site.signature;
    const signature: SendSignature = {
      id: `forwards:${inner.id}`,
      match: inner.match,
      transfer: lists.map(({ param }) => ({ kind: 'list', arg: param })),
      crossesThread: inner.crossesThread,
      clonesPayload: inner.clonesPayload,
    };
    return { signature, call, effect: call, payload: undefined, items, label: labelOf(call, this.text), transferSyntax: true };
  }

  private forwardedListsOf(fn: FunctionNode): readonly ForwardedList[] {
    const known = this.forwarded.get(fn);
    if (known !== undefined) return known ?? [];
    this.forwarded.set(fn, null); // in progress: a recursive wrapper forwards nothing more
    const lists: ForwardedList[] = [];
    const add = (list: TSESTree.Node | undefined, site: SendSite): void => {
      const param = list ? parameterIndex(fn, skipWrappers(list), this.resolver) : -1;
      if (param !== -1 && !lists.some((l) => l.param === param)) lists.push({ param, site });
    };
    for (const inner of this.callsIn(fn)) {
      const site = this.siteOf(inner);
      for (const slot of site?.signature.transfer ?? []) {
        add(
          slot.kind === 'list' ? inner.arguments[slot.arg] : slot.kind === 'options' ? this.optionsList(inner.arguments[slot.arg], slot.key) : undefined,
          site!,
        );
      }
      // `relay(w, m, list) { send(w, m, list); }`: a wrapper of a wrapper, whose call lists nothing of its own.
      const wrapped = !site && inner.type === 'CallExpression' ? this.resolver.calledFunction(inner) : undefined;
      for (const forwarded of wrapped ? this.forwardedListsOf(wrapped) : []) add(inner.arguments[forwarded.param], forwarded.site);
    }
    this.forwarded.set(fn, lists);
    return lists;
  }

  /** The value of `key` in an options object literal: `{ transfer }` in `postMessage(msg, { transfer })`. */
  private optionsList(argument: TSESTree.Node | undefined, key: string): TSESTree.Node | undefined {
    const options = argument && this.objectLiteral(argument);
    return options ? findProperty(options, key)?.value : undefined;
  }

  private match(signature: SendSignature, call: CallNode): SendSite | undefined {
    const args = call.arguments;
    const items: TransferItem[] = [];
    let transferSyntax = false;
    for (const slot of signature.transfer) {
      const found = this.itemsOf(slot, call);
      if (found) {
        transferSyntax ||= slot.kind === 'list' || slot.kind === 'options';
        items.push(...found);
      }
    }
    if (signature.platformPostMessage && !this.isThreadPostMessage(call)) return undefined;
    const requirement = signature.receiver;
    if (requirement && call.type === 'CallExpression') {
      const callee = skipWrappers(call.callee);
      const receiver = callee.type === 'MemberExpression' ? callee.object : undefined;
      const ok =
        (requirement.transferSyntaxSuffices && transferSyntax) ||
        (requirement.createdBy && receiver && this.createdByOneOf(receiver, requirement.createdBy)) ||
        (requirement.arrayBuffer && receiver && this.isArrayBuffer(receiver));
      if (!ok) return undefined;
    }
    return {
      signature,
      call,
      effect: signature.marker ? (carrierOf(call) ?? call) : call,
      payload: signature.payload ? payloadOf(signature.payload, args, this.resolver) : undefined,
      items,
      label: labelOf(call, this.text),
      transferSyntax,
    };
  }

  /** postMessage on a thread endpoint, not on some library object with a method of that name. */
  private isThreadPostMessage(call: CallNode): boolean {
    const types = this.types();
    if (!types || call.type !== 'CallExpression') return true;
    const callee = skipWrappers(call.callee);
    if (callee.type !== 'MemberExpression') return true;
    return types.isPlatformPostMessage(callee) !== false;
  }

  private createdByOneOf(receiver: TSESTree.Node, names: readonly string[]): boolean {
    const creation = this.resolver.creation(receiver);
    if (!creation || creation.path.length > 0) return false;
    return nameMatches(creation.callee, new Set(names));
  }

  /**
   * Why the platform refuses a transfer-list entry, if it does (the call
   * throws and nothing moves): shared or WebAssembly memory, a typed array
   * view instead of its buffer, a primitive or a plain object, the port the
   * message is posted on. Shared by ownership (a refused entry moves nothing)
   * and sendability (it reports the entry).
   */
  refusalOf(item: TransferItem, site: SendSite): string | undefined {
    const memory = memoryCreation(item.node, this.resolver)?.kind;
    if (memory) return refusedTransferables[memory];
    if (item.slot.kind !== 'list' && item.slot.kind !== 'options') return undefined;
    const node = skipWrappers(item.node);
    if (node.type === 'Literal' || node.type === 'TemplateLiteral') return refusedTransferables.primitive;
    if (node.type === 'ObjectExpression') return refusedTransferables.plainObject;
    if (!item.viaBuffer) {
      const value = this.resolver.resolveValue(node);
      if (value.path.length === 0 && value.expr.type === 'NewExpression') {
        const callee = this.resolver.qualifiedName(value.expr.callee);
        if (callee?.startsWith('global:') && typedArrayConstructors.has(callee.slice(7))) return refusedTransferables.view;
      }
    }
    // `port.postMessage(m, [port])`
    const callee = site.call.type === 'CallExpression' ? skipWrappers(site.call.callee) : undefined;
    if (site.signature.platformPostMessage && callee?.type === 'MemberExpression') {
      if (this.text(callee.object).replace(/\s+/g, '') === this.text(node).replace(/\s+/g, '')) return refusedTransferables.sourcePort;
      // `channel.port1.postMessage(m, [channel.port2])`: the sender's own peer.
      const sender = this.resolver.creation(callee.object);
      const listed = this.resolver.creation(node);
      if (
        sender &&
        listed &&
        sender.node === listed.node &&
        sender.path.length === 1 &&
        listed.path.length === 1 &&
        sender.path[0] !== listed.path[0] &&
        nameMatches(sender.callee, channelConstructors)
      ) {
        return refusedTransferables.entangledPeer;
      }
    }
    const creation = this.resolver.creation(node);
    if (creation?.kind === 'new' && creation.path.length === 0 && nameMatches(creation.callee, new Set(blobConstructors))) return refusedTransferables.blob;
    // `transferList: [controller.signal]`, `[AbortSignal.timeout(ms)]`: DataCloneError in Node.
    if (
      (creation?.kind === 'new' &&
        creation.path.length === 1 &&
        creation.path[0] === 'signal' &&
        nameMatches(creation.callee, new Set(abortControllerConstructors))) ||
      (creation?.kind === 'call' && creation.path.length === 0 && nameMatches(creation.callee, new Set(abortSignalFactories)))
    ) {
      return refusedTransferables.abortSignal;
    }
    if (node.type === 'Identifier' && this.isMarkedUntransferable(node)) return refusedTransferables.untransferable;
    return undefined;
  }

  /** `transferList: [transferableAbortSignal(signal)]`: accepted, but cloned, not moved (model/clone.ts `clonedWhenListed`). */
  isClonedWhenListed(item: TransferItem): boolean {
    if (item.viaBuffer) return false;
    const creation = this.resolver.creation(skipWrappers(item.node));
    return creation?.kind === 'call' && creation.path.length === 0 && nameMatches(creation.callee, new Set(clonedWhenListed));
  }

  /**
   * Why the platform refuses the transfer list as a whole, if it does: a
   * string where a port's or worker's `postMessage` takes a list (a target
   * origin is the window form), or a sparse array. The call throws TypeError
   * and nothing moves.
   */
  listRefusalOf(site: SendSite): { readonly node: TSESTree.Node; readonly what: string } | undefined {
    for (const { slot, list } of transferListsOf(site, (argument) => this.objectLiteral(argument))) {
      // `port.postMessage(m, 'x')`: a target origin belongs to the window form; `{ transfer: 'x' }` is never a list.
      if (isStringLike(list) && (slot.kind === 'options' || (slot.arg === 1 && this.postsOnPortOrWorker(site)))) {
        return { node: list, what: refusedTransferLists.string };
      }
      if (this.isSparse(list)) return { node: list, what: refusedTransferLists.sparse };
    }
    return undefined;
  }

  /** `port.postMessage(...)` / `worker.postMessage(...)` on a port or worker made here (never a window). */
  private postsOnPortOrWorker(site: SendSite): boolean {
    if (!site.signature.platformPostMessage || site.call.type !== 'CallExpression') return false;
    const callee = skipWrappers(site.call.callee);
    if (callee.type !== 'MemberExpression') return false;
    const creation = this.resolver.creation(callee.object);
    return creation?.kind === 'new' && creation.path.length <= 1 && nameMatches(creation.callee, new Set(transferListReceivers));
  }

  /**
   * An array with holes: `[a, , b]`, or `const list = []` given elements only
   * by `list[k] = x` at literal indices that leave a gap (any other use of
   * `list` makes it unknown).
   */
  private isSparse(expr: TSESTree.Node): boolean {
    const value = this.resolver.resolveValue(expr);
    if (value.path.length !== 0 || value.expr.type !== 'ArrayExpression') return false;
    const literal = value.expr;
    if (literal.elements.some((element) => element?.type === 'SpreadElement')) return false;
    if (literal.elements.some((element) => element === null)) return true;
    const node = skipWrappers(expr);
    const variable = node.type === 'Identifier' ? this.resolver.variableOf(node) : undefined;
    if (!variable) return false;
    const indices = new Set(literal.elements.map((_, index) => index));
    for (const reference of variable.references) {
      const id = reference.identifier as TSESTree.Node;
      if (reference.init || id === node) continue;
      const member = id.parent;
      if (
        member?.type === 'MemberExpression' &&
        member.object === id &&
        member.computed &&
        member.property.type === 'Literal' &&
        typeof member.property.value === 'number' &&
        Number.isSafeInteger(member.property.value) &&
        member.property.value >= 0 &&
        member.parent?.type === 'AssignmentExpression' &&
        member.parent.operator === '=' &&
        member.parent.left === member
      ) {
        indices.add(member.property.value);
        continue;
      }
      return false;
    }
    let highest = -1;
    for (const index of indices) highest = Math.max(highest, index);
    return highest >= indices.size;
  }

  /** `markAsUntransferable(x)` somewhere in the file, on this binding. */
  private isMarkedUntransferable(node: TSESTree.Identifier): boolean {
    const variable = this.resolver.variableOf(node);
    if (!variable || variable.defs.length === 0) return false;
    return variable.references.some((reference) => {
      const id = reference.identifier as TSESTree.Node;
      const call = id.parent;
      return (
        call?.type === 'CallExpression' && call.arguments[0] === id && nameMatches(this.resolver.qualifiedName(call.callee), new Set(untransferableMarkers))
      );
    });
  }

  /** Known to be an ArrayBuffer: by how it was made, or by its type. */
  isArrayBuffer(expr: TSESTree.Node): boolean {
    const value = this.resolver.resolveValue(expr);
    const node = value.expr;
    if (value.path.length === 1 && value.path[0] === 'buffer') return true;
    if (value.path.length === 0) {
      if (node.type === 'NewExpression') {
        const callee = this.resolver.qualifiedName(node.callee);
        if (callee === 'global:ArrayBuffer') return true;
      }
      if (node.type === 'CallExpression') {
        const callee = skipWrappers(node.callee);
        if (callee.type === 'MemberExpression') {
          const method = staticPropertyName(callee);
          if (method === 'arrayBuffer' || method === 'transfer' || method === 'transferToFixedLength') return true;
        }
      }
    }
    return this.types()?.isArrayBuffer(expr) === true;
  }

  private itemsOf(slot: TransferSlot, call: CallNode): TransferItem[] | undefined {
    const args = call.arguments;
    switch (slot.kind) {
      case 'list': {
        // `postMessage(msg, origin, [buf])`: the third-argument list belongs to the window form only.
        if (slot.arg === 2 && args.length < 3) return undefined;
        const argument = args[slot.arg];
        return argument ? this.listItems(argument, slot) : undefined;
      }
      case 'options': {
        const argument = args[slot.arg];
        const options = argument && this.objectLiteral(argument);
        const property = options && findProperty(options, slot.key);
        return property ? (this.listItems(property.value, slot) ?? []) : undefined;
      }
      case 'value': {
        if (slot.onlyWithArgs !== undefined && args.length !== slot.onlyWithArgs) return undefined;
        const argument = args[slot.arg];
        return argument && argument.type !== 'SpreadElement' ? [item(argument, undefined, slot)] : undefined;
      }
      case 'optionValue': {
        const argument = args[slot.arg];
        const options = argument && this.objectLiteral(argument);
        const property = options && findProperty(options, slot.key);
        return property ? [item(property.value, undefined, slot)] : undefined;
      }
      case 'receiver': {
        if (call.type !== 'CallExpression') return undefined;
        const callee = skipWrappers(call.callee);
        return callee.type === 'MemberExpression' ? [item(callee.object, undefined, slot)] : undefined;
      }
    }
  }

  private objectLiteral(expr: TSESTree.Node): TSESTree.ObjectExpression | undefined {
    const value = this.resolver.resolveValue(expr);
    return value.path.length === 0 && value.expr.type === 'ObjectExpression' ? value.expr : undefined;
  }

  /** The elements of a transfer list written as an array literal, directly or through a const. */
  private listItems(expr: TSESTree.Node, slot: TransferSlot): TransferItem[] | undefined {
    if (isStringLike(expr)) return undefined;
    const value = this.resolver.resolveValue(expr);
    if (value.path.length !== 0 || value.expr.type !== 'ArrayExpression') return undefined;
    const list = value.expr;
    const items: TransferItem[] = [];
    for (const element of list.elements) {
      if (!element || element.type === 'SpreadElement') continue;
      items.push(item(element, list, slot));
    }
    return items;
  }
}

function item(node: TSESTree.Node, list: TSESTree.ArrayExpression | undefined, slot: TransferSlot): TransferItem {
  const inner = skipWrappers(node);
  const viaBuffer = inner.type === 'MemberExpression' && staticPropertyName(inner) === 'buffer';
  return { node, storage: viaBuffer ? (inner as TSESTree.MemberExpression).object : inner, viaBuffer, list, slot };
}

function payloadOf(slot: PayloadSlot, args: readonly TSESTree.CallExpressionArgument[], resolver: Resolver): TSESTree.Node | undefined {
  switch (slot.kind) {
    case 'arg': {
      const argument = args[slot.arg];
      return argument && argument.type !== 'SpreadElement' ? argument : undefined;
    }
    case 'option': {
      const argument = args[slot.arg];
      if (!argument) return undefined;
      const value = resolver.resolveValue(argument);
      if (value.path.length !== 0 || value.expr.type !== 'ObjectExpression') return undefined;
      return findProperty(value.expr, slot.key)?.value;
    }
    case 'allArgs':
      return undefined;
  }
}

/**
 * The call that carries a marker's result as (part of) an argument:
 * `api.process(Comlink.transfer(data, [data.buffer]))`,
 * `pool.run({ buf: Piscina.move(buf) })`.
 */
function carrierOf(marker: CallNode): CallNode | undefined {
  let child: TSESTree.Node = marker;
  let parent = marker.parent;
  while (parent) {
    switch (parent.type) {
      case 'CallExpression':
      case 'NewExpression':
        return parent.arguments.includes(child as TSESTree.CallExpressionArgument) ? parent : undefined;
      case 'Property':
        if (parent.value !== child) return undefined;
        break;
      case 'ObjectExpression':
      case 'ArrayExpression':
      case 'SpreadElement':
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
        break;
      default:
        return undefined;
    }
    child = parent;
    parent = parent.parent;
  }
  return undefined;
}

const maxLabelLength = 40;
const channelConstructors: ReadonlySet<string> = new Set(['global:MessageChannel', 'worker_threads:MessageChannel']);

function labelOf(call: CallNode, text: (node: TSESTree.Node) => string): string {
  const callee = text(call.callee).replace(/\s+/g, '');
  const label = call.type === 'NewExpression' ? `new ${callee}` : callee;
  return label.length > maxLabelLength ? `${label.slice(0, maxLabelLength - 1)}…` : label;
}

/** A transfer slot that holds a list: an argument, or a key of an options argument. */
type ListSlot = Extract<TransferSlot, { readonly kind: 'list' | 'options' }>;

/**
 * The transfer-list expressions a send passes, by its signature's transfer
 * slots: `postMessage(m, list)`, `{ transfer: list }` in an options object
 * (`optionsOf` finds the object: inline only, unless the caller resolves
 * further). The window form's third argument counts only when it is there.
 */
export function transferListsOf(
  site: SendSite,
  optionsOf: (argument: TSESTree.Node) => TSESTree.ObjectExpression | undefined = inlineObject,
): Array<{ readonly slot: ListSlot; readonly list: TSESTree.Node }> {
  const lists: Array<{ slot: ListSlot; list: TSESTree.Node }> = [];
  const args = site.call.arguments;
  for (const slot of site.signature.transfer) {
    if (slot.kind !== 'list' && slot.kind !== 'options') continue;
    if (slot.kind === 'list' && slot.arg === 2 && args.length < 3) continue;
    const argument = args[slot.arg];
    if (!argument || argument.type === 'SpreadElement') continue;
    if (slot.kind === 'list') {
      lists.push({ slot, list: argument });
      continue;
    }
    const options = optionsOf(argument);
    const property = options && findProperty(options, slot.key);
    if (property) lists.push({ slot, list: property.value });
  }
  return lists;
}

function inlineObject(argument: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const node = skipWrappers(argument);
  return node.type === 'ObjectExpression' ? node : undefined;
}
