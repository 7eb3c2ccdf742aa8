// Ingestion limits. Generous for what an MMS can carry, strict enough that one upload cannot
// exhaust a worker's memory or time.
export const MEDIA_LIMITS = {
  /** Whole upload or import (request body or downloaded URL). */
  maxUploadBytes: 100 * 1024 * 1024,
  /** Decoded image size: refuses decompression bombs before any pixel is decoded. */
  maxImagePixels: 50_000_000,
  maxVideoDurationMs: 5 * 60_000,
  maxAudioDurationMs: 10 * 60_000,
  maxVideoPixels: 4096 * 2160,
  importTimeoutMs: 20_000,
  maxRedirects: 5,
} as const;
