/**
 * What the sendability analysis concludes, as no-unsendable-message reads it,
 * and the options that change what it checks.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Unsendable } from '../../../model/clone';

export interface SendabilityOptions {
  /** Report instances of classes with methods (they arrive as plain objects). */
  readonly reportClassInstances: boolean;
  /** Walk the declared types of messages (needs type information). */
  readonly checkTypes: boolean;
}

export type SendabilityFinding =
  /** A part of the message that cannot be cloned, or arrives broken. */
  | {
      readonly kind: 'unsendable';
      /** Where to report: the offending expression when it is in the send, else the message. */
      readonly node: TSESTree.Node;
      /** `job.onDone`, `message.items[0]`. */
      readonly path: string;
      /** What is posted: `job`, or "the message" for an inline literal. */
      readonly root: string;
      readonly problem: Unsendable;
      /** True when it is a class instance that loses its prototype (the option turns these off). */
      readonly classInstance: boolean;
      /** The line of the definition when it is elsewhere (`const job = { onDone() {} }`). */
      readonly definedAt: number | undefined;
      /** A callback passed to a Comlink remote: wrap it in `proxy(...)`; the local name of `proxy`, if imported. */
      readonly comlinkProxy: { readonly callback: TSESTree.Node; readonly proxyName: string | undefined } | undefined;
      readonly fromTypes: boolean;
      readonly send: string;
      /** The send is in a function of this file that the value reaches as an argument: its name and the send's line. */
      /** The helper whose send it reaches, and where that send is written (`line 3`, or `rpc.ts:3` in an imported module). */
      readonly helper: { readonly name: string; readonly line: number; readonly where: string } | undefined;
    }
  /** A port or stream in the message but missing from the transfer list. */
  | {
      readonly kind: 'notTransferred';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly what: string;
      readonly list: TSESTree.ArrayExpression | undefined;
      /** For `postMessage(msg)` with no transfer argument: the message, after which a list can be added. */
      readonly addListAfter: TSESTree.Node | undefined;
      readonly send: string;
    }
  /** Shared or non-detachable memory listed in a transfer list. */
  | {
      readonly kind: 'cannotTransfer';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly what: string;
      /** What listing it does: "throws", or "loses the channel (...)". */
      readonly consequence: string;
      readonly list: TSESTree.ArrayExpression | undefined;
      readonly send: string;
    }
  /** A transfer list the platform refuses as a whole: a string, a sparse array. */
  | {
      readonly kind: 'invalidTransferList';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly what: string;
      readonly send: string;
    };
