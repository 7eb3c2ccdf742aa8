// Load for run.sh: N sendsms GETs over an undici Pool (keep-alive), IN_FLIGHT at once; then waits
// until the fake SMSC has printed every message. Prints the KANNEL_RESULT line.
import { readFileSync } from "node:fs";
import { Pool } from "undici";

const [url, nArg, concArg, fakeOut] = process.argv.slice(2);
const n = Number(nArg);
const conc = Number(concArg);
const lines = () => readFileSync(fakeOut, "utf8").split("\n").filter((l) => l.includes("Got message")).length;
const base = lines();
const pool = new Pool(url, { connections: conc });
let next = 0;
let refused = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: conc }, async () => {
  while (next < n) {
    const i = next++;
    const r = await pool.request({ path: `/cgi-bin/sendsms?username=bench&password=bench&from=12345&to=%2B3933${String(i).padStart(7, "0")}&text=Ciao+Name${i}%2C+i+saldi+sono+iniziati`, method: "GET" });
    const body = await r.body.text();
    if (!body.includes("Accept")) refused++;
  }
}));
const acceptSecs = (performance.now() - t0) / 1000;
const deadline = Date.now() + 600_000;
while (lines() - base < n - refused && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
const doneSecs = (performance.now() - t0) / 1000;
const got = lines() - base;
await pool.close();
console.log(`KANNEL_RESULT ${JSON.stringify({ n, refused, received: got, acceptPerSec: Math.round(n / acceptSecs), deliveredPerSec: Math.round(got / doneSecs) })}`);
