import type { ReactNode } from "react";

/** A phone-shaped frame, so a preview is judged at the size recipients see it. */
export function PhoneFrame({ children, caption }: { children: ReactNode; caption?: ReactNode }) {
  return (
    <div className="mx-auto w-64" data-testid="media-phone-frame">
      <div className="rounded-[2rem] border-8 border-slate-800 bg-slate-800 shadow-lg">
        <div className="flex h-[28rem] flex-col justify-center overflow-hidden rounded-[1.4rem] bg-slate-50 p-2">{children}</div>
      </div>
      {caption ? <p className="mt-2 text-center text-xs text-slate-500">{caption}</p> : null}
    </div>
  );
}
