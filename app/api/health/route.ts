import { NextResponse } from "next/server";
import { health } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await health();
  return NextResponse.json(report, { status: report.ok ? 200 : 503 });
}
