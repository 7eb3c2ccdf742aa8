// The one Prisma client. Cached on globalThis so Next.js hot reloads and test files reuse one pool.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

export { Prisma } from "./generated/client";
export type * from "./generated/client";

type Global = typeof globalThis & { __postinoPrisma?: PrismaClient };
const g = globalThis as Global;

function create(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
  return new PrismaClient({ adapter });
}

/** Lazily created so importing a module never opens a connection by itself. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    g.__postinoPrisma ??= create();
    const value = Reflect.get(g.__postinoPrisma, prop);
    return typeof value === "function" ? value.bind(g.__postinoPrisma) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  await g.__postinoPrisma?.$disconnect();
  g.__postinoPrisma = undefined;
}
