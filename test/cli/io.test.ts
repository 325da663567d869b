import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Io, linePieces, printText, redactedIo, writeTextFile } from '../../src/cli/io.ts';
import { Redactor } from '../../src/kit/redaction.ts';

/** About `lines` lines of JSON-like text with multi-byte and astral characters, URLs and a secret. */
function longText(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    out.push(
      `  "line ${i}": "é ${'x'.repeat(i % 97)} 😀 https://user:pw${i}@host/ Tk9Lp3Qw7Zx ${i % 13 === 0 ? '' : 'ü'}",\n`,
    );
  }
  return `${out.join('')}}`;
}

function captured(): { io: Io; calls: string[] } {
  const calls: string[] = [];
  return { io: { stdout: (s) => calls.push(s), stderr: () => undefined, isTty: false }, calls };
}

describe('linePieces', () => {
  it('cuts a text into pieces that end at line ends, at least as long as asked, and join to the text', () => {
    const text = longText(5000);
    for (const length of [1, 64, 1000, 1 << 20]) {
      const pieces = [...linePieces(text, length)];
      expect(pieces.join('')).toBe(text);
      for (const piece of pieces.slice(0, -1)) {
        expect(piece.endsWith('\n')).toBe(true);
        expect(piece.length).toBeGreaterThanOrEqual(length);
      }
    }
    expect([...linePieces(text, 64)].length).toBeGreaterThan(100);
  });

  it('keeps a text without line ends, and an empty one, whole', () => {
    expect([...linePieces('a'.repeat(300), 10)]).toEqual(['a'.repeat(300)]);
    expect([...linePieces('', 10)]).toEqual(['']);
    expect([...linePieces('ab\n', 1)]).toEqual(['ab\n']);
  });
});

describe('writeTextFile', () => {
  it('writes the bytes writeFileSync writes, over several pieces', () => {
    const text = longText(40000); // several MB: more than one piece
    expect([...linePieces(text)].length).toBeGreaterThan(2);
    const dir = tmpdir();
    const a = path.join(dir, `assay-io-${process.pid}-a.txt`);
    const b = path.join(dir, `assay-io-${process.pid}-b.txt`);
    writeTextFile(a, text);
    writeFileSync(b, text);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    writeTextFile(a, 'short'); // an existing file is truncated
    expect(readFileSync(a, 'utf8')).toBe('short');
  });
});

describe('printText', () => {
  it('prints in pieces, each redacted, the same text as the whole redacted', () => {
    const redactor = new Redactor();
    redactor.add('Tk9Lp3Qw7Zx');
    const text = longText(40000);
    const { io, calls } = captured();
    printText(redactedIo(io, redactor), text, redactor);
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.join('')).toBe(redactor.redact(text));
    expect(calls.join('')).not.toContain('Tk9Lp3Qw7Zx');
  });

  it('prints whole when a secret spans a line end, so that it is still redacted', () => {
    const redactor = new Redactor();
    redactor.add('top\nsecret');
    expect(redactor.redactsWithinLines()).toBe(false);
    const text = `${'a\n'.repeat(1 << 20)}top\nsecret\n`;
    const { io, calls } = captured();
    printText(redactedIo(io, redactor), text, redactor);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.endsWith('***\n')).toBe(true);
  });
});
