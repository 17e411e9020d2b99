/**
 * The lock classifier: the one place that turns the lock model
 * (model/locks.ts) into a verdict on a call, the way SendClassifier does for
 * sends. `effectOf(call)` is closed (Infer's `get_lock_effect` is the shape):
 * an acquisition (`explicit`: `await m.acquire()`; `scoped`:
 * `m.runExclusive(cb)`, `navigator.locks.request(name, cb)`; `token`:
 * `Atomics.Mutex.lock(m)`), a release, or nothing.
 *
 * Identification follows the model's data: a receiver is a lock when the
 * file creates it from a lock class (through const bindings and fields
 * assigned once), wraps one (`withTimeout`, `tryAcquire`), calls a method
 * only one kind has (`distinctiveMethods`), the type checker says so
 * (`types`), or, for a plain `acquire()`, the receiver is named like a lock
 * (`byLockishName`; `mutex`, `this.writeLock`, never `pool`). Web Locks and
 * `Atomics.Mutex` are known by their qualified names.
 *
 * A lock's identity is its class in lockdep's sense: a field of a class
 * (`Bank.accounts`, for every method of `Bank`), a module-level binding, an
 * import, a Web Lock name, or, local to one function, a parameter or a local.
 */
import { isShareable, type Acquisition, type AcquisitionForm, type LockEffect, type LockRef, type Release } from './lock-effects';
import type { TSESTree } from '@typescript-eslint/utils';
import type { CompiledModel } from '../../model';
import { lockishNames, nonThrowingMethods, type LockKind } from '../../model/locks';
import { nameMatches } from '../../model/names';
import type { TypeFacts } from '../../types/type-info';
import { forEachStep, someStep, type RecordedFile } from '../core/flow';
import { className, isFunctionNode, lastName, memberPath, outerParent, skipWrappers, staticKey, staticPropertyName, type FunctionNode } from '../facts/ast';
import type { Places } from '../facts/places';
import { classBodyOfThis, type Resolver } from '../facts/resolve';
import { candidatesOf } from './candidates';
import { releaserHandedToCallback, returnsValue } from './lock-shapes';
import type { CallNode } from './sends';

export { isShareable, type Acquisition, type AcquisitionForm, type LockEffect, type LockRef, type Release } from './lock-effects';

export interface LockClassifierInputs {
  readonly recorded: RecordedFile;
  readonly resolver: Resolver;
  readonly places: Places;
  readonly model: CompiledModel;
  readonly types: () => TypeFacts | undefined;
  readonly text: (node: TSESTree.Node) => string;
}

/** `mutex`, `this.writeLock`, `state.ledgerLock`, `_sem` are named like locks; `pool`, `clock` are not (model: `lockishNames`). */
export function isLockishName(name: string): boolean {
  return !lockishNames.unlike.test(name) && lockishNames.like.test(name);
}

const none: LockEffect = { kind: 'none' };
const nonThrowingSet = new Set(nonThrowingMethods);

export class LockClassifier {
  private readonly acquisitions = new Map<CallNode, Acquisition | null>();
  private readonly releases = new Map<CallNode, Release | null>();
  /** Releaser places (`const release = await m.acquire()`) to their acquisitions. */
  private readonly releasers = new Map<number, Acquisition>();
  /** Places that hold an acquisition's promise, not yet awaited (`const releasePromise = m.acquire()`). */
  private readonly releaserPromises = new Map<number, Acquisition>();
  /** Callbacks that run under a scoped lock. */
  private readonly scopedCallbacks = new Map<TSESTree.Node, Acquisition>();
  private readonly localKinds = new Map<TSESTree.Node, LockKind | null>();
  private scanned: boolean | undefined;

  constructor(private readonly inputs: LockClassifierInputs) {}

