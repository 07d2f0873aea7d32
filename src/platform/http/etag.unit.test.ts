import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { etagOf, sendWithEtag } from './etag.js';

describe('sendWithEtag', () => {
  const body = { id: 'r1', name: 'Dosa Corner' };
  const app = Fastify();
  app.get('/thing', (request, reply) => sendWithEtag(request, reply, body));

  it('sends the body with a stable tag', async () => {
    const res = await app.inject({ url: '/thing' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(etagOf({ id: 'r1', name: 'Dosa Corner' }));
    expect(res.json()).toEqual(body);
  });

  it('answers 304 with no body when If-None-Match names the tag, weak or in a list', async () => {
    for (const header of [etagOf(body), `W/${etagOf(body)}`, `"other", ${etagOf(body)}`, '*']) {
      const res = await app.inject({ url: '/thing', headers: { 'if-none-match': header } });
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
    }
  });

  it('sends the body again when the tag is stale', async () => {
    const res = await app.inject({ url: '/thing', headers: { 'if-none-match': '"stale"' } });
    expect(res.statusCode).toBe(200);
  });
});
