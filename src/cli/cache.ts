/**
 * Summaries cached by content hash:
 * `<root>/.fearless-cache/lock-graph/<sha256>.json`, where the hash covers
 * the plugin version, the summary format, the settings, the file's relative
 * path and its text. A changed file, settings or plugin version misses; an
 * unchanged file hits, whoever wrote it and whenever.
 *
 * Parse errors are cached too (they depend on the same inputs); internal
 * errors are not, so that a fixed plugin retries them. Entries are written to
 * a temporary name and renamed, so a concurrent run never reads half a file.
 * Nothing is ever deleted: remove the folder to reclaim the space.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockSummaryVersion } from '../engine';
import type { FileError, FileOutcome } from './summarize';

export const cacheFolder = join('.fearless-cache', 'lock-graph');

interface CacheEntry {
  readonly summary?: FileOutcome['summary'];
  readonly error?: FileError;
}

export class SummaryCache {
  readonly directory: string;
  private readonly salt: string;
  private created = false;
  private writeFailed = false;

  constructor(root: string, pluginVersion: string, settingsJson: string) {
    this.directory = join(root, cacheFolder);
    this.salt = `${pluginVersion}\0${lockSummaryVersion}\0${settingsJson}\0`;
  }

  keyOf(file: string, text: string): string {
    return createHash('sha256').update(this.salt).update(file).update('\0').update(text).digest('hex');
  }

  /** The cached outcome, or undefined on a miss (or an entry that is not ours). */
  get(key: string, file: string): FileOutcome | undefined {
    let raw: string;
    try {
      raw = readFileSync(join(this.directory, `${key}.json`), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(raw) as CacheEntry;
      if (entry.summary && entry.summary.file === file && Array.isArray(entry.summary.edges)) return { file, summary: entry.summary };
      if (entry.error && typeof entry.error.message === 'string') return { file, error: entry.error };
    } catch {
      // A damaged entry is a miss; the next write replaces it.
    }
    return undefined;
  }

  /** Stores an outcome. Returns a warning the first time the cache cannot be written, then stays quiet. */
  set(key: string, outcome: FileOutcome): string | undefined {
    if (this.writeFailed || outcome.error?.kind === 'internal' || outcome.error?.kind === 'read') return undefined;
    const entry: CacheEntry = outcome.summary ? { summary: outcome.summary } : { error: outcome.error };
    const target = join(this.directory, `${key}.json`);
    const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      if (!this.created) {
        mkdirSync(this.directory, { recursive: true });
        this.created = true;
      }
      writeFileSync(temporary, JSON.stringify(entry));
      renameSync(temporary, target);
      return undefined;
    } catch (error) {
      this.writeFailed = true;
      return `cannot write the cache in ${this.directory} (${error instanceof Error ? error.message : String(error)}); going on without it`;
    }
  }
}
