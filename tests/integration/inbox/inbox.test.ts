// The inbox through its route handlers, as a signed-in agent uses it: conversations of the own
// workspace only, reading clears the unread count, replies reach the carrier linked to the contact's
// message and are recorded, and an opted-out contact cannot be answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createConnection } from "@/lib/carrier/connections";
import { closeConnectors } from "@/lib/carrier/connector";
import * as listRoute from "@/app/api/inbox/route";
import * as threadRoute from "@/app/api/inbox/[id]/route";
import * as replyRoute from "@/app/api/inbox/[id]/reply/route";
import * as partsRoute from "@/app/api/inbox/[id]/parts/route";
import { call, memberOf, receive, signedInMember, startMmsc } from "./support";

const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1e9a70000000049454e44ae426082", "hex");
let mmsc: Awaited<ReturnType<typeof startMmsc>>;
let a: Awaited<ReturnType<typeof signedInMember>>;
let b: Awaited<ReturnType<typeof signedInMember>>;
let connA: string;
const phone = "+393471110001";

async function conversationOf(workspaceId: string, p: string) {
  const c = await db.contact.findUniqueOrThrow({ where: { workspaceId_phone: { workspaceId, phone: p } } });
  return db.conversation.findUniqueOrThrow({ where: { contactId: c.id } });
}

beforeAll(async () => {
  mmsc = await startMmsc();
  [a, b] = await Promise.all([signedInMember("agent"), signedInMember("owner")]);
  connA = (await createConnection(a.workspaceId, { name: "Carrier A", url: mmsc.url, vaspId: "postino", senderAddress: "4321", senderType: "shortcode" })).connection.id;
  const connB = (await createConnection(b.workspaceId, { name: "Carrier B", url: mmsc.url, vaspId: "postino", senderAddress: "4322", senderType: "shortcode" })).connection.id;
  await receive(connA, phone, "Is the shop open on Sunday?", { linkedId: "CAMPAIGN-MSG-7", at: new Date(Date.now() - 60_000) });
  await receive(connA, phone, "Here is the receipt", { linkedId: "CAMPAIGN-MSG-8", image: png });
  await receive(connB, "+393471110099", "B's secret question");
  await db.contact.updateMany({ where: { workspaceId: a.workspaceId, phone }, data: { firstName: "Giulia", lastName: "Neri" } });
}, 60_000);

afterAll(async () => {
  await closeConnectors();
  await mmsc?.close();
});

