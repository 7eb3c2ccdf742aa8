// S3-compatible backend (AWS, MinIO, R2…), path-style URLs signed with AWS Signature V4.
// Deliberately small: single-request PUT (objects here are bounded by the media limits).
import { createHash, createHmac } from "node:crypto";
import { Readable } from "node:stream";
import { request } from "undici";
import { collect } from "./body";
import type { DiskCache } from "./disk-cache";
import { StorageNotConfiguredError, type Storage, type StoredInfo } from "./types";

export type S3Settings = { endpoint?: string; bucket?: string; region: string; accessKeyId?: string; secretAccessKey?: string };

const sha256hex = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const hmac = (k: Buffer | string, s: string) => createHmac("sha256", k).update(s).digest();
const encodeKey = (key: string) => key.split("/").map((p) => encodeURIComponent(p)).join("/");

export class S3Storage implements Storage {
  private readonly s: Required<S3Settings>;

  constructor(settings: S3Settings, private readonly cache?: DiskCache) {
    const missing = (["endpoint", "bucket", "accessKeyId", "secretAccessKey"] as const).filter((k) => !settings[k]);
    if (missing.length) {
      throw new StorageNotConfiguredError(
        `STORAGE_BACKEND=s3 but S3 is not configured: set ${missing.map((m) => `S3_${m.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`).join(", ")}.`,
      );
    }
    this.s = settings as Required<S3Settings>;
  }

  /** Signs and sends one request (SigV4, payload hash included). */
  private async send(method: string, key: string, body?: Buffer, contentType?: string) {
    const url = new URL(`${this.s.endpoint.replace(/\/$/, "")}/${this.s.bucket}/${encodeKey(key)}`);
    const now = new Date();
    const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, "");
    const day = amzDate.slice(0, 8);
    const payloadHash = sha256hex(body ?? "");
    const headers: Record<string, string> = { host: url.host, "x-amz-content-sha256": payloadHash, "x-amz-date": amzDate };
    if (contentType) headers["content-type"] = contentType;
    const names = Object.keys(headers).sort();
    const canonical = [method, url.pathname, "", names.map((n) => `${n}:${headers[n]}\n`).join(""), names.join(";"), payloadHash].join("\n");
    const scope = `${day}/${this.s.region}/s3/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256hex(canonical)].join("\n");
    const kSigning = hmac(hmac(hmac(hmac(`AWS4${this.s.secretAccessKey}`, day), this.s.region), "s3"), "aws4_request");
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${this.s.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${createHmac("sha256", kSigning).update(toSign).digest("hex")}`;
    delete headers.host;
    return request(url, { method: method as "GET", headers, body });
  }

  async put(key: string, body: Buffer | Uint8Array | Readable, contentType: string): Promise<StoredInfo> {
    const { bytes, sha256 } = await collect(body);
    const res = await this.send("PUT", key, bytes, contentType);
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`S3 PUT ${key} failed with ${res.statusCode}: ${text.slice(0, 200)}`);
    await this.cache?.drop(key);
    return { key, contentType, size: bytes.length, sha256 };
  }

  async get(key: string) {
    const hit = await this.cache?.read(key);
    if (hit) return hit;
    const res = await this.send("GET", key);
    if (res.statusCode === 404) {
      await res.body.dump();
      return null;
    }
    const bytes = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode >= 300) throw new Error(`S3 GET ${key} failed with ${res.statusCode}`);
    const contentType = String(res.headers["content-type"] ?? "application/octet-stream");
    await this.cache?.write(key, bytes, contentType);
    return { bytes, contentType };
  }

  async getStream(key: string) {
    const got = await this.get(key);
    return got ? { stream: Readable.from([got.bytes]), contentType: got.contentType, size: got.bytes.length } : null;
  }

  async delete(key: string): Promise<void> {
    const res = await this.send("DELETE", key);
    await res.body.dump();
    if (res.statusCode >= 300 && res.statusCode !== 404) throw new Error(`S3 DELETE ${key} failed with ${res.statusCode}`);
    await this.cache?.drop(key);
  }

  async exists(key: string): Promise<boolean> {
    const res = await this.send("HEAD", key);
    await res.body.dump();
    return res.statusCode < 300;
  }
}
