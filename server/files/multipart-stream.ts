// A streaming reader of multipart/form-data bodies (RFC 7578): parts come out as they arrive, file
// contents in chunks, so an upload of 100 MB goes to disk without being held in memory (Request.formData()
// would buffer all of it). Only what POST /api/files needs: names, file names, content types and bytes.

export type MultipartEvent =
  | { type: 'part'; name: string; filename: string | null; contentType: string }
  | { type: 'data'; chunk: Uint8Array }
  | { type: 'end' };

export class MalformedMultipart extends Error {}

/** Header block of one part: at most this long (a browser sends about 150 bytes). */
const MAX_HEADER_BYTES = 16 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary of a multipart/form-data Content-Type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  const [type, ...params] = (contentType ?? '').split(';');
  if (type?.trim().toLowerCase() !== 'multipart/form-data') return null;
  for (const p of params) {
    const m = /^\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s";]{1,70}))\s*$/i.exec(p);
    if (m) return m[1] ?? m[2] ?? null;
  }
  return null;
}

function unquote(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

function parseHeaders(block: string): { name: string; filename: string | null; contentType: string } {
  let name: string | null = null;
  let filename: string | null = null;
  let contentType = 'text/plain';
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      const n = /(?:^|;)\s*name="((?:[^"\\]|\\.)*)"/i.exec(value);
      const f = /(?:^|;)\s*filename="((?:[^"\\]|\\.)*)"/i.exec(value);
      name = n?.[1] !== undefined ? unquote(n[1]) : null;
      filename = f?.[1] !== undefined ? unquote(f[1]) : null;
    } else if (key === 'content-type') contentType = value;
  }
  if (name === null) throw new MalformedMultipart('A part has no name.');
  return { name, filename, contentType };
}

/**
 * The parts of a multipart body as events: `part` (its headers), `data` chunks, `end`. Throws
 * MalformedMultipart on a body that does not follow the format or ends early. Memory stays at one
 * network chunk plus the delimiter's length, whatever the size of the parts.
 */
export async function* multipartEvents(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
): AsyncGenerator<MultipartEvent> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter has no CRLF before it: pretend there was one, so one search finds them all.
  let buf = Buffer.from('\r\n');
  let state: 'preamble' | 'after' | 'headers' | 'body' | 'done' = 'preamble';
  const source = body[Symbol.asyncIterator]();
  for (;;) {
    // Take as much as the buffer allows, then read more.
    let progressed = true;
    while (progressed && state !== 'done') {
      progressed = false;
      if (state === 'preamble') {
        const at = buf.indexOf(delimiter);
        if (at >= 0) {
          buf = buf.subarray(at + delimiter.length);
          state = 'after';
          progressed = true;
        } else if (buf.length >= delimiter.length) buf = buf.subarray(buf.length - delimiter.length + 1);
      } else if (state === 'after') {
        if (buf.length >= 2) {
          const next = buf.subarray(0, 2).toString('latin1');
          if (next === '--') state = 'done';
          else if (next === '\r\n') {
            buf = buf.subarray(2);
            state = 'headers';
            progressed = true;
          } else throw new MalformedMultipart('Bad delimiter.');
        }
      } else if (state === 'headers') {
        const at = buf.indexOf(HEADER_END);
        if (at >= 0) {
          yield { type: 'part', ...parseHeaders(buf.subarray(0, at).toString('utf8')) };
          buf = buf.subarray(at + HEADER_END.length);
          state = 'body';
          progressed = true;
        } else if (buf.length > MAX_HEADER_BYTES) throw new MalformedMultipart('Part headers too long.');
      } else if (state === 'body') {
        const at = buf.indexOf(delimiter);
        if (at >= 0) {
          if (at > 0) yield { type: 'data', chunk: buf.subarray(0, at) };
          yield { type: 'end' };
          buf = buf.subarray(at + delimiter.length);
          state = 'after';
          progressed = true;
        } else {
          // Keep a possible delimiter's beginning for the next chunk; the rest is the part's content.
          const safe = buf.length - delimiter.length + 1;
          if (safe > 0) {
            yield { type: 'data', chunk: buf.subarray(0, safe) };
            buf = buf.subarray(safe);
          }
        }
      }
    }
    if (state === 'done') {
      await source.return?.();
      return;
    }
    const { value, done } = await source.next();
    if (done) throw new MalformedMultipart('The body ended before its closing delimiter.');
    buf = buf.length > 0 ? Buffer.concat([buf, value]) : Buffer.from(value);
  }
}
