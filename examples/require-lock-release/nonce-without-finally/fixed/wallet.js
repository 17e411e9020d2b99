// Signs and sends transactions with nonces from the tracker.
import { NonceTracker } from './nonce-tracker.js';

export function createWallet(provider, signer) {
  const nonces = new NonceTracker(provider);
  return {
    async send(transaction) {
      const nonce = await nonces.nextNonce(signer.address);
      return provider.broadcast(await signer.sign({ ...transaction, nonce }));
    },
  };
}
