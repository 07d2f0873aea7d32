import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fileEtag, ifNoneMatchHits } from './file-etag.js';
import { blobKeyFor, cleanOriginalName } from './file-names.js';
import { mayUploadAvatar, mayUploadForRestaurant, mayUploadPurpose } from './upload-access.js';

const A = '0190a000-0000-7000-8000-00000000000a';
const B = '0190a000-0000-7000-8000-00000000000b';
const actor = (roles: string[], restaurantIds: string[] = []) => ({ userId: 'u1', roles, restaurantIds });

describe('the stored name', () => {
  it('comes from the id, the purpose and the detected type only', () => {
    expect(blobKeyFor('MENU_ITEM_IMAGE', A, 'image/webp')).toBe(`menu-item-image/${A}.webp`);
    expect(blobKeyFor('RESTAURANT_IMAGE', A, 'image/jpeg')).toBe(`restaurant-image/${A}.jpg`);
    expect(blobKeyFor('AVATAR', A, 'image/png')).toBe(`avatar/${A}.png`);
  });
});

describe("the client's file name, kept as metadata", () => {
  it.each([
    ['../../etc/passwd.png', 'passwd.png'],
    ['..\\..\\windows\\win.ini.png', 'win.ini.png'],
    ['C:\\Users\\asha\\thali.jpg', 'thali.jpg'],
    ['  dosa.webp  ', 'dosa.webp'],
    ['line\nbreak\u0000.png', 'linebreak.png'],
    ['photo\u202egpj.exe', 'photogpj.exe'],
    ['..', null],
    ['dir/', null],
    ['', null],
    [undefined, null],
  ])('%j is kept as %j', (name, kept) => {
    expect(cleanOriginalName(name)).toBe(kept);
  });

  it('is cut to 200 characters, never inside a character', () => {
    const kept = cleanOriginalName(`${'अ'.repeat(150)}${'😀'.repeat(100)}.png`);
    expect([...(kept ?? '')]).toHaveLength(200);
    expect(kept?.endsWith('😀')).toBe(true);
  });
});

describe('who may upload', () => {
  it('lets anyone signed in upload their own avatar, and nobody else’s', () => {
    expect(mayUploadPurpose(actor(['CUSTOMER']), 'AVATAR')).toBe(true);
    expect(mayUploadAvatar(actor(['CUSTOMER']), 'u1')).toBe(true);
    expect(mayUploadAvatar(actor(['SYSTEM_ADMIN']), 'u2')).toBe(false);
  });

  it('keeps customers and couriers away from restaurant and menu images', () => {
    for (const roles of [['CUSTOMER'], ['DELIVERY_PARTNER']]) {
      expect(mayUploadPurpose(actor(roles), 'RESTAURANT_IMAGE')).toBe(false);
      expect(mayUploadPurpose(actor(roles), 'MENU_ITEM_IMAGE')).toBe(false);
    }
  });

  it('lets staff and restaurant admins upload for their own restaurants only', () => {
    for (const role of ['RESTAURANT_STAFF', 'RESTAURANT_ADMIN']) {
      expect(mayUploadPurpose(actor([role], [A]), 'MENU_ITEM_IMAGE')).toBe(true);
      expect(mayUploadForRestaurant(actor([role], [A]), A)).toBe(true);
      expect(mayUploadForRestaurant(actor([role], [A]), B)).toBe(false);
    }
  });

  it('does not let a restaurant id in the token stand in for a restaurant role', () => {
    expect(mayUploadForRestaurant(actor(['CUSTOMER'], [A]), A)).toBe(false);
  });

  it('lets a system admin upload for any restaurant', () => {
    expect(mayUploadForRestaurant(actor(['SYSTEM_ADMIN']), B)).toBe(true);
  });
});

describe('the ETag', () => {
  const sha = createHash('sha256').update('png bytes').digest('hex');
  const tag = fileEtag(sha);

  it('is strong, quoted, and follows the bytes', () => {
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(fileEtag(createHash('sha256').update('other bytes').digest('hex'))).not.toBe(tag);
  });

  it('is matched by If-None-Match as a tag, in a list, weak, or as *', () => {
    expect(ifNoneMatchHits(tag, tag)).toBe(true);
    expect(ifNoneMatchHits(`"x", ${tag}`, tag)).toBe(true);
    expect(ifNoneMatchHits(`W/${tag}`, tag)).toBe(true);
    expect(ifNoneMatchHits('*', tag)).toBe(true);
    expect(ifNoneMatchHits('"other"', tag)).toBe(false);
    expect(ifNoneMatchHits(undefined, tag)).toBe(false);
  });
});
