/**
 * What the ownership analysis concludes, as rules read it: moves, and the
 * findings of no-use-after-transfer.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SendSite, TransferItem } from '../../classify/sends';
import type { ImportedTransfer } from '../../facts/modules/summary';

/** How a move reached the caller: `ship(worker, frame)` where `ship` transfers its parameter. */
export interface MoveCall {
  readonly call: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly callee: string;
  readonly argument: TSESTree.Node | undefined;
  /** Set when the move ran inside a hook the call ran to convert `argument` (`start.valueOf` in `view.subarray(start)`). */
  readonly coercion?: { readonly hook: TSESTree.Node };
}

/** One transfer of one place: what moved it, and through which list entry. */
export type Move = LocalMove | ImportedMove;

export interface LocalMove {
  readonly site: SendSite;
  readonly item: TransferItem;
  /** The place named in the transfer (the view's buffer group is moved through it). */
  readonly place: number;
  /** Set when the transfer happened inside a function of this file that the code called. */
  readonly viaCall?: MoveCall;
  readonly imported?: undefined;
}

/** A transfer made inside a function imported from another module: the call that reached it, and where it is written. */
export interface ImportedMove {
  readonly site?: undefined;
  readonly item?: undefined;
  readonly place: number;
  readonly viaCall: MoveCall;
  readonly imported: ImportedTransfer;
}

/** What a value turns into when it moves: messages say what the user will see. */
export type TransferableKind = 'buffer' | 'port' | 'stream' | 'canvas' | 'unknown';

/** What else keeps a transferred value (see holders.ts). */
export type Holder =
  /** `this.cache = buf`, `cache.set(k, view)`: `name` is the holder, `stored` the place stored (`buf`, `view`), `node` the store. */
  | { readonly kind: 'store'; readonly name: string; readonly node: TSESTree.Node; readonly stored: string }
  /** A callback kept for later (`setTimeout(f)`, `el.addEventListener(t, f)`, `port.onmessage = f`) that reads the value at `read`. */
  | { readonly kind: 'callback'; readonly name: string; readonly node: TSESTree.Node; readonly read: TSESTree.Node }
  /** The field itself, read by `method` of the class at `node` and assigned only by the class's initialization. */
  | { readonly kind: 'field'; readonly name: string; readonly node: TSESTree.Node; readonly method: string };

export type OwnershipFinding =
  | {
      readonly kind: 'useAfterTransfer';
      /** Where the moved value is used (a read, a call that reads it, a closure's read). */
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly move: Move;
      /** True when every path to the use goes through a transfer. */
      readonly definite: boolean;
      /** Set when the used value is an alias (a view, a copy of the reference) of the transferred one. */
      readonly aliasOf: string | undefined;
      /** Set when the use is a call of a function that reads the value: the function's name and its read. */
      readonly through: { readonly callee: string; readonly read: TSESTree.Node } | undefined;
      /** Set when the use is a read inside a function created after the transfer. */
      readonly closure: TSESTree.Node | undefined;
      readonly valueKind: TransferableKind;
    }
  | {
      /** The same value transferred again (DataCloneError). */
      readonly kind: 'transferAgain';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly move: Move;
      readonly definite: boolean;
    }
  | {
      /** A transfer inside a loop of a value the loop does not re-create. */
      readonly kind: 'transferInLoop';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly move: Move;
      readonly definite: boolean;
    }
  | {
      /** A transfer of a value that something longer-lived still references: reported at the transfer entry. */
      readonly kind: 'transferHeld';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly move: Move;
      readonly holder: Holder;
      readonly valueKind: TransferableKind;
    }
  | {
      /** `b.buffer` of a Node Buffer that may sit in the shared allocation pool. */
      readonly kind: 'transferPooledBuffer';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly allocator: string;
      /** The transfer-list entry, when it is one (the Buffer is then copied instead: the fix). */
      readonly list: TSESTree.ArrayExpression | undefined;
    }
  | {
      /** `v.buffer` of a partial view: the whole buffer moves while other views of it are still used. */
      readonly kind: 'transferPartialView';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly usedName: string;
      readonly useNode: TSESTree.Node;
    };
