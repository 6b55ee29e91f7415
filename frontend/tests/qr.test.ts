import assert from 'node:assert/strict';
import { test } from 'node:test';
import jsQR from 'jsqr';
import { qrModules, qrSymbol } from '../src/staff/qr';

const PIXELS_PER_MODULE = 4;

/** The SVG path drawn as black-on-white RGBA pixels, the way a camera would see it. */
function rasterise(size: number, path: string): { pixels: Uint8ClampedArray; width: number } {
  const width = size * PIXELS_PER_MODULE;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y, run] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let px = Number(x) * PIXELS_PER_MODULE; px < (Number(x) + Number(run)) * PIXELS_PER_MODULE; px += 1) {
      for (let py = Number(y) * PIXELS_PER_MODULE; py < (Number(y) + 1) * PIXELS_PER_MODULE; py += 1) {
        pixels.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
      }
    }
  }
  return { pixels, width };
}

test('the drawn QR code reads back as the invite code', () => {
  for (const code of ['ABCD-2345', 'ZZ9Q-K7WP']) {
    const { size, path } = qrSymbol(code);
    const { pixels, width } = rasterise(size, path);
    assert.equal(jsQR(pixels, width, width)?.data, code);
  }
});

test('the path covers exactly the dark modules, inside a four-module quiet zone', () => {
  const modules = qrModules('ABCD-2345');
  const { size, path } = qrSymbol('ABCD-2345');
  const drawn = modules.map((row) => row.map(() => false));
  for (const [, x, y, run] of path.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
    for (let i = 0; i < Number(run); i += 1) drawn[Number(y)]![Number(x) + i] = true;
  }
  assert.deepEqual(drawn, modules);
  assert.equal(size, 21 + 2 * 4); // version 1: 21 modules
  assert.ok(modules.slice(0, 4).flat().every((dark) => !dark));
  assert.ok(modules.every((row) => row.slice(0, 4).every((dark) => !dark)));
});
