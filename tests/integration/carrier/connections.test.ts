import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createConnection, deleteConnection, getConnection, hashSecret, listConnections, rotateInboundSecret, updateConnection } from "@/lib/carrier/connections";
import { keywordSettingsFor, saveKeywordSettings } from "@/lib/inbound";
import { createWorkspace } from "../../support/fixtures";

const input = { name: "Carrier", url: "https://mmsc.example.net/mm7", username: "vasp", password: "s3cret", vaspId: "postino", senderAddress: "+393330000000" };

describe("carrier connections service", () => {
  it("keeps credentials on the server and the inbound secret only as a hash", async () => {
    const { workspaceId } = await createWorkspace();
    const { connection, inbound } = await createConnection(workspaceId, input);
    expect(inbound.secret.length).toBeGreaterThanOrEqual(24);
    const listed = await listConnections(workspaceId);
    expect(JSON.stringify(listed)).not.toContain("s3cret");
    expect(JSON.stringify(listed)).not.toContain(inbound.secret);
    expect(listed[0]).toMatchObject({ id: connection.id, hasPassword: true });
    const row = await db.carrierConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(row.inboundSecretHash).toBe(hashSecret(inbound.secret));

    // Editing without a password keeps the stored one; a rotated secret replaces the hash.
    await updateConnection(workspaceId, connection.id, { ...input, password: undefined, maxPerSecond: 20 });
    const edited = await db.carrierConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(edited).toMatchObject({ password: "s3cret", maxPerSecond: 20 });
    const rotated = await rotateInboundSecret(workspaceId, connection.id);
    expect((await db.carrierConnection.findUniqueOrThrow({ where: { id: connection.id } })).inboundSecretHash).toBe(hashSecret(rotated.secret));
  });

  it("another workspace's connection is not found, not shown, not editable", async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const { connection } = await createConnection(a.workspaceId, input);
    await expect(getConnection(b.workspaceId, connection.id)).rejects.toMatchObject({ status: 404 });
    await expect(updateConnection(b.workspaceId, connection.id, input)).rejects.toMatchObject({ status: 404 });
    await expect(deleteConnection(b.workspaceId, connection.id)).rejects.toMatchObject({ status: 404 });
    expect(await listConnections(b.workspaceId)).toEqual([]);
    expect(await db.carrierConnection.count({ where: { id: connection.id } })).toBe(1);
  });

  it("refuses bad input with a sentence", async () => {
    const { workspaceId } = await createWorkspace();
    await expect(createConnection(workspaceId, { ...input, url: "ftp://x" })).rejects.toThrow(/http/);
    await expect(createConnection(workspaceId, { ...input, retryTable: { abc: "retry" } as never })).rejects.toThrow(/4-digit/);
  });

  it("saves keyword lists per workspace without touching other settings", async () => {
    const { workspaceId } = await createWorkspace({ name: "Acme" });
    await db.workspace.update({ where: { id: workspaceId }, data: { settings: { quietHours: { start: "21:00" } } } });
    const defaults = await keywordSettingsFor(workspaceId);
    expect(defaults.optOut).toContain("STOP");
    expect(defaults.helpText).toContain("Acme");
    await saveKeywordSettings(workspaceId, { ...defaults, optOut: ["STOP", "BASTA"], helpText: "Acme: call 800 123" });
    const ws = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
    expect((ws.settings as Record<string, unknown>).quietHours).toEqual({ start: "21:00" });
    expect((await keywordSettingsFor(workspaceId)).optOut).toEqual(["STOP", "BASTA"]);
    await expect(saveKeywordSettings(workspaceId, { ...defaults, optOut: [] })).rejects.toThrow();
  });
});
