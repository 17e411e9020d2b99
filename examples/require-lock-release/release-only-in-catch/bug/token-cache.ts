// Caches an OAuth access token; the mutex makes concurrent callers share one refresh.
import { Mutex } from 'async-mutex';

interface Token {
  value: string;
  expiresAt: number;
}

export class TokenCache {
  private readonly refreshLock = new Mutex();
  private token: Token | null = null;

  constructor(private readonly refresh: () => Promise<Token>) {}

  async get(): Promise<string> {
    const release = await this.refreshLock.acquire();
    try {
      if (!this.token || this.token.expiresAt < Date.now() + 30_000) {
        this.token = await this.refresh();
      }
      return this.token.value;
    } catch (error) {
      release();
      throw error;
    }
  }
}
