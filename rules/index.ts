/**
 * Every rule of the plugin, by name. The configs and the README's rules table
 * are derived from this list and each rule's meta.
 */
import consistentLockOrder from './consistent-lock-order';
import noBlockingWait from './no-blocking-wait';
import noUnguardedSharedState from './no-unguarded-shared-state';
import noUnsendableMessage from './no-unsendable-message';
import noUseAfterTransfer from './no-use-after-transfer';
import requireChannelClose from './require-channel-close';
import requireLockRelease from './require-lock-release';

export const rules = {
  'consistent-lock-order': consistentLockOrder,
  'no-blocking-wait': noBlockingWait,
  'no-unguarded-shared-state': noUnguardedSharedState,
  'no-unsendable-message': noUnsendableMessage,
  'no-use-after-transfer': noUseAfterTransfer,
  'require-channel-close': requireChannelClose,
  'require-lock-release': requireLockRelease,
};
