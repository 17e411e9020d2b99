/**
 * The channel classifier: the one place that turns the channel model
 * (model/channels.ts) into verdicts on calls: which calls create endpoints of
 * which kind (`new MessageChannel()`, `new BroadcastChannel(name)`,
 * `stream.getWriter()`), and what a method call does to an endpoint of a kind
 * (`port.close()` closes, `port.unref()` stops it from holding the process).
 */
import type { CompiledModel } from '../../model';
import type { ChannelKind } from '../../model/channels';
import type { Resolver } from '../facts/resolve';
import { candidatesOf } from './candidates';
import type { CallNode } from './sends';

/** What calling a method on an endpoint does to it. */
export type EndpointEffect = 'close' | 'unref' | 'none';

export class ChannelClassifier {
  constructor(
    private readonly model: CompiledModel,
    private readonly resolver: Resolver,
  ) {}

  /** The kind of endpoint this call creates, if any (the first entry of the model that matches). */
  creationAt(call: CallNode): ChannelKind | undefined {
    return candidatesOf(this.model.channelIndex, call, this.resolver)[0];
  }

  /** `port.close()`, `writer.abort()`: close; `port.unref()`: unref; anything else: none. */
  effectOf(kind: ChannelKind, method: string): EndpointEffect {
    if (kind.close.includes(method)) return 'close';
    if (kind.unref.includes(method)) return 'unref';
    return 'none';
  }
}
