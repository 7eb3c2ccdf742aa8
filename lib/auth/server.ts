// better-auth: email + password (scrypt hashes), sessions in PostgreSQL, and its organization
// plugin for workspaces, members, roles and invitations. Its tables are renamed to Postino's
// vocabulary (organization → workspace) in prisma/schema.prisma.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { organization } from "better-auth/plugins/organization";
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/organization/access";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/lib/db/client";
import { childLogger } from "@/lib/log";
import { ROLES } from "./roles";

const log = childLogger("auth");

// better-auth's own checks (who may invite, remove members, delete the workspace) use this;
// Postino's product permissions are in ./roles.ts.
const ac = createAccessControl(defaultStatements);
const manager = ac.newRole({
  organization: ["update"],
  member: ["create", "update", "delete"],
  invitation: ["create", "cancel"],
});
const roles = Object.fromEntries(
  ROLES.map((r) => [
    r,
    r === "owner"
      ? ac.newRole({ organization: ["update", "delete"], member: ["create", "update", "delete"], invitation: ["create", "cancel"] })
      : r === "admin"
        ? manager
        : ac.newRole({ organization: [], member: [], invitation: [] }),
  ]),
);

function create() {
  return betterAuth({
    appName: "Postino",
    baseURL: process.env.APP_URL ?? "http://localhost:3000",
    secret: process.env.AUTH_SECRET,
    database: prismaAdapter(db, { provider: "postgresql" }),
    trustedOrigins: [process.env.APP_URL ?? "http://localhost:3000"],
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      autoSignIn: true,
      resetPasswordTokenExpiresIn: 3600,
      // No mail server in a fresh install: the link is logged (warn level carries no message body).
      sendResetPassword: async ({ user, url }) => {
        log.warn({ userId: user.id, resetUrl: url }, "password reset requested");
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    rateLimit: { enabled: process.env.NODE_ENV === "production" && !process.env.POSTINO_TEST },
    plugins: [
      organization({
        ac,
        roles,
        creatorRole: "owner",
        invitationExpiresIn: 7 * 24 * 3600,
        // Invitations are shared as links from the Members page (no mail server needed).
        sendInvitationEmail: async ({ id, organization: ws, role }) => {
          log.info({ invitationId: id, workspaceId: ws.id, role }, "invitation created");
        },
        schema: {
          session: { fields: { activeOrganizationId: "activeWorkspaceId" } },
          organization: { modelName: "workspace" },
          member: { fields: { organizationId: "workspaceId" } },
          invitation: { fields: { organizationId: "workspaceId" } },
        },
      }),
      nextCookies(),
    ],
  });
}

type Auth = ReturnType<typeof create>;
const g = globalThis as typeof globalThis & { __postinoAuth?: Auth };

export function auth(): Auth {
  return (g.__postinoAuth ??= create());
}
