// Hostile file sets (issue 15): what the IaC discovery meets on disk must never hang the scan, and
// whatever it does not read is a gap while the valid file beside it is still read.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInChild, tempRoot, uidsOf } from './run-collect.ts';

const BUCKET = 'resource "aws_s3_bucket" "ok" {\n  bucket = "ok"\n}\n';
const OK_UID = 'terraform:ok.tf:aws_s3_bucket.ok';
const TIMEOUT = 60_000;

function withValidFile(): string {
  const root = tempRoot();
  writeFileSync(path.join(root, 'ok.tf'), BUCKET);
  return root;
}

describe('IaC discovery on hostile file sets', () => {
  it(
    'never opens a FIFO, given as a path or met in a walk: a gap, and the file beside it is read',
    () => {
      const root = withValidFile();
      execFileSync('mkfifo', [path.join(root, 'pipe.tf')]);
      for (const paths of [['pipe.tf', 'ok.tf'], ['.']]) {
        const collected = collectInChild(root, paths);
        expect(collected.gaps).toContainEqual(
          expect.objectContaining({
            reason: 'unreadable',
            file: 'pipe.tf',
            message: expect.stringContaining('a FIFO'),
          }),
        );
        expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
      }
    },
    TIMEOUT,
  );

  it(
    'walks the siblings of an unreadable folder and records the folder as a gap',
    () => {
      // As root, chmod 000 denies nothing, so the child runs as the unprivileged user 65534 then.
      const asRoot = process.getuid?.() === 0;
      const root = withValidFile();
      mkdirSync(path.join(root, 'a-locked'));
      writeFileSync(path.join(root, 'a-locked', 'x.tf'), BUCKET);
      mkdirSync(path.join(root, 'b-open'));
      writeFileSync(path.join(root, 'b-open', 'y.tf'), BUCKET);
      if (asRoot) execFileSync('chmod', ['-R', 'a+rX', root]);
      chmodSync(path.join(root, 'a-locked'), 0o000);
      const collected = collectInChild(root, ['.'], asRoot ? 65534 : undefined);
      expect(collected.gaps).toContainEqual(expect.objectContaining({ reason: 'permission-denied', file: 'a-locked' }));
      expect(uidsOf(collected, 'b-open/y.tf')).toEqual(['terraform:b-open/y.tf:aws_s3_bucket.ok']);
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );

  it(
    'follows links inside the root once: a link loop and a link leaving the root are gaps, linked files are read',
    () => {
      const root = withValidFile();
      const outside = tempRoot();
      writeFileSync(path.join(outside, 'secret.tf'), BUCKET);
      mkdirSync(path.join(root, 'real'));
      writeFileSync(path.join(root, 'real', 'z.tf'), BUCKET);
      mkdirSync(path.join(root, 'modules'));
      writeFileSync(path.join(root, 'modules', 'm.tf'), BUCKET);
      symlinkSync('..', path.join(root, 'real', 'loop'));
      symlinkSync(outside, path.join(root, 'escape'));
      symlinkSync(path.join(root, 'modules'), path.join(root, 'linked-modules'));
      symlinkSync(path.join(root, 'modules', 'm.tf'), path.join(root, 'alias.tf'));
      const collected = collectInChild(root);
      expect(collected.gaps).toContainEqual(
        expect.objectContaining({
          reason: 'unsupported',
          file: 'real/loop',
          message: expect.stringContaining('already walked'),
        }),
      );
      expect(collected.gaps).toContainEqual(
        expect.objectContaining({
          reason: 'unreadable',
          file: 'escape',
          message: expect.stringContaining('outside the scan root'),
        }),
      );
      expect(collected.gaps).toContainEqual(expect.objectContaining({ file: 'linked-modules' }));
      expect(collected.gaps).toContainEqual(expect.objectContaining({ file: 'alias.tf' }));
      expect(collected.resources.some((r) => r.location.file?.includes('secret'))).toBe(false);
      expect(uidsOf(collected, 'real/z.tf')).toHaveLength(1);
      expect(uidsOf(collected, 'modules/m.tf')).toHaveLength(1);
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );

  it(
    'reads a file linked from inside the root that is not read otherwise',
    () => {
      const root = withValidFile();
      mkdirSync(path.join(root, 'shared'));
      writeFileSync(path.join(root, 'shared', 'bucket.tf'), BUCKET);
      mkdirSync(path.join(root, 'app'));
      symlinkSync(path.join(root, 'shared', 'bucket.tf'), path.join(root, 'app', 'bucket.tf'));
      const collected = collectInChild(root, ['app', 'ok.tf']);
      expect(uidsOf(collected, 'app/bucket.tf')).toEqual(['terraform:app/bucket.tf:aws_s3_bucket.ok']);
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );

  it(
    'refuses a file above the size cap with a gap naming size and cap; the file beside it is read',
    () => {
      const root = withValidFile();
      writeFileSync(path.join(root, 'huge.tf'), `x = "${'a'.repeat(10 * 1024 * 1024)}`);
      const collected = collectInChild(root);
      expect(collected.gaps).toContainEqual(
        expect.objectContaining({
          reason: 'limit-exceeded',
          file: 'huge.tf',
          line: 1,
          message: expect.stringMatching(/10485765 bytes, above the limit of 8388608 bytes/),
        }),
      );
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );

  it(
    'hashes the bytes read and records invalid UTF-8 as a gap at its first line',
    () => {
      const root = withValidFile();
      const bytes = Buffer.concat([
        Buffer.from('resource "aws_s3_bucket" "latin" {\n  # caf'),
        Buffer.from([0xe9]),
        Buffer.from('\n}\n'),
      ]);
      writeFileSync(path.join(root, 'latin.tf'), bytes);
      const collected = collectInChild(root);
      expect(collected.files).toContainEqual({
        path: 'latin.tf',
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      expect(collected.gaps).toContainEqual(
        expect.objectContaining({ file: 'latin.tf', line: 2, message: expect.stringContaining('invalid UTF-8') }),
      );
      expect(uidsOf(collected, 'latin.tf')).toEqual(['terraform:latin.tf:aws_s3_bucket.latin']);
      expect(uidsOf(collected, 'ok.tf')).toEqual([OK_UID]);
    },
    TIMEOUT,
  );
});
