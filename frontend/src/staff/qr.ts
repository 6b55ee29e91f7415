// A QR code drawn in the browser (the `qr` package encodes; nothing leaves the page), as one
// SVG path: a rectangle for each run of dark modules in a row.
import { encodeQR } from 'qr';

export interface QrSymbol {
  /** Modules across (and down), the quiet zone included. */
  size: number;
  /** SVG path data in module units. */
  path: string;
}

/** The four-module quiet zone scanners expect around a symbol. */
const QUIET_ZONE = 4;

/** The dark modules of `text`'s QR symbol, with its quiet zone. */
export function qrModules(text: string): boolean[][] {
  return encodeQR(text, 'raw', { ecc: 'medium', border: QUIET_ZONE });
}

/** One `M x y h n v 1 h -n z` rectangle for each run of dark modules in each row. */
export function qrSymbol(text: string): QrSymbol {
  const modules = qrModules(text);
  const runs: string[] = [];
  modules.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (row[x]) x += 1;
      runs.push(`M${start} ${y}h${x - start}v1h-${x - start}z`);
    }
  });
  return { size: modules.length, path: runs.join('') };
}
