// Demo data for `npm start`: one workspace a newcomer can explore. Idempotent: a second start
// finds the demo user and changes nothing. The last stdout line is the login, as JSON.
import { randomUUID } from "node:crypto";
import { auth } from "@/lib/auth/server";
import { db, disconnectDb } from "@/lib/db/client";
import { closePgPool } from "@/lib/db/pg";
import { seedDemoWorkspace } from "./seed/demo";
import { seedDemoSending } from "./seed/demo-sending";
import { closeQueues } from "@/lib/queues";

const EMAIL = process.env.DEMO_EMAIL ?? "demo@postino.local";
const PASSWORD = process.env.DEMO_PASSWORD ?? "postino-demo";

async function main() {
  let user = await db.user.findUnique({ where: { email: EMAIL } });
  if (!user) {
    const res = await auth().api.signUpEmail({ body: { email: EMAIL, password: PASSWORD, name: "Demo Owner" } });
    user = await db.user.findUniqueOrThrow({ where: { id: res.user.id } });
  }
  let member = await db.member.findFirst({ where: { userId: user.id } });
  if (!member) {
    const ws = await db.workspace.create({ data: { id: randomUUID(), name: "Pizzeria Napoli (demo)", slug: `demo-${randomUUID().slice(0, 8)}`, timeZone: "Europe/Rome" } });
    member = await db.member.create({ data: { id: randomUUID(), workspaceId: ws.id, userId: user.id, role: "owner" } });
  }
  await seedDemoWorkspace(member.workspaceId, user.id);
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: member.workspaceId } });
  const notes = await seedDemoSending({ user: { id: user.id, name: user.name, email: user.email }, workspaceId: ws.id, workspaceName: ws.name, role: "owner" });
  for (const n of notes) process.stderr.write(`${n}\n`);
  process.stdout.write(`${JSON.stringify({ email: EMAIL, password: PASSWORD })}\n`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await Promise.allSettled([disconnectDb(), closePgPool(), closeQueues()]);
    // Services used by the launch (the pipeline's Redis client, schedulers) keep handles open.
    process.exit(process.exitCode ?? 0);
  });
