/**
 * Every rule of the plugin, by name. The configs and the README's rules table
 * are derived from this list and each rule's meta.
 */
import noUseAfterTransfer from './no-use-after-transfer';
import requireChannelClose from './require-channel-close';

export const rules = {
  'no-use-after-transfer': noUseAfterTransfer,
  'require-channel-close': requireChannelClose,
};