  /**
   * Whether the file acquires any lock. The first question about releasers
   * or scoped callbacks classifies every call of the file once: releasers
   * and scoped callbacks must be known before any call is taken for a release.
   */
  get acquiresAny(): boolean {
    if (this.scanned === undefined) {
      let any = false;
      forEachStep(this.inputs.recorded.flows, (step) => {
        if (step.kind !== 'call') return;
        const acquisition = this.acquisitionAt(step.node);
        if (!acquisition) return;
        any = true;
        this.noteReleaser(acquisition);
        if (acquisition.callback) this.scopedCallbacks.set(acquisition.callback, acquisition);
      });
      this.scanned = any;
    }
    return this.scanned;
  }

  /** What a call does to a lock. */
  effectOf(call: CallNode): LockEffect {
    const acquisition = this.acquisitionAt(call);
    if (acquisition) return { kind: acquisition.form === 'explicit' ? 'acquire' : acquisition.form, acquisition };
    const release = this.releaseAt(call);
    return release ? { kind: 'release', release } : none;
  }

  /**
   * Whether a call made while a lock is held can throw (model:
   * `nonThrowingMethods`): `items.find(...)` and `deferred.resolve(x)` cannot,
   * so a message about work that throws names a later call instead.
   */
  mayThrow(call: CallNode): boolean {
    if (call.type !== 'CallExpression') return true;
    const callee = skipWrappers(call.callee);
    const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : undefined;
    return method === undefined || !nonThrowingSet.has(method);
  }

  /** Every acquisition of the file, in the order they were found. */
  allAcquisitions(): Acquisition[] {
    if (!this.acquiresAny) return [];
    return [...this.acquisitions.values()].filter((a): a is Acquisition => a !== null);
  }

  /** The acquisition whose releaser (or token) is stored in this place. */
  acquisitionOfReleaser(place: number): Acquisition | undefined {
    if (!this.acquiresAny) return undefined;
    return this.releasers.get(place);
  }

  /** The scoped acquisition a callback runs under (`m.runExclusive(cb)`). */
  scopedAcquisitionOf(callback: TSESTree.Node): Acquisition | undefined {
    if (!this.acquiresAny) return undefined;
    return this.scopedCallbacks.get(callback);
  }

  /** Lock kinds whose instances this call creates (`new Mutex()`, settings lock wrappers). */
  kindsCreatedBy(call: CallNode): readonly LockKind[] {
    return candidatesOf(this.inputs.model.lockIndex, call, this.inputs.resolver);
  }

  /** The identity a lock expression has, whatever its kind. */
  identityOf(expr: TSESTree.Node): LockRef {
    return this.refOf(expr, { reentrant: false, blocksThread: false, label: 'lock' });
  }

  /** The acquisition a call is, if any (memoized). */
  acquisitionAt(call: CallNode): Acquisition | undefined {
    let acquisition = this.acquisitions.get(call);
    if (acquisition === undefined) {
      acquisition = this.classifyAcquisition(call) ?? null;
      this.acquisitions.set(call, acquisition);
    }
    return acquisition ?? undefined;
  }

  private classifyAcquisition(call: CallNode): Acquisition | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const { resolver, model } = this.inputs;
    const callee = skipWrappers(call.callee);
    // Most calls are not lock calls: only a lock method name, or a callee named `request`/`lock`/`lockIfAvailable`, can be.
    const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : undefined;
    if (method === undefined || !model.lockMethods.has(method)) return undefined;
    const qualified = resolver.qualifiedName(callee);

    // Web Locks and Node's locks: the name is the identity; the callback runs under the lock.
    if (nameMatches(qualified, model.namedLockCallees)) {
      const api = model.namedLocks.find((candidate) => nameMatches(qualified, new Set(candidate.callee)))!;
      const name = call.arguments[api.nameArg];
      const callback = call.arguments[call.arguments.length - 1];
      if (!name || !callback || call.arguments.length < 2) return undefined;
      const options = call.arguments.length >= 3 ? call.arguments[1] : undefined;
      const shared = options !== undefined && this.optionValue(options, api.sharedMode.option) === api.sharedMode.value;
      const waits = options === undefined || !api.nonWaitingOptions.some((option) => this.optionValue(options, option) === true);
      return this.make(call, this.webLockRef(name), 'scoped', waits, shared, callback, 'nothing');
    }

