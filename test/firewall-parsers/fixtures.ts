// Reading a test fixture and finding a line in it, for the firewall reader tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../fixtures');

/** A file under test/fixtures. */
export const readFixture = (p: string) => readFileSync(path.join(root, p), 'utf8');

/** 1-based number of the first line of the fixture (not a `#` comment) that contains `text`. */
export const lineOf = (file: string, text: string) =>
  readFixture(file)
    .split('\n')
    .findIndex((l) => !l.startsWith('#') && l.includes(text)) + 1;
