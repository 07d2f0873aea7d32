/**
 * The STOMP 1.2 frame codec (https://stomp.github.io/stomp-specification-1.2.html), pure and incremental.
 * Written here because no maintained server-side STOMP library for Node fits: the known ones are brokers
 * of their own (with their own sessions, auth and routing) or unmaintained, while the server side of the
 * protocol we need is one small codec plus the session rules in adapters/stomp-session.ts.
 */

export interface StompFrame {
  command: string;
  /** The first occurrence of a repeated header wins, as the specification says. */
  headers: Record<string, string>;
  body: string;
}

/** What the parser took from the wire: a frame, or a heart-beat (an end-of-line between frames). */
export type StompInput = { kind: 'frame'; frame: StompFrame } | { kind: 'heartbeat' };

export interface StompLimits {
  /** The largest frame accepted, headers and body (bytes). */
  maxFrameBytes: number;
  /** The most header lines in one frame. */
  maxHeaders: number;
}

export const DEFAULT_STOMP_LIMITS: StompLimits = { maxFrameBytes: 64 * 1024, maxHeaders: 64 };

/** Thrown for input that is not STOMP; `reason` is for the ERROR frame's message. */
export class StompSyntaxError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'StompSyntaxError';
  }
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const COMMAND = /^[A-Z]+$/;
/** CONNECT and CONNECTED headers are not escaped (for 1.0 clients); every other frame's are. */
const UNESCAPED = new Set(['CONNECT', 'CONNECTED']);

/**
 * An incremental parser: `push` takes what arrived (one WebSocket message may hold part of a frame, a
 * frame, several frames or heart-beats) and returns what is complete; the rest waits for the next push.
 */
export function createStompParser(limits: StompLimits = DEFAULT_STOMP_LIMITS) {
  let pending: Buffer = Buffer.alloc(0);

  return {
    push(chunk: Buffer | string): StompInput[] {
      const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
      const out: StompInput[] = [];
      let offset = 0;
      for (;;) {
        const step = parseOne(pending, offset, limits);
        if (step === undefined) break;
        out.push(step.input);
        offset = step.next;
      }
      pending = offset === 0 ? pending : pending.subarray(offset);
      if (pending.length > limits.maxFrameBytes) {
        throw new StompSyntaxError(`frame larger than ${limits.maxFrameBytes} bytes`);
      }
      return out;
    },
  };
}

/** One heart-beat or frame from `buf` at `start`, or undefined when more bytes are needed. */
function parseOne(
  buf: Buffer,
  start: number,
  limits: StompLimits,
): { input: StompInput; next: number } | undefined {
  if (start >= buf.length) return undefined;
  if (buf[start] === LF) return { input: { kind: 'heartbeat' }, next: start + 1 };
  if (buf[start] === CR) {
    if (start + 1 >= buf.length) return undefined;
    if (buf[start + 1] !== LF) throw new StompSyntaxError('CR not followed by LF');
    return { input: { kind: 'heartbeat' }, next: start + 2 };
  }

  const lines: string[] = [];
  let cursor = start;
  for (;;) {
    const eol = buf.indexOf(LF, cursor);
    if (eol === -1) return undefined;
    const end = eol > cursor && buf[eol - 1] === CR ? eol - 1 : eol;
    const line = buf.toString('utf8', cursor, end);
    cursor = eol + 1;
    if (line === '') break;
    lines.push(line);
    if (lines.length > limits.maxHeaders + 1) throw new StompSyntaxError('too many headers');
  }

  const [command, ...headerLines] = lines;
  if (command === undefined) throw new StompSyntaxError('missing command');
  if (!COMMAND.test(command)) throw new StompSyntaxError('invalid command line');
  const escaped = !UNESCAPED.has(command);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new StompSyntaxError('invalid header line');
    const name = escaped ? unescapeHeader(line.slice(0, colon)) : line.slice(0, colon);
    const value = escaped ? unescapeHeader(line.slice(colon + 1)) : line.slice(colon + 1);
    if (!Object.hasOwn(headers, name)) headers[name] = value;
  }

  const declared = headers['content-length'];
  let bodyEnd: number;
  if (declared !== undefined) {
    if (!/^\d{1,9}$/.test(declared)) throw new StompSyntaxError('invalid content-length');
    const length = Number(declared);
    if (length > limits.maxFrameBytes) {
      throw new StompSyntaxError(`frame larger than ${limits.maxFrameBytes} bytes`);
    }
    bodyEnd = cursor + length;
    if (bodyEnd >= buf.length) return undefined;
    if (buf[bodyEnd] !== NUL) throw new StompSyntaxError('body not followed by NUL');
  } else {
    bodyEnd = buf.indexOf(NUL, cursor);
    if (bodyEnd === -1) return undefined;
  }
  if (bodyEnd + 1 - start > limits.maxFrameBytes) {
    throw new StompSyntaxError(`frame larger than ${limits.maxFrameBytes} bytes`);
  }
  const body = buf.toString('utf8', cursor, bodyEnd);
  return { input: { kind: 'frame', frame: { command, headers, body } }, next: bodyEnd + 1 };
}

function unescapeHeader(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(.?)/g, (_, code: string) => {
    switch (code) {
      case 'r':
        return '\r';
      case 'n':
        return '\n';
      case 'c':
        return ':';
      case '\\':
        return '\\';
      default:
        throw new StompSyntaxError('undefined escape sequence in a header');
    }
  });
}

function escapeHeader(text: string): string {
  return text.replace(/[\\\r\n:]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\r' ? '\\r' : c === '\n' ? '\\n' : '\\c',
  );
}

/**
 * A frame as wire text. A body gets a `content-length`, so that it may hold any character, NUL included;
 * CONNECTED's headers are not escaped (1.2 §Value Encoding).
 */
export function serializeFrame(command: string, headers: Record<string, string>, body = ''): string {
  return serializeHead(command, headers, body) + body + '\0';
}

/**
 * The part of a frame before its body, for a body shared by many frames (one event fanned out to many
 * subscriptions): `head + body + '\0'` is the frame.
 */
export function serializeHead(command: string, headers: Record<string, string>, body: string): string {
  const escape = UNESCAPED.has(command) ? (t: string) => t : escapeHeader;
  let head = `${command}\n`;
  for (const [name, value] of Object.entries(headers)) head += `${escape(name)}:${escape(value)}\n`;
  if (body.length > 0 && !Object.hasOwn(headers, 'content-length')) {
    head += `content-length:${Buffer.byteLength(body, 'utf8')}\n`;
  }
  return `${head}\n`;
}

/** The end-of-line a side sends as a heart-beat. */
export const HEARTBEAT = '\n';
