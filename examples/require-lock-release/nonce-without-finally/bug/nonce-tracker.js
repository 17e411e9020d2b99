// Hands out transaction nonces; a mutex makes sure two sends never get the same one.
import { Mutex } from 'async-mutex';

export class NonceTracker {
  #mutex = new Mutex();
  #pending = new Map();

  constructor(provider) {
    this.provider = provider;
  }

  async nextNonce(address) {
    const release = await this.#mutex.acquire();
    const onChain = await this.provider.getTransactionCount(address, 'pending');
    const nonce = Math.max(onChain, (this.#pending.get(address) ?? -1) + 1);
    this.#pending.set(address, nonce);
    release();
    return nonce;
  }
}
