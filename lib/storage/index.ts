// lib/storage: put / get / getStream / delete / exists, whichever backend STORAGE_BACKEND selects.
// Reads only the storage settings from the environment, so workers and scripts need no web config.
import path from "node:path";
import { DbStorage } from "./db-backend";
import { DiskCache } from "./disk-cache";
import { S3Storage } from "./s3-backend";
import type { Storage } from "./types";

export type { Storage, StoredInfo } from "./types";
export { StorageNotConfiguredError } from "./types";

type Global = typeof globalThis & { __postinoStorage?: Storage };
const g = globalThis as Global;

export function storage(): Storage {
  if (g.__postinoStorage) return g.__postinoStorage;
  const env = process.env;
  const cacheDir = env.STORAGE_CACHE_DIR ?? (env.POSTINO_TMP ? path.join(env.POSTINO_TMP, "storage-cache") : ".data/cache");
  const cache = new DiskCache(path.resolve(cacheDir));
  const backend = env.STORAGE_BACKEND ?? "db";
  g.__postinoStorage =
    backend === "s3"
      ? new S3Storage(
          { endpoint: env.S3_ENDPOINT, bucket: env.S3_BUCKET, region: env.S3_REGION ?? "us-east-1", accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
          cache,
        )
      : new DbStorage(cache);
  return g.__postinoStorage;
}
