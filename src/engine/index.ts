/**
 * The engine's one entry point: what rules, the CLI and the plugin index may
 * use. Everything else under `src/engine/` is internal (an ESLint
 * `no-restricted-imports` rule in eslint.config.mjs keeps it so).
 *
 * Layout (see CONTRIBUTING.md):
 * - `core/`: ESLint code-path types, the recorder (steps per segment), the
 *   forward solver and its replay, the debug dump;
 * - `facts/`: what every analysis shares: AST helpers, name resolution,
 *   places, storage aliasing, escapes, memory kinds;
 * - `classify/`: the one place per model area that turns the model's data
 *   into a verdict on a call (send, lock effect, channel creation);
 * - `analyses/`: one folder per analysis, each a dataflow over the recorded
 *   code paths plus a visitor that turns solved states into findings;
 * - `file-analysis.ts`: one analysis per file, shared by every rule.
 */
export type { Listeners } from './core/code-path';
export { withAnalysis, withAnalysisOrExports, type FileAnalysis } from './file-analysis';
export { lineOf, outerParent, skipWrappers } from './facts/ast';
export type { Move, OwnershipFinding, TransferableKind } from './analyses/ownership/analysis';
export type { Acquisition, LockFinding, LockRef, OrderEdgeSite, ThroughCall } from './analyses/locks/analysis';
export { LockGraph } from './analyses/locks/graph';
export type { RoundTripFinding } from './analyses/locks/round-trip';
export { lockSummaryOf, lockSummaryVersion, type LockFileSummary, type SummaryExport } from './analyses/locks/summary';
export { attemptsFor, privateRuleConfig, typescriptFile, type ParseAttempt } from './private-lint';
export { exitLine, type ChannelFinding, type Endpoint } from './analyses/channels/analysis';
export type { UndoneUnref } from './analyses/channels/listening';
export type { SendabilityFinding } from './analyses/sendability/analysis';
export type { SharedMemoryFinding, SharedOrigin } from './analyses/shared-memory/analysis';
export type { BlockingContext, BlockingFinding, Deferral } from './analyses/blocking/analysis';
export type { GuardedStateFinding } from './analyses/shared-memory/findings';
