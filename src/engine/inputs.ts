/**
 * What every analysis is given: the recording, the shared facts and the
 * classifiers of the file. One interface; each analysis declares the part it
 * reads as a `Pick` of it (and adds its own options), so nothing is restated
 * per analysis.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { CompiledModel } from '../model';
import type { TypeFacts } from '../types/type-info';
import type { ChannelClassifier } from './classify/channels';
import type { LockClassifier } from './classify/locks';
import type { SendClassifier } from './classify/sends';
import type { SolutionTrace } from './core/dataflow';
import type { RecordedFile } from './core/flow';
import type { Places } from './facts/places';
import type { Resolver } from './facts/resolve';
import type { RuntimeEvidence } from './facts/runtime';
import type { ImportedFunctions } from './facts/modules/summary';

export interface EngineInputs {
  readonly recorded: RecordedFile;
  readonly resolver: Resolver;
  readonly places: Places;
  readonly model: CompiledModel;
  readonly sends: SendClassifier;
  readonly lockClassifier: LockClassifier;
  readonly channelClassifier: ChannelClassifier;
  /** Where the file runs, as its text shows (computed once per file, on first use). */
  readonly runtime: () => RuntimeEvidence;
  /** Type information, when the parser has it (asked lazily: building it costs). */
  readonly types: () => TypeFacts | undefined;
  readonly text: (node: TSESTree.Node) => string;
  readonly variables: () => Iterable<TSESLint.Scope.Variable>;
  readonly declaredVariables: (node: TSESTree.Node) => readonly TSESLint.Scope.Variable[];
  /** Calls of functions imported from local modules, when the file imports any that can matter (facts/modules/). */
  readonly imports: ImportedFunctions | undefined;
  /** Set when solved states are to be printed (FEARLESS_DUMP=1, engine tests): every analysis reports each solution here. */
  readonly trace: SolutionTrace | undefined;
}
