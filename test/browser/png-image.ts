// A small real PNG for the upload test, drawn here (no binary fixture in the repository): a plate of food
// on a warm background, so the screenshots show something that reads as a dish photo.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

type Rgb = [number, number, number];

function colourAt(x: number, y: number, size: number): Rgb {
  const c = size / 2;
  const r = Math.hypot(x - c, y - c) / c;
  if (r < 0.55) {
    // Curry: orange with a few green leaves.
    const leaf = (Math.floor(x / 9) * 7 + Math.floor(y / 11) * 5) % 17 === 0;
    return leaf ? [46, 125, 50] : [214, 110 + Math.round(30 * r), 30];
  }
  if (r < 0.8) return [250, 248, 242];
  if (r < 0.84) return [200, 196, 188];
  return [120 + Math.round(40 * (y / size)), 72, 40];
}

/** A `size`×`size` RGB PNG of a plate. */
export function platePng(size = 160): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then the pixels
    for (let x = 0; x < size; x++) row.set(colourAt(x, y, size), 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
