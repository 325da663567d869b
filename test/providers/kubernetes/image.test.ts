import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../../src/providers/kubernetes/image.ts';

describe('parseImageRef', () => {
  it.each([
    ['nginx', {}],
    ['nginx:1.25', { tag: '1.25' }],
    ['nginx:latest', { tag: 'latest' }],
    ['library/nginx:1.25-alpine', { tag: '1.25-alpine' }],
    ['reg:5000/app', {}],
    ['reg:5000/team/app:2.0', { tag: '2.0' }],
    ['localhost:5000/app@sha256:0123abcd', { digest: 'sha256:0123abcd' }],
    ['app@sha256:0123abcd', { digest: 'sha256:0123abcd' }],
    ['gcr.io/p/app:v1@sha256:0123abcd', { tag: 'v1', digest: 'sha256:0123abcd' }],
    ['app:', {}],
  ])('%s', (image, expected) => {
    expect(parseImageRef(image)).toEqual(expected);
  });
});
