/**
 * Which sends cross to another thread for sure: only then does a function
 * in the message mean DataCloneError (a library's `postMessage` may
 * serialize differently). Shared by the sends of this file, the sends of
 * its helpers (decided at each call, when the helper's receiver is a
 * parameter) and the sends of imported functions (decided in their module,
 * stated in its summary).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { skipWrappers } from '../../facts/ast';
import type { SendSite } from '../../classify/sends';
import type { EngineInputs } from '../../inputs';
import type { ParamSend } from '../../facts/modules/summary';
import { threadEndpointConstructors, threadEndpointGlobals } from '../../../model/clone';
import { nameMatches } from '../../../model/names';
import { isWindowPost } from './problems';

type CrossingInputs = Pick<EngineInputs, 'resolver' | 'types'>;

/** What the caller's receiver argument must be for a helper's send to cross (undefined: the helper decides). */
export type ReceiverDemand = NonNullable<ParamSend['receiver']>;

/**
 * A postMessage (or pool call) whose receiver is known to be a thread
 * endpoint, or that has a transfer list written out, or that the checker
 * confirms.
 */
export function crossesForSure(site: SendSite, inputs: CrossingInputs): boolean {
  // A transfer list written out, even `[]` or `{ transfer: [] }`: the platform's signature.
  if (site.items.length > 0 || site.transferSyntax) return true;
  const call = site.call;
  if (call.type !== 'CallExpression') return true;
  const callee = skipWrappers(call.callee);
  if (callee.type !== 'MemberExpression') return true;
  if (!site.signature.platformPostMessage) return createdByOneOf(callee.object, site.signature.receiver?.createdBy ?? [], inputs);
  if (isThreadEndpoint(callee.object, inputs) || isWindowPost(callee.object, call)) return true;
  return inputs.types()?.isPlatformPostMessage(callee) === true;
}

export function isThreadEndpoint(receiver: TSESTree.Node, { resolver }: CrossingInputs): boolean {
  if (nameMatches(resolver.qualifiedName(receiver), new Set(threadEndpointGlobals))) return true;
  const creation = resolver.creation(receiver);
  if (creation && nameMatches(creation.callee, new Set(threadEndpointConstructors))) return creation.path.length <= 1;
  return false;
}

export function createdByOneOf(receiver: TSESTree.Node, names: readonly string[], { resolver }: CrossingInputs): boolean {
  const creation = resolver.creation(receiver);
  return creation !== undefined && creation.path.length === 0 && nameMatches(creation.callee, new Set(names));
}

/**
 * Whether a helper's send crosses, as far as the helper decides it: 'yes';
 * 'no' (it only crosses on a receiver the helper cannot know and does not
 * take as a parameter); or the demand on the caller's receiver argument
 * (`function forward(port, body) { port.postMessage(body); }`).
 */
export function helperCrossing(site: SendSite, receiverIndex: number | undefined, inputs: CrossingInputs): 'yes' | 'no' | ReceiverDemand {
  if (!site.signature.clonesOnlyOnKnownReceiver || crossesForSure(site, inputs)) return 'yes';
  if (receiverIndex === undefined) return 'no';
  return { param: receiverIndex, platform: site.signature.platformPostMessage === true, createdBy: site.signature.receiver?.createdBy ?? [] };
}

/** Whether a call's receiver argument meets a helper's demand (`forward(port1, body)` with `port1` of a MessageChannel). */
export function meetsDemand(call: TSESTree.CallExpression, demand: ReceiverDemand, inputs: CrossingInputs): boolean {
  const receiver = call.arguments[demand.param];
  if (!receiver || receiver.type === 'SpreadElement') return false;
  return demand.platform ? isThreadEndpoint(receiver, inputs) : createdByOneOf(receiver, demand.createdBy, inputs);
}
