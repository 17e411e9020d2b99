// Sessions cached in memory and persisted to disk; one mutex serializes changes and writes.
import { Mutex } from 'async-mutex';
import { writeFile } from 'node:fs/promises';

export interface Session {
  id: string;
  user: string;
  expires: number;
}

export class SessionStore {
  private readonly mutex = new Mutex();
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly file: string) {}

  async save(session: Session): Promise<void> {
    await this.mutex.runExclusive(async () => {
      this.sessions.set(session.id, session);
      await this.flush();
    });
  }

  /** Writes every live session to disk. Also called by the shutdown hook. */
  async flush(): Promise<void> {
    await this.mutex.runExclusive(async () => {
      const live = [...this.sessions.values()].filter((session) => session.expires > Date.now());
      await writeFile(this.file, JSON.stringify(live));
    });
  }
}
