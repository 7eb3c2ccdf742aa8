// Prisma CLI configuration: migrations run on Prisma's WebAssembly schema engine through
// the pg driver adapter, so no native engine is ever downloaded (see ../shared/notes/environment.md).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// prisma/orm#27403: the schema engine reads catalog columns of type `name` (OID 19) and `"char"`
// (OID 18, in migrate diff), which adapter-pg cannot deserialize. Both arrive as text from
// node-postgres, so reporting them as `text` (OID 25) is exact.
class CatalogSafeClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const patch = (result: pg.QueryResult | undefined) => {
      for (const field of result?.fields ?? []) if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
      return result;
    };
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error, result: pg.QueryResult) => last(err, patch(result));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const ret = (super.query as (...a: unknown[]) => unknown)(...args);
    return ret instanceof Promise ? ret.then(patch) : ret;
  }
}

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: run through `npm start` / `npm test`, or set it yourself.");
    return new PrismaPg({ connectionString: url, Client: CatalogSafeClient } as pg.PoolConfig);
  },
});
