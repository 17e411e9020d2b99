/**
 * What a call does through its callee's summary: a function of this file
 * (summarized by the analysis itself) or a function imported from a local
 * module (its module summary, facts/modules/), and what a function's summary
 * says to the files that import it.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { argumentParams, calleeLabel, lineOf, skipWrappers, staticPropertyName, type FunctionNode } from '../../facts/ast';
import { forEachStep } from '../../core/flow';
import type { Places } from '../../facts/places';
import type { ImportedTransfer, ParamTransfer } from '../../facts/modules/summary';
import type { EngineInputs } from '../../inputs';
import type { Move } from './findings';

type Variable = TSESLint.Scope.Variable;

export interface TransferSummary {
  readonly place: number | undefined;
  readonly param: number | undefined;
  readonly moves: readonly Move[];
  readonly definite: boolean;
}

export interface FunctionSummary {
  /** Outer places and parameters the function leaves moved when it returns. */
  readonly transfers: readonly TransferSummary[];
}

export const emptySummary: FunctionSummary = { transfers: [] };

/** A parameter transfer of an exported function, for the module's summary; `file` undefined: written in this file. */
export type ExportedTransfer = Omit<ParamTransfer, 'file'> & { readonly file: string | undefined };

/** Calls of imported functions, each as a summary of this file's kind (its parameter transfers, each one move through the call). */
export class ImportedCalls {
  private readonly summaries = new Map<TSESTree.CallExpression, FunctionSummary>();

  constructor(private readonly inputs: Pick<EngineInputs, 'imports' | 'recorded' | 'resolver' | 'sends'>) {}

  /**
   * The summary of a call of an imported function (empty for any other call, and for a call the model or
   * `settings.fearless.sends` already describes as a send: that description stands, as its messages do).
   */
  summaryOf(call: TSESTree.CallExpression): FunctionSummary {
    const imports = this.inputs.imports;
    if (!imports) return emptySummary;
    let summary = this.summaries.get(call);
    if (!summary) {
      const transfers = this.inputs.sends.effectsAt(call).length > 0 ? [] : (imports.transfersOf(call) ?? []);
      summary =
        transfers.length === 0
          ? emptySummary
          : {
              transfers: transfers.map((transfer) => ({
                place: undefined,
                param: transfer.param,
                moves: [importedMove(transfer, call)],
                definite: transfer.definite,
              })),
            };
      this.summaries.set(call, summary);
    }
    return summary;
  }

  /** The arguments that calls of imported functions transfer, anywhere in the file. */
  movedArguments(): TSESTree.Node[] {
    if (!this.inputs.imports) return [];
    const moved: TSESTree.Node[] = [];
    forEachStep(this.inputs.recorded.flows, (step) => {
      if (step.kind !== 'call' || step.node.type !== 'CallExpression' || this.inputs.resolver.calledFunction(step.node)) return;
      for (const transfer of this.summaryOf(step.node).transfers) {
        const argument = step.node.arguments[transfer.param!];
        if (argument && argument.type !== 'SpreadElement') moved.push(argumentStorage(argument));
      }
    });
    return moved;
  }
}

/** A function's parameter transfers, as a module summary states them (the first move of each, with where it is written). */
export function parameterTransfers(summary: FunctionSummary): ExportedTransfer[] {
  const transfers: ExportedTransfer[] = [];
  for (const transfer of summary.transfers) {
    const move = transfer.moves[0];
    if (transfer.param === undefined || !move) continue;
    const { param, definite } = transfer;
    if (move.imported) transfers.push({ param, definite, label: move.imported.label, file: move.imported.file, line: move.imported.line });
    else transfers.push({ param, definite, label: move.site.label, file: undefined, line: lineOf(move.item.node) });
  }
  return transfers;
}

export function paramIndex(fn: FunctionNode, variable: Variable | undefined): number | undefined {
  if (!variable) return undefined;
  const index = argumentParams(fn).findIndex((param) => {
    const inner = param.type === 'AssignmentPattern' ? param.left : param.type === 'TSParameterProperty' ? param.parameter : param;
    return inner.type === 'Identifier' && variable.identifiers.includes(inner);
  });
  return index === -1 ? undefined : index;
}

export function argumentPlace(call: TSESTree.CallExpression, index: number, places: Places): number | undefined {
  const argument = call.arguments[index];
  if (!argument || argument.type === 'SpreadElement') return undefined;
  return places.of(argumentStorage(argument));
}

/** The storage an argument moves when the callee transfers it: `view.buffer` moves `view`'s memory. */
function argumentStorage(argument: TSESTree.Node): TSESTree.Node {
  const node = skipWrappers(argument);
  return node.type === 'MemberExpression' && staticPropertyName(node) === 'buffer' ? node.object : node;
}

/** The move an imported function's transfer makes, before the call site makes it its own (`moveThrough`). */
function importedMove(transfer: ImportedTransfer, call: TSESTree.CallExpression): Move {
  return { place: -1, viaCall: { call, callee: calleeLabel(call, 'the called function'), argument: call.arguments[transfer.param] }, imported: transfer };
}
