// Node flags every worker process runs with: npm start, npm run workers, the tests and the bench.
// V8's default heap limit (about 2 GB here) lets a worker's RSS float far above what it holds: an
// import or a campaign's dispatch churns through short-lived rows and buffers, and old space grew to
// 350–440 MB before a full collection. Capped, the collector runs sooner; a worker holds well under
// this (a 1,000,000-row import ran with 96 MB). Media bytes are Buffers, outside this heap.
export const WORKER_NODE_FLAGS = ["--max-old-space-size=192"];
