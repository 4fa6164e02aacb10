// The set-up QR code, drawn on the server as one SVG path so it shows without JavaScript (and the
// CSP needs no exception for images). Dark modules in a row are merged into one rectangle.
import { encode } from "uqr";

export type QrCode = { size: number; path: string };

export function qrCode(text: string): QrCode {
  // Four modules of quiet zone, as the QR standard asks, so phone cameras find the code.
  const { size, data } = encode(text, { ecc: "M", border: 4 });
  const parts: string[] = [];
  data.forEach((row, y) => {
    let x = 0;
    while (x < size) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && row[x]) x++;
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  });
  return { size, path: parts.join("") };
}
