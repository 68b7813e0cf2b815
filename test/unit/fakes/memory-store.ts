import type { KeyValueStore } from '../../../src/background/util/key-value-store';

/** storage.local as a map; values go through JSON like the real one, so no reference is shared by accident. */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();

  get(key: string): Promise<unknown> {
    const stored = this.data.get(key);
    return Promise.resolve(stored === undefined ? undefined : JSON.parse(stored));
  }

  set(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}
