import { describe, expect, it, beforeAll } from "vitest";
import { db } from "@/lib/db/client";
import { countAudience, missingFieldCounts, audienceSql } from "@/lib/campaigns/audience";
import { createDraft, updateDraft, duplicateCampaign } from "@/lib/campaigns/drafts";
import { openWebView, recordWebView, webViewExpiry } from "@/lib/campaigns/web-view";
import { webToken } from "@/lib/campaigns/web-token";
import { compileTemplate, mergeValues } from "@/lib/campaigns/merge";
import { exportRecipientsCsv } from "@/lib/campaigns/reports";
import { pgPool } from "@/lib/db/pg";
import { signedInMember, call } from "./support";
import * as list from "@/app/api/campaigns/route";
import * as one from "@/app/api/campaigns/[id]/route";
import * as preflight from "@/app/api/campaigns/[id]/preflight/route";
import * as sample from "@/app/api/campaigns/[id]/sample/route";
import * as duplicate from "@/app/api/campaigns/[id]/duplicate/route";
import * as launch from "@/app/api/campaigns/[id]/launch/route";
import * as pause from "@/app/api/campaigns/[id]/pause/route";
import * as resume from "@/app/api/campaigns/[id]/resume/route";
import * as cancel from "@/app/api/campaigns/[id]/cancel/route";
import * as resend from "@/app/api/campaigns/[id]/resend-unknown/route";
import * as testSend from "@/app/api/campaigns/[id]/test-send/route";
import * as stats from "@/app/api/campaigns/[id]/stats/route";
import * as recipients from "@/app/api/campaigns/[id]/recipients/route";
import * as timeline from "@/app/api/campaigns/[id]/recipients/[messageId]/route";
import * as exportCsv from "@/app/api/campaigns/[id]/export/route";
import * as part from "@/app/api/m/[token]/parts/[n]/route";

async function contact(workspaceId: string, phone: string, data: Partial<{ firstName: string; consent: "subscribed" | "unsubscribed"; tags: string[]; attributes: object }> = {}) {
  return db.contact.create({ data: { workspaceId, phone, tags: ["vip"], consent: "subscribed", ...data } });
}

