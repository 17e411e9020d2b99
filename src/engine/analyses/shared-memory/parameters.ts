/**
 * Shared memory through parameters, across modules: what a module's exported
 * functions do, racily, to memory their callers pass them (the module's
 * summary), and where a caller's argument leads under the path a summary
 * names. The shared-memory analysis (analysis.ts) is the host: it says which
 * accesses are racy and which are guarded, here as in the file's own check.
 *
 *   // counters.ts                                       summarizes as
 *   export function bump(counts, i) { counts[i]++; }     bump: param 0, `++`, counters.ts:2
 *   export function bumpAll(counts) { bump(counts, 0); } bumpAll: the same, through `bump`
 *   // main.ts: `bump(counts, 0)` with `counts` shared here is reported at the call.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contains, skipWrappers, type FunctionNode } from '../../facts/ast';
import type { ParamSharedAccess, SharedAccessKind } from '../../facts/modules/summary';
import type { Places } from '../../facts/places';
import { forEachStep, type FunctionFlow } from '../../core/flow';
import { SummaryMemo } from '../../core/summary-memo';
import type { EngineInputs } from '../../inputs';
import { functionName } from '../sendability/parameters';
import { racyAccessAt } from './accesses';
import type { AccessKind } from './findings';

type Variable = TSESLint.Scope.Variable;

/** A racy access to a parameter, for the module's summary (its file is the module's, filled in by the summary). */
export type ExportedSharedAccess = Omit<ParamSharedAccess, 'file'> & { readonly file?: string };

/** What the shared-memory analysis lends: its inputs, its storage groups, its idea of a guarded access. */
export interface ParameterHost {
  readonly inputs: Pick<EngineInputs, 'recorded' | 'resolver' | 'places' | 'text' | 'imports'>;
  /** The places that share storage with a place (its storage group), itself included. */
  storageOf(place: number): readonly number[];
  /** Whether an access (or a call that makes one) is synchronized where it stands. */
  guardedAt(stepNode: TSESTree.Node, node: TSESTree.Node, kind: AccessKind, object: TSESTree.Node, flow: FunctionFlow): boolean;
}

export class ParameterAccesses {
  private readonly memo = new SummaryMemo<FunctionNode, readonly ExportedSharedAccess[]>(() => []);

  constructor(private readonly host: ParameterHost) {}

  /**
   * What a function does, racily, to memory passed to it: its own racy accesses to a parameter (or a path under
   * one, or an alias of it), and those of the functions it passes the parameter to, of this module or imported.
   * Guarded accesses are left out, as the file's own check leaves them out; recursion ends (SummaryMemo).
   */
  of(fn: FunctionNode): readonly ExportedSharedAccess[] {
    return this.memo.get(fn, () => {
      const { inputs } = this.host;
      const found: ExportedSharedAccess[] = [];
      const seen = new Set<string>();
      const add = (access: ExportedSharedAccess): void => {
        const key = `${access.param}\0${access.path.join('.')}\0${access.access.kind}\0${access.file ?? ''}\0${access.line}`;
        if (seen.has(key)) return;
        seen.add(key);
        found.push(access);
      };
      // The function's own flow and those of the functions written inside it (`list.forEach((i) => counts[i]++)`).
      const flows = inputs.recorded.flows.filter((flow) => flow.node === fn || contains(fn, flow.node));
      forEachStep(flows, (step, flow) => {
        const access = racyAccessAt(step, inputs.text, inputs.resolver);
        if (access) {
          const param = this.parameterPath(access.object, fn);
          if (!param || this.host.guardedAt(step.node, access.node, access.kind, access.object, flow)) return;
          add({
            param: param.index,
            path: param.path,
            access: plainAccessKind(access.kind),
            name: inputs.text(skipWrappers(access.object)),
            line: access.node.loc.start.line,
          });
          return;
        }
        if (step.kind !== 'call' || step.node.type !== 'CallExpression') return;
        const call = step.node;
        // The parameter passed on: to a function of this module, or to one imported from another (depth 2 and more).
        const local = inputs.resolver.calledFunction(call);
        const inner: readonly ExportedSharedAccess[] | undefined = local
          ? this.of(local).map((access) => ({ ...access, through: access.through ?? functionName(local) }))
          : inputs.imports
              ?.sharedAccessesOf(call)
              ?.map(({ display: _display, ...access }) => ({ ...access, through: access.through ?? inputs.text(call.callee) }));
        for (const access of inner ?? []) {
          const given = call.arguments[access.param];
          if (!given || given.type === 'SpreadElement') continue;
          // `inner({ flags: state.flags })`: the inner helper's `box.flags` is this function's `state.flags`.
          const { argument, path } = throughLiteral(given, access.path);
          const param = this.parameterPath(argument, fn);
          if (!param || this.host.guardedAt(call, call, access.access, argument, flow)) continue;
          add({ ...access, param: param.index, path: [...param.path, ...path] });
        }
      });
      return found;
    });
  }

