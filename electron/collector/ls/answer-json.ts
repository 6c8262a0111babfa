// A TR answer's body parsed without holding live trades back. A time-and-sales page can hold thousands
// of rows (hundreds of kilobytes), and decoding and parsing it in one call stops the event loop for
// several milliseconds per page (docs/backfill.md, "Live latency during a fill"). LS answers are one
// object whose large parts are arrays of row objects (`t8454OutBlock1`), so the object's members are
// found here and each array element is parsed on its own, with a turn for the event loop between slices.
// The result is JSON.parse's value; when the walk meets anything it does not expect, the whole text goes
// to JSON.parse, so a malformed body fails exactly as JSON.parse fails.
import { Slicer } from '../../turns.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** The walk cannot go on: the whole text is parsed instead. */
class Unexpected extends Error {}

const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(b: Buffer, i: number): number {
  while (isSpace(b[i])) i++;
  return i;
}

/** The end of the string whose opening quote is at `i` (just past its closing quote). */
function stringEnd(b: Buffer, i: number): number {
  for (let k = i + 1; k < b.length; k++) {
    if (b[k] === BACKSLASH) k++;
    else if (b[k] === QUOTE) return k + 1;
  }
  throw new Unexpected();
}

/** The end of the value starting at `i`: its bytes are b[i, end) (JSON.parse checks them). */
function valueEnd(b: Buffer, i: number): number {
  const c = b[i];
  if (c === QUOTE) return stringEnd(b, i);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    let depth = 0;
    for (let k = i; k < b.length; k++) {
      const d = b[k];
      if (d === QUOTE) k = stringEnd(b, k) - 1;
      else if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
      else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) return k + 1;
    }
    throw new Unexpected();
  }
  let k = i;
  while (k < b.length && b[k] !== COMMA && b[k] !== CLOSE_OBJECT && b[k] !== CLOSE_ARRAY && !isSpace(b[k])) k++;
  if (k === i) throw new Unexpected();
  return k;
}

const parseRange = (b: Buffer, from: number, to: number): unknown => JSON.parse(b.toString('utf8', from, to));

/** The array starting at `i` ('['), element by element; returns it and the index past its ']'. */
async function walkArray(b: Buffer, i: number, slice: Slicer): Promise<[unknown[], number]> {
  const out: unknown[] = [];
  i = skipSpace(b, i + 1);
  if (b[i] === CLOSE_ARRAY) return [out, i + 1];
  for (;;) {
    const end = valueEnd(b, i);
    out.push(parseRange(b, i, end));
    if (slice.due()) await slice.pause();
    i = skipSpace(b, end);
    if (b[i] === CLOSE_ARRAY) return [out, i + 1];
    if (b[i] !== COMMA) throw new Unexpected();
    i = skipSpace(b, i + 1);
  }
}

/** The top-level object, member by member (arrays element by element). */
async function walkObject(b: Buffer, i: number, slice: Slicer): Promise<unknown> {
  const out: Record<string, unknown> = {};
  i = skipSpace(b, i + 1);
  if (b[i] === CLOSE_OBJECT) i = skipSpace(b, i + 1);
  else {
    for (;;) {
      if (b[i] !== QUOTE) throw new Unexpected();
      const keyEnd = stringEnd(b, i);
      const key = parseRange(b, i, keyEnd) as string;
      i = skipSpace(b, keyEnd);
      if (b[i] !== COLON) throw new Unexpected();
      i = skipSpace(b, i + 1);
      let value: unknown;
      if (b[i] === OPEN_ARRAY) [value, i] = await walkArray(b, i, slice);
      else {
        const end = valueEnd(b, i);
        value = parseRange(b, i, end);
        i = end;
      }
      // As JSON.parse does: an own property even for "__proto__", the last of repeated keys winning.
      Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
      i = skipSpace(b, i);
      if (b[i] === CLOSE_OBJECT) {
        i = skipSpace(b, i + 1);
        break;
      }
      if (b[i] !== COMMA) throw new Unexpected();
      i = skipSpace(b, i + 1);
    }
  }
  if (i !== b.length) throw new Unexpected();
  return out;
}

/** A body that is one object, walked member by member; throws on anything else (parseAnswer falls back). */
export async function parseObjectInSlices(b: Buffer): Promise<unknown> {
  const start = skipSpace(b, 0);
  if (b[start] !== OPEN_OBJECT) throw new Unexpected();
  return walkObject(b, start, new Slicer());
}

/** The body's JSON value (a UTF-8 byte order mark is ignored, as fetch's json() does); throws as JSON.parse. */
export async function parseAnswer(body: Buffer): Promise<unknown> {
  const b = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? body.subarray(3) : body;
  try {
    return await parseObjectInSlices(b);
  } catch {
    // Not the shape walked here, or not JSON: JSON.parse decides.
    return JSON.parse(b.toString('utf8'));
  }
}