    // Atomics.Mutex: callback form, token form, lockIfAvailable.
    const waitsForAtomics = nameMatches(qualified, model.atomicsLock);
    if (waitsForAtomics || nameMatches(qualified, model.atomicsLockIfAvailable)) {
      const mutex = call.arguments[0];
      if (!mutex || mutex.type === 'SpreadElement') return undefined;
      const lock = this.refOf(mutex, { reentrant: false, blocksThread: true, label: 'Atomics.Mutex' });
      const callback = waitsForAtomics ? call.arguments[1] : call.arguments[2];
      if (callback && isFunctionNode(skipWrappers(callback))) return this.make(call, lock, 'scoped', waitsForAtomics, false, callback, 'nothing');
      return this.make(call, lock, 'token', waitsForAtomics, false, undefined, 'token');
    }

    if (callee.type !== 'MemberExpression') return undefined;
    const resolved = this.lockKindOf(callee.object, method);
    if (!resolved) return undefined;
    const { kind, waits: wrapperWaits, identity } = resolved;
    const acquire = kind.acquire.find((candidate) => candidate.method === method);
    if (acquire) {
      const lock = this.refOf(identity, { reentrant: kind.reentrant, blocksThread: kind.blocksThread, label: kind.label });
      return this.make(call, lock, 'explicit', acquire.waits && wrapperWaits, false, undefined, acquire.returns);
    }
    const scoped = kind.scoped.find((candidate) => candidate.method === method);
    if (scoped) {
      const index = scoped.callback === 'last' ? call.arguments.length - 1 : scoped.callback;
      const callback = call.arguments[index];
      const receiverLock = this.refOf(identity, { reentrant: kind.reentrant, blocksThread: kind.blocksThread, label: kind.label });
      const lock = scoped.key === undefined ? receiverLock : this.keyedRef(receiverLock, call.arguments[scoped.key]);
      if (!lock) return undefined;
      return this.make(call, lock, 'scoped', wrapperWaits, false, callback, 'nothing');
    }
    return undefined;
  }

  private make(
    call: TSESTree.CallExpression,
    lock: LockRef,
    form: AcquisitionForm,
    waits: boolean,
    shared: boolean,
    callback: TSESTree.Node | undefined,
    returns: Acquisition['returns'],
  ): Acquisition {
    const { parent } = outerParent(call);
    const completes = parent?.type === 'AwaitExpression' ? parent : call;
    const statement = outerParent(completes).parent;
    const discarded = statement?.type === 'ExpressionStatement';
    const voided = statement?.type === 'UnaryExpression' && statement.operator === 'void';
    const floats = form === 'scoped' && completes === call && (discarded || voided);
    return {
      node: call,
      lock,
      form,
      waits,
      shared,
      callback: callback && skipWrappers(callback),
      completes,
      returns,
      discarded,
      floats,
      handedOn: completes === call && returns !== 'nothing' && releaserHandedToCallback(call),
    };
  }

  /** A release call: `release()`, `m.release()`, `lock.release()`, `token.unlock()`, a settings release method. */
  releaseAt(call: CallNode): Release | undefined {
    let release = this.releases.get(call);
    if (release === undefined) {
      release = this.classifyRelease(call) ?? null;
      this.releases.set(call, release);
    }
    return release ?? undefined;
  }

  private classifyRelease(call: CallNode): Release | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const callee = skipWrappers(call.callee);
    const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : undefined;
    if (method !== undefined && !this.inputs.model.lockMethods.has(method)) return undefined;
    // `(await releasePromise)()` where `releasePromise = m.acquire()`: the releaser read back from the acquisition's promise.
    if (callee.type === 'AwaitExpression') {
      const promisePlace = this.inputs.places.of(skipWrappers(callee.argument), false);
      const acquisition = promisePlace === undefined || !this.acquiresAny ? undefined : this.releaserPromises.get(promisePlace);
      return acquisition && { node: call, lock: acquisition.lock };
    }
    const releaserPlace = this.inputs.places.of(
      callee.type === 'MemberExpression' && staticPropertyName(callee) === this.inputs.model.atomicsMutex.tokenRelease ? callee.object : callee,
      false,
    );
    if (releaserPlace !== undefined) {
      const acquisition = this.acquisitionOfReleaser(releaserPlace);
      if (acquisition) return { node: call, lock: acquisition.lock };
    }
    if (callee.type !== 'MemberExpression' || method === undefined) return undefined;
    const resolved = this.lockKindOf(callee.object, method, true);
    if (!resolved || !resolved.kind.release.includes(method)) return undefined;
    return {
      node: call,
      lock: this.refOf(resolved.identity, { reentrant: resolved.kind.reentrant, blocksThread: resolved.kind.blocksThread, label: resolved.kind.label }),
    };
  }

  /** Remember the variable that holds an acquisition's releaser or token. */
  private noteReleaser(acquisition: Acquisition): void {
    if (acquisition.returns === 'nothing') return;
    const { parent, child } = outerParent(acquisition.completes);
    const { places, resolver } = this.inputs;
    // `let release; try { release = await m.acquire(); ... } finally { release(); }`: assigned once, a releaser too.
    if (parent?.type === 'AssignmentExpression' && parent.operator === '=' && parent.right === child && parent.left.type === 'Identifier') {
      const variable = acquisition.returns === 'releaser' ? resolver.variableOf(parent.left) : undefined;
      if (variable && variable.defs.length === 1 && variable.references.filter((reference) => reference.isWrite()).length === 1)
        this.releasers.set(places.ofVariable(variable)!, acquisition);
      return;
    }
    if (parent?.type !== 'VariableDeclarator' || parent.init !== child) return;
    // `const releasePromise = m.acquire()`: released later by `(await releasePromise)()`.
    if (acquisition.completes === acquisition.node && acquisition.returns === 'releaser' && parent.id.type === 'Identifier') {
      const variable = resolver.variableOf(parent.id);
      if (variable) this.releaserPromises.set(places.ofVariable(variable)!, acquisition);
    }
    if (parent.id.type === 'Identifier' && acquisition.returns !== 'valueAndReleaser') {
      const variable = resolver.variableOf(parent.id);
      if (variable) this.releasers.set(places.ofVariable(variable)!, acquisition);
    } else if (parent.id.type === 'ArrayPattern' && acquisition.returns === 'valueAndReleaser') {
      const element = parent.id.elements[1];
      if (element?.type === 'Identifier') {
        const variable = resolver.variableOf(element);
        if (variable) this.releasers.set(places.ofVariable(variable)!, acquisition);
      }
    }
  }

  /**
   * Which lock kind a receiver is, and whose identity it carries: through
   * creations (`new Mutex()`), wrappers (`withTimeout(mutex, 100)`), methods
   * only locks have, the type checker, and lock-like names.
   */
  private lockKindOf(receiver: TSESTree.Node, method: string, forRelease = false): { kind: LockKind; waits: boolean; identity: TSESTree.Node } | undefined {
    const { resolver, model } = this.inputs;
    const creation = resolver.creation(receiver);
    if (creation && creation.path.length === 0) {
      const kinds = this.kindsCreatedBy(creation.node);
      if (kinds.length > 0) return { kind: kinds[0]!, waits: true, identity: receiver };
      const local = creation.kind === 'new' ? this.localLockKind(creation.node.callee) : undefined;
      if (local) return { kind: local, waits: true, identity: receiver };
      // `this.lock = new PidLock(file)`, a class of this file whose `acquire()` hands out no releaser (a pid file,
      // not a mutex): what is known about it disagrees with its name, so it is no lock.
      if (creation.kind === 'new' && this.visibleClassDisagrees(creation.node.callee, method)) return undefined;
      for (const wrapper of model.lockWrappers) {
        if (!nameMatches(creation.callee, new Set(wrapper.callee))) continue;
        const inner = creation.node.arguments[wrapper.lockArg];
        if (!inner || inner.type === 'SpreadElement') return undefined;
        const wrapped = this.lockKindOf(inner, method, forRelease);
        return wrapped && { kind: wrapped.kind, waits: wrapped.waits && wrapper.waits, identity: wrapped.identity };
      }
    }
    // Methods only one lock kind has (model: `distinctiveMethods`).
    const byMethod = model.locks.find((kind) => kind.distinctiveMethods?.includes(method));
    if (byMethod) return { kind: byMethod, waits: true, identity: receiver };
    const typed = this.lockKindFromType(receiver);
    if (typed) return { kind: typed, waits: true, identity: receiver };
    // A plain acquire()/release() on something named like a lock (model: `byLockishName`).
    if ((method === 'acquire' || (forRelease && method === 'release')) && isLockishName(lastName(receiver) ?? '')) {
      const fallback = model.locks.find((kind) => kind.byLockishName);
      if (fallback) return { kind: fallback, waits: true, identity: receiver };
    }
    return undefined;
  }

  /**
   * A mutex written in this file on top of Atomics: a class with `lock` (or
   * `acquire`) and `unlock` (or `release`) methods that uses `Atomics`. It
   * blocks the thread, like every Atomics-based lock.
   */
  private localLockKind(callee: TSESTree.Node): LockKind | undefined {
    const node = skipWrappers(callee);
    if (node.type !== 'Identifier') return undefined;
    const definition = this.inputs.resolver.variableOf(node)?.defs[0];
    if (definition?.type !== 'ClassName') return undefined;
    const klass = definition.node as TSESTree.ClassDeclaration;
    const cached = this.localKinds.get(klass);
    if (cached !== undefined) return cached ?? undefined;
    const methods = new Map<string, FunctionNode>();
    for (const member of klass.body.body) {
      if (member.type === 'MethodDefinition' && member.kind === 'method' && !member.static && member.key.type === 'Identifier')
        methods.set(member.key.name, member.value as FunctionNode);
    }
    const acquire = ['lock', 'acquire'].find((name) => methods.has(name));
    const release = ['unlock', 'release'].find((name) => methods.has(name));
    let kind: LockKind | undefined;
    if (acquire && release && [...methods.values()].some((method) => this.usesAtomics(method))) {
      kind = {
        id: `local:${klass.id?.name ?? 'class'}`,
        label: klass.id?.name ?? 'lock',
        create: { kind: 'named', name: klass.id?.name ?? '', construct: true },
        acquire: [{ method: acquire, returns: 'nothing', waits: true }],
        release: [release],
        scoped: [],
        reentrant: false,
        blocksThread: true,
      };
    }
    this.localKinds.set(klass, kind ?? null);
    return kind;
  }

  /**
   * A class declared in this file whose `acquire()` (the method called) is
   * missing or returns no value: it is not the async-mutex a lock-like name
   * suggests (`class PidLock { async acquire() { await writeFile(...) } }`).
   */
  private visibleClassDisagrees(callee: TSESTree.Node, method: string): boolean {
    const klass = this.localClass(callee);
    if (!klass) return false;
    const acquireName = method === 'release' ? 'acquire' : method;
    const member = klass.body.body.find(
      (candidate) => candidate.type === 'MethodDefinition' && candidate.key.type === 'Identifier' && candidate.key.name === acquireName,
    );
    if (member?.type !== 'MethodDefinition') return true;
    return !returnsValue(member.value);
  }

  private localClass(callee: TSESTree.Node): TSESTree.ClassDeclaration | undefined {
    const node = skipWrappers(callee);
    if (node.type !== 'Identifier') return undefined;
    const definition = this.inputs.resolver.variableOf(node)?.defs[0];
    return definition?.type === 'ClassName' ? (definition.node as TSESTree.ClassDeclaration) : undefined;
  }

  private usesAtomics(fn: FunctionNode): boolean {
    const flow = this.inputs.recorded.flowOfNode.get(fn);
    return (
      flow !== undefined &&
      someStep(flow, (step) => step.kind === 'call' && this.inputs.resolver.qualifiedName(step.node.callee)?.startsWith('global:Atomics.') === true)
    );
  }

  /** With type information: a receiver whose type is a lock class of a package the model names (`types`). */
  private lockKindFromType(receiver: TSESTree.Node): LockKind | undefined {
    const types = this.inputs.types();
    if (!types) return undefined;
    const type = types.typeOf(receiver);
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    const name = symbol?.getName();
    if (!name) return undefined;
    const files = (symbol?.getDeclarations() ?? []).map((declaration) => declaration.getSourceFile().fileName.replace(/\\/g, '/'));
    return this.inputs.model.locks.find(
      (kind) => kind.types?.names.includes(name) && files.some((file) => kind.types!.packages.some((pkg) => file.includes(`/node_modules/${pkg}/`))),
    );
  }

  private optionValue(options: TSESTree.Node, key: string): unknown {
    const value = this.inputs.resolver.resolveValue(options);
    if (value.path.length !== 0 || value.expr.type !== 'ObjectExpression') return undefined;
    for (const property of value.expr.properties) {
      if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier' || property.key.name !== key) continue;
      const inner = skipWrappers(property.value);
      return inner.type === 'Literal' ? inner.value : undefined;
    }
    return undefined;
  }

  /** `lock.acquire('a', fn)`: the lock named `'a'` of the receiver; a computed key is the expression's lock. */
  private keyedRef(receiver: LockRef, key: TSESTree.Node | undefined): LockRef | undefined {
    if (!key || key.type === 'SpreadElement') return undefined;
    const value = this.inputs.resolver.resolveValue(key);
    const literal = value.path.length === 0 ? staticKey(value.expr) : undefined;
    if (literal !== undefined)
      return {
        ...receiver,
        key: `${receiver.key}:${literal}`,
        display: `${receiver.display} '${literal}'`,
        origin: receiver.origin && { ...receiver.origin, name: `${receiver.origin.name}:${literal}` },
      };
    const text = this.text(key);
    return {
      ...receiver,
      key: `${receiver.key}:expr:${text}`,
      display: `${receiver.display} (key ${text})`,
      scope: isShareable(receiver) ? 'expression' : receiver.scope,
    };
  }

  private webLockRef(name: TSESTree.Node): LockRef {
    const { resolver } = this.inputs;
    const value = resolver.resolveValue(name);
    const literal = value.path.length === 0 ? staticKey(value.expr) : undefined;
    if (literal !== undefined) {
      return {
        key: `weblock:${literal}`,
        display: literal,
        scope: 'weblock',
        reentrant: false,
        blocksThread: false,
        kindLabel: 'Web Lock',
        origin: { name: literal },
      };
    }
    const parameter = this.parameterPath(name);
    const text = this.text(name);
    if (parameter) {
      return {
        key: `param:${parameter.fn.range[0]}:${parameter.index}${parameter.path}:weblock`,
        display: `the Web Lock named by \`${text}\``,
        scope: 'param',
        reentrant: false,
        blocksThread: false,
        parameter,
        kindLabel: 'Web Lock',
      };
    }
    return {
      key: `weblock-expr:${text}`,
      display: `the Web Lock named by \`${text}\``,
      scope: 'expression',
      reentrant: false,
      blocksThread: false,
      kindLabel: 'Web Lock',
    };
  }

  /** The identity of the lock an expression denotes. */
  private refOf(expr: TSESTree.Node, traits: { reentrant: boolean; blocksThread: boolean; label: string }, depth = 0): LockRef {
    const { resolver } = this.inputs;
    const node = skipWrappers(expr);
    const text = this.text(node);
    const base = { reentrant: traits.reentrant, blocksThread: traits.blocksThread, kindLabel: traits.label };
    // `this.accounts` (and deeper paths on `this`): a field of the class.
    const path = memberPath(node);
    if (path && path.root.type === 'ThisExpression') {
      const body = classBodyOfThis(path.root);
      const owner = body ? className(body) : undefined;
      if (body)
        return {
          ...base,
          key: `field:${owner ?? `class@${body.range[0]}`}.${path.properties.join('.')}`,
          display: `this.${path.properties.join('.')}`,
          scope: 'field',
          origin: { name: `${owner ?? '(anonymous class)'}.${path.properties.join('.')}` },
        };
    }
    if (path && path.root.type === 'Identifier') {
      const variable = resolver.variableOf(path.root);
      const definition = variable && resolver.singleDefinition(variable);
      const suffix = path.properties.length > 0 ? `.${path.properties.join('.')}` : '';
      // `const { accounts } = require('./analysis')`, `const locks = require('./analysis'); locks.accounts`: imports too.
      const required = definition?.kind === 'init' ? this.inputs.resolver.qualifiedName(path.root) : undefined;
      if (required && !required.startsWith('global:') && required.startsWith('.')) {
        const separator = required.indexOf(':');
        const name = `${required.slice(separator + 1)}${suffix}`.replace(/^\*\./, '').replace(/^default\./, '');
        return {
          ...base,
          key: `import:${required.slice(0, separator)}:${name}`,
          display: text,
          scope: 'import',
          origin: { module: required.slice(0, separator), name },
        };
      }
      if (definition?.kind === 'import') {
        return {
          ...base,
          key: `import:${definition.name}${suffix}`,
          display: text,
          scope: 'import',
          origin: {
            module: definition.name.slice(0, definition.name.lastIndexOf(':')),
            name: `${definition.name.slice(definition.name.lastIndexOf(':') + 1)}${suffix}`,
          },
        };
      }
      if (definition?.kind === 'parameter') {
        return {
          ...base,
          key: `param:${definition.node.range[0]}:${definition.index}${suffix}`,
          display: text,
          scope: 'param',
          parameter: { fn: definition.node, index: definition.index, path: suffix },
        };
      }
      if (variable && depth < 4 && path.properties.length === 0 && definition?.kind === 'init') {
        // `const m = this.mutex`: an alias of another lock expression.
        const init = skipWrappers(definition.init);
        if ((init.type === 'Identifier' || init.type === 'MemberExpression') && definition.path.length === 0) return this.refOf(init, traits, depth + 1);
      }
      if ((variable && variable.scope.type === 'module') || variable?.scope.type === 'global') {
        return { ...base, key: `module:${text}`, display: text, scope: 'module', origin: { name: text } };
      }
      if (variable) {
        const fn = variable.scope.variableScope.block;
        return { ...base, key: `local:${fn.range[0]}:${text}`, display: text, scope: 'local' };
      }
    }
    return { ...base, key: `expr:${text}`, display: text, scope: 'expression' };
  }

  private parameterPath(expr: TSESTree.Node): { fn: FunctionNode; index: number; path: string } | undefined {
    const node = skipWrappers(expr);
    const path = memberPath(node);
    if (path?.root.type === 'Identifier') {
      const variable = this.inputs.resolver.variableOf(path.root);
      const definition = variable && this.inputs.resolver.singleDefinition(variable);
      if (definition?.kind === 'parameter')
        return { fn: definition.node, index: definition.index, path: path.properties.length > 0 ? `.${path.properties.join('.')}` : '' };
    }
    // `lock:${from}` template: the first parameter it mentions.
    if (node.type === 'TemplateLiteral' || node.type === 'BinaryExpression') {
      const identifiers: TSESTree.Node[] = node.type === 'TemplateLiteral' ? node.expressions : [node.left, node.right];
      for (const part of identifiers) {
        const inner = this.parameterPath(part);
        if (inner) return inner;
      }
    }
    return undefined;
  }

  private text(node: TSESTree.Node): string {
    return this.inputs.text(node).replace(/\s+/g, ' ');
  }
}
