// A raw node-postgres pool for the few hot paths Prisma cannot express efficiently
// (COPY, INSERT … SELECT fan-out, batched ledger updates). Same DATABASE_URL, one pool per process.
import pg from "pg";

type Global = typeof globalThis & { __postinoPg?: pg.Pool };
const g = globalThis as Global;

// bigint ids (contacts, messages) come back as strings by default; keep them exact.
pg.types.setTypeParser(20, (v) => v);

export function pgPool(): pg.Pool {
  if (!g.__postinoPg) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    g.__postinoPg = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
    g.__postinoPg.on("error", () => {});
  }
  return g.__postinoPg;
}

export async function closePgPool(): Promise<void> {
  await g.__postinoPg?.end();
  g.__postinoPg = undefined;
}
