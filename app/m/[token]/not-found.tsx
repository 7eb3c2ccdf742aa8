export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center px-6 text-center">
      <h1 className="text-xl font-semibold text-slate-900">This message is no longer available</h1>
      <p className="mt-2 text-sm text-slate-500">The link may have expired or been mistyped. Messages can be viewed here for 30 days after they are sent.</p>
    </main>
  );
}
