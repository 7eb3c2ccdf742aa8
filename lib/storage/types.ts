// The one storage contract. Every web and worker process reaches the same bytes through it,
// whichever backend the configuration selects.
import type { Readable } from "node:stream";

export type StoredInfo = { key: string; contentType: string; size: number; sha256: string };

export interface Storage {
  put(key: string, body: Buffer | Uint8Array | Readable, contentType: string): Promise<StoredInfo>;
  /** The whole object, or null when the key does not exist. */
  get(key: string): Promise<{ bytes: Buffer; contentType: string } | null>;
  getStream(key: string): Promise<{ stream: Readable; contentType: string; size: number } | null>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export class StorageNotConfiguredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StorageNotConfiguredError";
  }
}
