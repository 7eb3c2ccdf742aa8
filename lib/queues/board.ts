// bull-board (the queue dashboard) as a Hono app, served by one Next.js route handler.
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { queues, type QueueKey } from "./definitions";
import { getQueue } from "./producer";

export const BOARD_BASE_PATH = "/admin/queues";

const g = globalThis as typeof globalThis & { __postinoBoard?: Hono };

export function queueBoard(): Hono {
  if (g.__postinoBoard) return g.__postinoBoard;
  const adapter = new HonoAdapter(serveStatic).setBasePath(BOARD_BASE_PATH);
  createBullBoard({
    queues: (Object.keys(queues) as QueueKey[]).map((k) => new BullMQAdapter(getQueue(k), { readOnlyMode: false })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: "Postino queues" } },
  });
  g.__postinoBoard = new Hono().route(BOARD_BASE_PATH, adapter.registerPlugin());
  return g.__postinoBoard;
}
