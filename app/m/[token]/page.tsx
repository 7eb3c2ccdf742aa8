// Public web view of one message (no login): the token in the URL is the only key.
import { notFound } from "next/navigation";
import { openWebView } from "@/lib/campaigns/web-view";
import { CountView } from "@/components/campaigns/count-view";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your message", robots: { index: false, follow: false } };

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const view = await openWebView(token);
  if (!view) notFound();
  return (
    <main className="mx-auto min-h-screen max-w-md bg-slate-50 px-4 py-8">
      <CountView token={token} />
      <p className="text-center text-xs text-slate-400">A message from</p>
      <h1 className="mb-6 text-center text-lg font-semibold text-slate-900">{view.sender}</h1>
      {view.subject ? <h2 className="mb-4 text-base font-semibold text-slate-800" data-testid="web-subject">{view.subject}</h2> : null}
      <div className="space-y-4">
        {view.slides.map((s, i) => (
          <section key={i} className="overflow-hidden rounded-2xl bg-white shadow-sm">
            {s.media?.kind === "image" ? (
              <figure>
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={s.media.url} alt={`Picture ${i + 1}`} className="w-full" data-testid="web-image" />
                <a href={`${s.media.url}?download=1`} download={s.media.fileName} className="block px-4 py-2 text-right text-xs text-brand-600 underline">Download picture</a>
              </figure>
            ) : s.media?.kind === "video" ? (
              <video src={s.media.url} controls playsInline className="w-full" />
            ) : null}
            {s.audio ? <audio src={s.audio.url} controls className="w-full px-3 pt-2" /> : null}
            {s.text ? <p className="whitespace-pre-wrap px-4 py-3 text-slate-800" data-testid="web-text">{s.text}</p> : null}
          </section>
        ))}
      </div>
      <p className="mt-8 text-center text-xs text-slate-400">Available until {view.expiresAt.toLocaleDateString("en-GB", { dateStyle: "long" })}.</p>
    </main>
  );
}
