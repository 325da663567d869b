// Reading a JSON document too large for one string: V8 caps a string near 512 MB, so the bytes are
// never decoded whole. The top-level object is split into its members, and a member that is an
// array into its elements; each piece is decoded and given to JSON.parse on its own (native, fast).
// A snapshot of a few hundred thousand resources is one such object with one long array.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Not valid JSON at `offset` (a byte offset in the document). */
export class LargeJsonError extends Error {
  override name = 'LargeJsonError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
  }
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Parses `bytes` (UTF-8 JSON whose top level is an object) without one string of the whole. */
export function parseLargeJson(bytes: Uint8Array): Record<string, unknown> {
  return new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).document();
}

class Reader {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}

  document(): Record<string, unknown> {
    if (this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf) {
      throw new LargeJsonError('a byte order mark before the document', 0);
    }
    this.expect(OPEN_OBJECT, 'an object');
    const out: Record<string, unknown> = {};
    if (!this.closes(CLOSE_OBJECT)) {
      do {
        this.space();
        if (this.bytes[this.at] !== QUOTE) throw new LargeJsonError('expected a member name', this.at);
        const keyEnd = this.stringEnd(this.at);
        const key = JSON.parse(this.text(this.at, keyEnd)) as string;
        this.at = keyEnd;
        this.expect(COLON, '":"');
        this.space();
        // An own property even for "__proto__", as JSON.parse makes it.
        Object.defineProperty(out, key, { value: this.member(), enumerable: true, writable: true, configurable: true });
      } while (this.separator(CLOSE_OBJECT));
    }
    this.space();
    if (this.at !== this.bytes.length) throw new LargeJsonError('unexpected text after the document', this.at);
    return out;
  }

  /** A member's value: an array element by element, anything else whole. */
  private member(): unknown {
    if (this.bytes[this.at] !== OPEN_ARRAY) return this.value();
    this.at++;
    const items: unknown[] = [];
    if (this.closes(CLOSE_ARRAY)) return items;
    do {
      this.space();
      items.push(this.value());
    } while (this.separator(CLOSE_ARRAY));
    return items;
  }

  private value(): unknown {
    const start = this.at;
    const end = this.valueEnd(start);
    this.at = end;
    try {
      return JSON.parse(this.text(start, end));
    } catch (error) {
      // The message of JSON.parse quotes the text, which may hold a secret: only its kind is kept.
      const why = (error as Error).message.replace(/,? *(?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
      throw new LargeJsonError(`not valid JSON (${why.replace(/ in JSON at position \d+.*$/s, '')})`, start);
    }
  }

  /** The end of the value starting at `start`: strings and nesting are followed, nothing is decoded. */
  private valueEnd(start: number): number {
    const first = this.bytes[start];
    if (first === undefined) throw new LargeJsonError('unexpected end of the document', start);
    if (first === QUOTE) return this.stringEnd(start);
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
      let i = start;
      for (; i < this.bytes.length; i++) {
        const b = this.bytes[i];
        if (b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY || isSpace(b)) break;
      }
      return i;
    }
    let depth = 0;
    for (let i = start; i < this.bytes.length; i++) {
      const b = this.bytes[i];
      if (b === QUOTE) i = this.stringEnd(i) - 1;
      else if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
      else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    throw new LargeJsonError('unexpected end of the document', start);
  }

  /** The offset just past the closing quote of the string opening at `start`. */
  private stringEnd(start: number): number {
    let i = start + 1;
    for (;;) {
      const quote = this.bytes.indexOf(QUOTE, i);
      if (quote === -1) throw new LargeJsonError('unterminated string', start);
      let backslashes = 0;
      while (this.bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
      i = quote + 1;
    }
  }

  private text(start: number, end: number): string {
    return this.bytes.toString('utf8', start, end);
  }

  private space(): void {
    while (isSpace(this.bytes[this.at])) this.at++;
  }

  private expect(byte: number, what: string): void {
    this.space();
    if (this.bytes[this.at] !== byte) throw new LargeJsonError(`expected ${what}`, this.at);
    this.at++;
  }

  /** After `[` or `{`: whether the container is empty (and then consumes its end). */
  private closes(close: number): boolean {
    this.space();
    if (this.bytes[this.at] !== close) return false;
    this.at++;
    return true;
  }

  /** After an item: true for a comma (another item follows), false for the container's end. */
  private separator(close: number): boolean {
    this.space();
    const b = this.bytes[this.at];
    this.at++;
    if (b === COMMA) return true;
    if (b === close) return false;
    throw new LargeJsonError(`expected "," or "${String.fromCharCode(close)}"`, this.at - 1);
  }
}