describe("inbox", () => {
  it("lists a workspace's own conversations only, searchable by name or number, with keyset pages", async () => {
    const list = await call(listRoute.GET, a.cookie, { url: "/api/inbox?status=all" });
    expect(list.status).toBe(200);
    expect(list.json.items).toHaveLength(1);
    expect(list.json.items[0]).toMatchObject({ status: "open", unreadCount: 2, contact: { phone, name: "Giulia Neri" }, snippet: { text: "Here is the receipt", pictures: 1 } });
    expect(JSON.stringify(list.json)).not.toContain("secret");

    expect((await call(listRoute.GET, a.cookie, { url: "/api/inbox?q=giu%20NERI" })).json.items).toHaveLength(1);
    expect((await call(listRoute.GET, a.cookie, { url: "/api/inbox?q=347%20111" })).json.items).toHaveLength(1);
    expect((await call(listRoute.GET, a.cookie, { url: "/api/inbox?q=Mario" })).json.items).toHaveLength(0);

    // Three more conversations: pages of two, newest first, nothing twice, nothing lost.
    for (const [i, p] of ["+393471110002", "+393471110003", "+393471110004"].entries()) await receive(connA, p, `hello ${i}`, { at: new Date(Date.now() - (10 - i) * 60_000) });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call(listRoute.GET, a.cookie, { url: `/api/inbox?status=all&limit=2${cursor ? `&cursor=${cursor}` : ""}` });
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items.map((r: { contact: { phone: string } }) => r.contact.phone));
      cursor = page.json.next;
    } while (cursor);
    expect(seen).toEqual([phone, "+393471110004", "+393471110003", "+393471110002"]);
  });

  it("answers 404 through every inbox route for another workspace's conversation, and changes nothing", async () => {
    const theirs = await conversationOf(b.workspaceId, "+393471110099");
    const before = mmsc.submits.length;
    const msg = await db.inboundMessage.findFirstOrThrow({ where: { conversationId: theirs.id } });
    const params = { id: theirs.id };
    const answers = [
      await call(threadRoute.GET, a.cookie, { params }),
      await call(threadRoute.PATCH, a.cookie, { method: "PATCH", params, body: { status: "closed" } }),
      await call(replyRoute.POST, a.cookie, { method: "POST", params, body: { text: "hello there" } }),
      await call(partsRoute.GET, a.cookie, { params, url: `/api/inbox/${theirs.id}/parts?message=${msg.id}&part=0` }),
    ];
    for (const r of answers) {
      expect(r.status).toBe(404);
      expect(r.bytes.toString()).not.toContain("secret");
    }
    expect(mmsc.submits.length).toBe(before);
    expect(await db.conversation.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ status: "open", unreadCount: 1 });
  });

  it("opening marks the conversation read and shows the messages with their picture; a viewer's look does not", async () => {
    const conv = await conversationOf(a.workspaceId, phone);
    const viewer = await memberOf(a.workspaceId, "viewer");
    expect((await call(threadRoute.GET, viewer.cookie, { params: { id: conv.id } })).json.unreadCount).toBe(2);
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conv.id } })).unreadCount).toBe(2);

    const t = await call(threadRoute.GET, a.cookie, { params: { id: conv.id } });
    expect(t.status).toBe(200);
    expect(t.json).toMatchObject({ unreadCount: 0, replyBlocked: null, contact: { phone, name: "Giulia Neri" } });
    expect(t.json.items.map((i: { text: string }) => i.text)).toEqual(["Is the shop open on Sunday?", "Here is the receipt"]);
    expect((await db.conversation.findUniqueOrThrow({ where: { id: conv.id } })).unreadCount).toBe(0);

    const part = t.json.items[1].parts[0];
    const img = await call(partsRoute.GET, a.cookie, { params: { id: conv.id }, url: part.url });
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.bytes.equals(png)).toBe(true);
    const missing = await call(partsRoute.GET, a.cookie, { params: { id: conv.id }, url: part.url.replace("part=0", "part=1") });
    expect(missing.status).toBe(404);
  });

  it("a reply goes to the carrier with the LinkedID of the contact's latest message, once per key, and is recorded", async () => {
    const conv = await conversationOf(a.workspaceId, phone);
    const before = mmsc.submits.length;
    const body = { text: "Yes, 10:00 to 13:00.", key: "reply-key-0001" };
    const r = await call(replyRoute.POST, a.cookie, { method: "POST", params: { id: conv.id }, body });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("submitted");
    const again = await call(replyRoute.POST, a.cookie, { method: "POST", params: { id: conv.id }, body });
    expect(again.json).toMatchObject({ messageId: r.json.messageId, status: "submitted" });

    expect(mmsc.submits.length).toBe(before + 1);
    const sent = mmsc.submits.at(-1)!;
    expect(sent.linkedId).toBe("CAMPAIGN-MSG-8");
    expect(sent.recipients.to?.[0].value).toBe(phone);
    expect(sent.content?.parts?.find((p) => p.contentType === "text/plain")?.body?.toString()).toBe("Yes, 10:00 to 13:00.");

    const row = await db.message.findUniqueOrThrow({ where: { id: BigInt(r.json.messageId) }, include: { campaign: true } });
    expect(row).toMatchObject({ workspaceId: a.workspaceId, status: "submitted", mmscMessageId: `MMSC-${before + 1}`, connectionId: connA, phone });
    expect(row.campaign).toMatchObject({ name: "Reply to Giulia Neri", state: "completed", createdById: a.user.id });

    const t = await call(threadRoute.GET, a.cookie, { params: { id: conv.id } });
    expect(t.json.items.at(-1)).toMatchObject({ kind: "out", text: "Yes, 10:00 to 13:00.", status: "submitted", by: "Agent Smith" });
  });

  it("a contact who replied STOP cannot be answered: the box says why and nothing reaches the carrier", async () => {
    const p = "+393471110005";
    await receive(connA, p, "Where is my order?");
    await receive(connA, p, "STOP");
    const conv = await conversationOf(a.workspaceId, p);
    const before = mmsc.submits.length;
    const campaigns = await db.campaign.count({ where: { workspaceId: a.workspaceId } });

    const t = await call(threadRoute.GET, a.cookie, { params: { id: conv.id } });
    expect(t.json.replyBlocked).toMatch(/opted out by replying STOP on \d{4}-\d\d-\d\d/);
    const r = await call(replyRoute.POST, a.cookie, { method: "POST", params: { id: conv.id }, body: { text: "Sorry about that!" } });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe(t.json.replyBlocked);
    expect(mmsc.submits.length).toBe(before);
    expect(await db.campaign.count({ where: { workspaceId: a.workspaceId } })).toBe(campaigns);
  });

  it("close and reopen move the conversation between the open and closed lists; an empty reply is refused", async () => {
    const conv = await conversationOf(a.workspaceId, phone);
    expect((await call(threadRoute.PATCH, a.cookie, { method: "PATCH", params: { id: conv.id }, body: { status: "closed" } })).status).toBe(200);
    const ids = async (status: string) => (await call(listRoute.GET, a.cookie, { url: `/api/inbox?status=${status}` })).json.items.map((i: { id: string }) => i.id);
    expect(await ids("open")).not.toContain(conv.id);
    expect(await ids("closed")).toEqual([conv.id]);
    await call(threadRoute.PATCH, a.cookie, { method: "PATCH", params: { id: conv.id }, body: { status: "open" } });
    expect(await ids("open")).toContain(conv.id);

    const empty = await call(replyRoute.POST, a.cookie, { method: "POST", params: { id: conv.id }, body: { text: "   " } });
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toContain("Write a reply first.");
  });
});
