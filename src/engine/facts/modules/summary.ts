/**
 * What one module tells its importers, as plain data (no AST node of the
 * module survives its analysis): for every exported function, what it does
 * to its parameters, plus where the module's re-exports lead.
 *
 *   // transport.ts
 *   export function ship(buf) { worker.postMessage({ buf }, [buf]); }
 *   export { ship as send };
 *   export * from './pool';
 *
 * summarizes as `{ functions: { ship: { transfers: [{ param: 0, definite:
 * true, label: 'worker.postMessage', file: '/abs/transport.ts', line: 2 }] },
 * send: {...} }, reexports: {}, stars: ['./pool'] }`. Each analysis that
 * follows imported functions adds its own field to `ExportedFunction`
 * (computed by that analysis on the module, in FileAnalysis#moduleSummary);
 * ownership's parameter transfers are the first.
 */
import type { TSESTree } from '@typescript-eslint/utils';

/** A parameter the function leaves moved when it returns, with the transfer that moved it (possibly in a module it imports). */
export interface ParamTransfer {
  readonly param: number;
  /** True when every path through the function moves it. */
  readonly definite: boolean;
  /** The transferring call, as messages name it: `worker.postMessage`. */
  readonly label: string;
  /** The absolute path of the file where the transfer is written. */
  readonly file: string;
  readonly line: number;
}

/** What one exported function does, per analysis. */
export interface ExportedFunction {
  /** Ownership: the parameters it leaves transferred. */
  readonly transfers: readonly ParamTransfer[];
}

export interface ModuleSummary {
  /** Exported functions by exported name (`default` for a default export, `*` for `module.exports = fn`). */
  readonly functions: Readonly<Record<string, ExportedFunction>>;
  /** `export { a as b } from './x'` and `import { a } from './x'; export { a as b }`: b -> { specifier: './x', name: 'a' }. */
  readonly reexports: Readonly<Record<string, { readonly specifier: string; readonly name: string }>>;
  /** `export * from './x'` specifiers, in source order. */
  readonly stars: readonly string[];
}

export const emptyModuleSummary: ModuleSummary = { functions: {}, reexports: {}, stars: [] };

/** A transfer made by an imported function, as the importing file's analysis applies it. */
export interface ImportedTransfer extends ParamTransfer {
  /** `file` as the importing file's messages show it: relative to its directory, forward slashes (`transport.ts`, `../lib/pool.ts`). */
  readonly display: string;
}

/** What the importing file's analyses ask about calls of imported functions. */
export interface ImportedFunctions {
  /** The parameter transfers of the function a call invokes, when it is imported from a local module that was summarized. */
  transfersOf(call: TSESTree.CallExpression): readonly ImportedTransfer[] | undefined;
}
