import { describe, expect, it } from 'vitest';
import { createStompParser, serializeFrame, serializeHead, StompSyntaxError } from './stomp-frame.js';

const parse = (...chunks: Array<string | Buffer>) => {
  const parser = createStompParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
};
const frames = (...chunks: Array<string | Buffer>) =>
  parse(...chunks).flatMap((input) => (input.kind === 'frame' ? [input.frame] : []));

describe('STOMP frame parser', () => {
  it('reads a frame with headers and a NUL-terminated body', () => {
    expect(frames('SEND\ndestination:/queue/a\nx:1\n\nhello\0')).toEqual([
      { command: 'SEND', headers: { destination: '/queue/a', x: '1' }, body: 'hello' },
    ]);
  });

  it('reads CRLF line ends and heart-beats between frames', () => {
    const inputs = parse('\r\n\nCONNECT\r\naccept-version:1.2\r\n\r\n\0\n');
    expect(inputs.map((i) => i.kind)).toEqual(['heartbeat', 'heartbeat', 'frame', 'heartbeat']);
    expect(inputs[2]).toMatchObject({ frame: { command: 'CONNECT', headers: { 'accept-version': '1.2' } } });
  });

  it('takes a frame split over several pushes, and several frames in one', () => {
    expect(frames('SUBSCRIBE\nid:0\nde', 'stination:/topic/x\n', '\n\0UNSUBSCRIBE\nid:0\n\n\0')).toEqual([
      { command: 'SUBSCRIBE', headers: { id: '0', destination: '/topic/x' }, body: '' },
      { command: 'UNSUBSCRIBE', headers: { id: '0' }, body: '' },
    ]);
  });

  it('reads a body of content-length bytes, NUL and multi-byte characters included', () => {
    const body = 'a\0b ₹';
    const wire = Buffer.from(`SEND\ncontent-length:${Buffer.byteLength(body)}\n\n${body}\0`);
    // Split inside the multi-byte character: bytes are joined before they are decoded.
    expect(frames(wire.subarray(0, wire.length - 3), wire.subarray(wire.length - 3))).toEqual([
      { command: 'SEND', headers: { 'content-length': String(Buffer.byteLength(body)) }, body },
    ]);
  });

  it('keeps the first of repeated headers and unescapes values (but not in CONNECT)', () => {
    expect(frames('SEND\nk:a\\cb\\\\c\\nd\nk:second\n\n\0')[0]?.headers).toEqual({ k: 'a:b\\c\nd' });
    expect(frames('CONNECT\npasscode:a\\cb\n\n\0')[0]?.headers).toEqual({ passcode: 'a\\cb' });
  });

  it.each([
    ['a lower-case command', 'send\n\n\0'],
    ['a header without a colon', 'SEND\nnocolon\n\n\0'],
    ['an undefined escape', 'SEND\nk:\\t\n\n\0'],
    ['a bad content-length', 'SEND\ncontent-length:x\n\n\0'],
    ['a body longer than its content-length', 'SEND\ncontent-length:1\n\nab\0'],
    ['a CR without LF', '\rSEND\n\n\0'],
  ])('refuses %s', (_, wire) => {
    expect(() => parse(wire)).toThrow(StompSyntaxError);
  });

  it('refuses a frame larger than the limit, even before it is complete', () => {
    const parser = createStompParser({ maxFrameBytes: 100, maxHeaders: 10 });
    expect(() => parser.push(`SEND\n\n${'x'.repeat(200)}`)).toThrow(/larger than 100/);
  });

  it('refuses more headers than the limit', () => {
    const parser = createStompParser({ maxFrameBytes: 10_000, maxHeaders: 2 });
    expect(() => parser.push('SEND\na:1\nb:2\nc:3\n\n\0')).toThrow(/too many headers/);
  });
});

describe('STOMP frame writer', () => {
  it('writes headers escaped, a content-length for a body, and NUL', () => {
    const wire = serializeFrame('MESSAGE', { destination: '/topic/a:b', note: 'x\ny' }, '{"a":"₹"}');
    expect(wire).toBe('MESSAGE\ndestination:/topic/a\\cb\nnote:x\\ny\ncontent-length:11\n\n{"a":"₹"}\0');
    expect(frames(wire)).toEqual([
      {
        command: 'MESSAGE',
        headers: { destination: '/topic/a:b', note: 'x\ny', 'content-length': '11' },
        body: '{"a":"₹"}',
      },
    ]);
  });

  it('writes CONNECTED headers unescaped and a frame without body without content-length', () => {
    expect(serializeFrame('CONNECTED', { version: '1.2', 'heart-beat': '0,0' })).toBe(
      'CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0',
    );
  });

  it('writes a head for a shared body', () => {
    const body = '{"id":"1"}';
    expect(serializeHead('MESSAGE', { subscription: 's' }, body) + body + '\0').toBe(
      serializeFrame('MESSAGE', { subscription: 's' }, body),
    );
  });
});
