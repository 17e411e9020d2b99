/** What the channel analysis concludes: endpoints, the exits that leave them open, findings. */
import type { TSESTree } from '@typescript-eslint/utils';
import { lineOf } from '../../facts/ast';
import type { FunctionFlow } from '../../core/flow';
import type { CallNode } from '../../classify/sends';
import type { ChannelKind } from '../../../model/channels';
import type { UndoneUnref } from './listening';

export interface ChannelOptions {
  /** Passing an endpoint to a function the analysis cannot see into hands it off. */
  readonly unknownCallIsHandoff: boolean;
  /** `unref()` discharges a Node endpoint. */
  readonly unrefIsDischarge: boolean;
  /** Report a browser MessagePort that gets an `addEventListener('message')` listener but is never started. */
  readonly requireStart: boolean;
  /** The model's opt-in checks that are on (`ChannelKind.check`: `workers`, `streamReaders`, `comlinkRemotes`). */
  readonly checks?: readonly string[];
}

export type Lifetime = 'local' | 'module' | 'field' | 'dropped';

export interface Endpoint {
  readonly index: number;
  readonly place: number;
  readonly kind: ChannelKind;
  readonly creation: CallNode;
  /** How messages name it: `port1`, `channel.port2`, `bc`, `this.channel`. */
  readonly name: string;
  /** The property of the created object it is (`port1`), or undefined when it is the object itself. */
  readonly property: string | undefined;
  /** Where reports go: the binding's identifier, or the creation. */
  readonly reportNode: TSESTree.Node;
  readonly lifetime: Lifetime;
  /** The function (or program) whose code path owns a local endpoint. */
  readonly owner: FunctionFlow | undefined;
  /** The identifier whose write opens a local endpoint. */
  readonly opener: TSESTree.Identifier | undefined;
  /** For a field: the class's name. */
  readonly className: string | undefined;
  /** The endpoints made by the same creation (MessageChannel's two ports). */
  siblings: readonly Endpoint[];
}

export type ChannelExit =
  | { readonly kind: 'return'; readonly node: TSESTree.Node }
  | { readonly kind: 'end'; readonly node: TSESTree.Node }
  | { readonly kind: 'reassign'; readonly node: TSESTree.Node }
  | { readonly kind: 'recreate'; readonly node: TSESTree.Node };

export type ChannelFinding =
  /** `port.addEventListener('message', f)` on a port nothing starts: in a browser no message is delivered. */
  | { readonly kind: 'notStarted'; readonly endpoint: Endpoint; readonly listener: TSESTree.CallExpression }
  /** Never closed or handed off anywhere. */
  | { readonly kind: 'neverClosed'; readonly endpoints: readonly Endpoint[]; readonly undoneUnref: UndoneUnref | undefined }
  /** Discharged on some paths, not on the one that leaves through `exit`. */
  | { readonly kind: 'notClosedOnExit'; readonly endpoint: Endpoint; readonly exit: ChannelExit; readonly undoneUnref: UndoneUnref | undefined };

export function exitLine(exit: ChannelExit): number {
  return exit.kind === 'end' ? exit.node.loc.end.line : lineOf(exit.node);
}
