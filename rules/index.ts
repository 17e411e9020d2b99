/**
 * Every rule of the plugin, by name. The configs and the README's rules table
 * are derived from this list and each rule's meta.
 */
import noUseAfterTransfer from './no-use-after-transfer';

export const rules = {
  'no-use-after-transfer': noUseAfterTransfer,
};
