// The IJG quality a JPEG was written at, estimated from its luminance quantisation table (as
// ImageMagick's identify does). Re-encoding a picture above the quality it was saved at spends
// bytes and CPU on its own compression artefacts and adds no detail.

/** The IJG standard luminance table (Annex K), in the zigzag order a DQT segment stores it. */
const STD_LUMA_ZIGZAG = [
  16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60, 57, 51,
  56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87, 95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99,
];
const STD_SUM = STD_LUMA_ZIGZAG.reduce((a, b) => a + b, 0);

/** Quality 1–100, or undefined when the bytes hold no luminance table before the image data. */
export function jpegQuality(jpeg: Buffer): number | undefined {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff) {
    const marker = jpeg[i + 1]!;
    const len = jpeg.readUInt16BE(i + 2);
    if (marker === 0xda) return undefined; // start of scan: no table came first
    if (marker === 0xdb) {
      // One segment may carry several tables, each a precision/id byte and 64 values.
      for (let t = i + 4; t < i + 2 + len; ) {
        const precision16 = jpeg[t]! >> 4 === 1;
        const id = jpeg[t]! & 0x0f;
        const size = precision16 ? 128 : 64;
        if (id === 0) {
          let sum = 0;
          for (let k = 0; k < 64; k++) sum += precision16 ? jpeg.readUInt16BE(t + 1 + 2 * k) : jpeg[t + 1 + k]!;
          const scale = (sum * 100) / STD_SUM;
          const q = scale <= 100 ? (200 - scale) / 2 : 5000 / scale;
          return Math.max(1, Math.min(100, Math.round(q)));
        }
        t += 1 + size;
      }
    }
    i += 2 + len;
  }
  return undefined;
}