  /**
   * Parameter `index` of `fn` and the path under it that an expression reaches: `counts` (path []), `state.flags`
   * (['flags']), or an alias made of one (`const view = new Int32Array(buffer)` reaches `buffer`).
   */
  private parameterPath(expr: TSESTree.Node, fn: FunctionNode): { index: number; path: readonly string[] } | undefined {
    const { places, resolver } = this.host.inputs;
    const place = places.of(skipWrappers(expr));
    if (place === undefined) return undefined;
    for (const candidate of this.host.storageOf(place)) {
      const path: string[] = [];
      let info = places.info(candidate);
      while (info.parent !== undefined) {
        path.unshift(info.property!);
        info = places.info(info.parent);
      }
      if (!info.variable) continue;
      const definition = resolver.singleDefinition(info.variable);
      if (definition?.kind === 'parameter' && definition.node === fn) return { index: definition.index, path };
      const destructured = destructuredParameter(info.variable, fn);
      if (destructured) return { index: destructured.index, path: [...destructured.path, ...path] };
    }
    return undefined;
  }
}

/**
 * `function clear({ flags }, i)`, `function clear({ state: { flags } })`: the binding is parameter `index` of `fn`
 * at a path of static keys (`['flags']`, `['state', 'flags']`). Not a binding that is written, nor one under a
 * rest element or a computed key.
 */
function destructuredParameter(variable: Variable, fn: FunctionNode): { index: number; path: readonly string[] } | undefined {
  const definition = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Parameter' || definition.node !== fn) return undefined;
  if (variable.references.some((reference) => reference.isWrite())) return undefined;
  for (const [index, param] of fn.params.entries()) {
    if (param.type !== 'ObjectPattern') continue;
    const path = pathInPattern(param, variable.name);
    if (path) return { index, path };
  }
  return undefined;
}

/** The static keys leading to the binding `name` in a destructuring pattern (`{ a: { b } }`, `b`: ['a', 'b']). */
function pathInPattern(pattern: TSESTree.Node, name: string): string[] | undefined {
  switch (pattern.type) {
    case 'Identifier':
      return pattern.name === name ? [] : undefined;
    case 'AssignmentPattern':
      return pathInPattern(pattern.left, name);
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        if (property.type !== 'Property' || property.computed) continue;
        const key = staticKey(property.key);
        const rest = key === undefined ? undefined : pathInPattern(property.value, name);
        if (rest) return [key!, ...rest];
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * An argument written as an object literal, entered along a summary's path: `clear({ flags })` with the path
 * ['flags'] is `flags` with the path [] (only static, non-spread properties; a literal's `{ ...rest }` is not entered).
 */
export function throughLiteral(argument: TSESTree.Node, path: readonly string[]): { argument: TSESTree.Node; path: readonly string[] } {
  const node = skipWrappers(argument);
  if (path.length === 0 || node.type !== 'ObjectExpression') return { argument, path };
  const property = node.properties.find(
    (candidate): candidate is TSESTree.Property =>
      candidate.type === 'Property' && !candidate.computed && candidate.kind === 'init' && staticKey(candidate.key) === path[0],
  );
  return property ? throughLiteral(property.value, path.slice(1)) : { argument, path };
}

/** `flags`, `'flags'`, `0`: a property key as a summary's path names it. */
function staticKey(key: TSESTree.Node): string | undefined {
  if (key.type === 'Identifier') return key.name;
  return key.type === 'Literal' ? String(key.value) : undefined;
}

/** The caller's place for what a summary names under an argument: `state` and ['flags'] lead to `state.flags`. */
export function placeAtPath(places: Places, argument: TSESTree.Node, path: readonly string[]): number | undefined {
  let place = places.of(skipWrappers(argument), false);
  for (const key of path) place = place === undefined ? undefined : places.ofPath(place, key, false);
  return place;
}

/** An access kind as summaries carry it (a split update's local is this file's business). */
function plainAccessKind(kind: AccessKind): SharedAccessKind {
  return kind.kind === 'update' ? { kind: 'update', operator: kind.operator } : kind;
}
