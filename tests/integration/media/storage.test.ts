import { randomBytes } from "node:crypto";
import { buffer } from "node:stream/consumers";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { storage } from "@/lib/storage";
import { S3Storage } from "@/lib/storage/s3-backend";

describe("storage (PostgreSQL backend)", () => {
  it("stores, reads whole and streamed, overwrites and deletes objects larger than one chunk", async () => {
    const key = `test/${randomBytes(6).toString("hex")}`;
    const bytes = randomBytes(2_500_000);
    const info = await storage().put(key, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), "application/octet-stream");
    expect(info.size).toBe(bytes.length);
    expect(await db.storedChunk.count({ where: { objectKey: key } })).toBe(3);
    expect((await storage().get(key))!.bytes.equals(bytes)).toBe(true);
    const s = await storage().getStream(key);
    expect((await buffer(s!.stream)).equals(bytes)).toBe(true);
    await storage().put(key, Buffer.from("small"), "text/plain");
    expect(await storage().get(key)).toMatchObject({ contentType: "text/plain", bytes: Buffer.from("small") });
    await Promise.all([storage().put(key, Buffer.from("a"), "text/plain"), storage().put(key, Buffer.from("a"), "text/plain")]);
    expect(await storage().exists(key)).toBe(true);
    await storage().delete(key);
    expect(await storage().exists(key)).toBe(false);
    expect(await storage().get(key)).toBeNull();
  });

  it("says clearly when S3 is selected but not configured", () => {
    expect(() => new S3Storage({ region: "eu-west-1", endpoint: "https://s3.example.com" })).toThrow("STORAGE_BACKEND=s3 but S3 is not configured: set S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY.");
  });
});
