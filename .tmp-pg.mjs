import { startEmbeddedPostgres, migrate } from "./scripts/lib/services.mjs";
const pg = await startEmbeddedPostgres({ dir: "/tmp/scratchpg/pg", database: "scratch", persistent: false });
migrate(pg.url);
console.log(pg.url);
setInterval(() => {}, 1e9);