describe("campaign drafts, audience and merge", () => {
  let a: Awaited<ReturnType<typeof signedInMember>>;
  beforeAll(async () => {
    a = await signedInMember("owner");
  });

  it("counts a segment audience after consent, suppression and duplicates", async () => {
    const ws = a.workspaceId;
    const anna = await contact(ws, "+393331000001", { firstName: "Anna" });
    await contact(ws, "+393331000002");
    await contact(ws, "+393331000003", { consent: "unsubscribed" });
    await contact(ws, "+393331000004", { firstName: "Dario" });
    await db.suppression.create({ data: { workspaceId: ws, phone: "+393331000004" } });
    const seg = await db.segment.create({ data: { workspaceId: ws, name: "VIP", rules: { kind: "group", combinator: "and", children: [{ kind: "tag", op: "has", value: ["vip"] }] } } });
    const audience = { segmentIds: [seg.id], excludeSegmentIds: [], contactIds: [anna.id.toString()], numbers: ["+393331000002", "+393339999999"] };
    expect(await countAudience(ws, audience)).toEqual({ targeted: 5, excludedOptedOut: 1, excludedSuppressed: 1, duplicates: 2, sendable: 3 });
    // Sendable: Anna, 0002 (no first name) and the new pasted number (no fields at all).
    expect(await missingFieldCounts(ws, audience, ["first_name"])).toEqual([{ field: "first_name", missing: 2 }]);
    const { sql, params } = await audienceSql(ws, audience);
    const { rows } = await pgPool().query(sql, params);
    expect(rows).toHaveLength(4); // existing contacts only; the fan-out upserts the new number
  });

  it("autosaves a draft, refuses bad templates with a sentence, and refuses edits after launch", async () => {
    const c = await createDraft(a.ctx);
    const saved = await updateDraft(a.ctx, c.id, { subject: "Ciao", slides: [{ id: "s1", text: 'Ciao {{ first_name | default: "amico" }}' }] });
    expect(saved.slides).toEqual([{ id: "s1", text: 'Ciao {{ first_name | default: "amico" }}' }]);
    await expect(updateDraft(a.ctx, c.id, { slides: [{ id: "s1", text: "Ciao {{ first_name" }] })).rejects.toThrow(/Slide 1: .*not closed/);
    await db.campaign.update({ where: { id: c.id }, data: { state: "sending" } });
    await expect(updateDraft(a.ctx, c.id, { subject: "late" })).rejects.toThrow(/can no longer be edited/);
    const copy = await duplicateCampaign(a.ctx, c.id);
    expect(copy.state).toBe("draft");
    expect(copy.subject).toBe("Ciao");
  });

  it("a support agent may only quick-send to one contact", async () => {
    const ag = await signedInMember("agent");
    const k = await contact(ag.workspaceId, "+393331000010", { firstName: "Gino" });
    expect((await call(list.POST, ag.cookie, { method: "POST", body: {} })).status).toBe(403);
    const created = await call(list.POST, ag.cookie, { method: "POST", body: { toContactId: k.id.toString() } });
    expect(created.status).toBe(200);
    expect(created.json.audience.contactIds).toEqual([k.id.toString()]);
    const widen = await call(one.PATCH, ag.cookie, { method: "PATCH", params: { id: created.json.id }, body: { audience: { segmentIds: [], excludeSegmentIds: [], contactIds: [k.id.toString()], numbers: ["+393331000011"] } } });
    expect(widen.status).toBe(403);
    // Even if the audience were widened behind the API's back, launch is refused for an agent.
    await db.campaign.update({ where: { id: created.json.id }, data: { audience: { segmentIds: [], excludeSegmentIds: [], contactIds: [k.id.toString()], numbers: ["+393331000011"] } } });
    expect((await call(launch.POST, ag.cookie, { method: "POST", params: { id: created.json.id } })).status).toBe(403);
  });

  it("renders merge fields per recipient with fallbacks", () => {
    const t = compileTemplate('Ciao {{ first_name | default: "amico" }}, a {{ city | default: "presto" }}');
    expect(t(mergeValues({ firstName: "Anna", phone: "+39", attributes: { city: "Roma" } }))).toBe("Ciao Anna, a Roma");
    expect(t(mergeValues({ phone: "+39" }))).toBe("Ciao amico, a presto");
  });
});

describe("web view", () => {
  it("shows the personalised message by token, counts views, and 404s when expired or unknown", async () => {
    const a = await signedInMember();
    const k = await contact(a.workspaceId, "+393331000020", { firstName: "Lucia" });
    const c = await db.campaign.create({ data: { workspaceId: a.workspaceId, name: "Spring", state: "completed", subject: "Per {{ first_name }}", slides: [{ id: "s1", text: "Ciao {{ first_name }}!" }], expiryHours: 24, startedAt: new Date() } });
    const m = await db.message.create({ data: { workspaceId: a.workspaceId, campaignId: c.id, contactId: k.id, phone: k.phone, status: "delivered" } });
    const token = webToken(c.webKey, m.id);
    const view = await openWebView(token);
    expect(view?.subject).toBe("Per Lucia");
    expect(view?.slides[0]?.text).toBe("Ciao Lucia!");
    expect(await recordWebView(token)).toBe(true);
    const after = await db.message.findUniqueOrThrow({ where: { id: m.id }, include: { events: true } });
    expect(after.webViews).toBe(1);
    expect(after.events.map((e) => e.type)).toContain("web_view");

    const expiry = webViewExpiry({ startedAt: c.startedAt, createdAt: c.createdAt, expiryHours: 24 }, m.createdAt);
    expect(await openWebView(token, new Date(expiry.getTime() - 60_000))).not.toBeNull();
    expect(await openWebView(token, new Date(expiry.getTime() + 1))).toBeNull();
    expect(await openWebView("x".repeat(32))).toBeNull();
    // A token of the right shape for this message but not made with its campaign's key opens nothing.
    expect(await openWebView(webToken("another campaign's key", m.id))).toBeNull();
    expect(await openWebView(`${m.id + 1n}${token.slice(token.indexOf("_"))}`)).toBeNull();
    const res = await part.GET(new Request("http://x/"), { params: Promise.resolve({ token: "nope-nope-nope-nope", n: "1" }) });
    expect(res.status).toBe(404);
  });
});

describe("tenant isolation", () => {
  it("another workspace's campaign id is 404 through every campaign route", async () => {
    const owner = await signedInMember();
    const other = await signedInMember();
    const k = await contact(owner.workspaceId, "+393331000030", { firstName: "Marta" });
    const c = await db.campaign.create({ data: { workspaceId: owner.workspaceId, name: "Mine", state: "sending", slides: [{ id: "s1", text: "Hi" }], audience: { contactIds: [k.id.toString()] } } });
    const m = await db.message.create({ data: { workspaceId: owner.workspaceId, campaignId: c.id, contactId: k.id, phone: k.phone, status: "unknown" } });
    const p = { id: c.id };
    const cases: Array<[string, Parameters<typeof call>[0], Parameters<typeof call>[2]]> = [
      ["GET", one.GET, { params: p }],
      ["PATCH", one.PATCH, { method: "PATCH", params: p, body: { name: "stolen" } }],
      ["DELETE", one.DELETE, { method: "DELETE", params: p }],
      ["preflight", preflight.GET, { params: p }],
      ["sample", sample.GET, { params: p }],
      ["duplicate", duplicate.POST, { method: "POST", params: p }],
      ["launch", launch.POST, { method: "POST", params: p }],
      ["pause", pause.POST, { method: "POST", params: p }],
      ["resume", resume.POST, { method: "POST", params: p }],
      ["cancel", cancel.POST, { method: "POST", params: p }],
      ["resend", resend.POST, { method: "POST", params: p }],
      ["test-send", testSend.POST, { method: "POST", params: p, body: { phone: "+393331000031" } }],
      ["stats", stats.GET, { params: p }],
      ["recipients", recipients.GET, { params: p, url: "/x" }],
      ["timeline", timeline.GET, { params: { id: c.id, messageId: m.id.toString() } }],
      ["export", exportCsv.GET, { params: p }],
    ];
    for (const [name, handler, opts] of cases) {
      const r = await call(handler, other.cookie, opts);
      expect(r.status, name).toBe(404);
      expect(r.text, name).not.toContain("Mine");
    }
    // The owner sees it, and the campaign is untouched by the other workspace's attempts.
    expect((await call(one.GET, owner.cookie, { params: p })).json.name).toBe("Mine");
    expect((await db.campaign.findUniqueOrThrow({ where: { id: c.id } })).state).toBe("sending");
    expect((await db.message.findUniqueOrThrow({ where: { id: m.id } })).status).toBe("unknown");
    const listed = await call(list.GET, other.cookie, { url: "/api/campaigns" });
    expect(listed.json.items).toEqual([]);
  });

  it("exports formula-safe CSV", async () => {
    const a = await signedInMember();
    const k = await contact(a.workspaceId, "+393331000040", { firstName: "=HYPERLINK(\"http://evil\")" });
    const c = await db.campaign.create({ data: { workspaceId: a.workspaceId, name: "CSV" } });
    await db.message.create({ data: { workspaceId: a.workspaceId, campaignId: c.id, contactId: k.id, phone: k.phone, status: "failed", reason: "@SUM(1)" } });
    let csv = "";
    for await (const s of exportRecipientsCsv(a.workspaceId, c.id)) csv += s;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain("'@SUM(1)");
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});
