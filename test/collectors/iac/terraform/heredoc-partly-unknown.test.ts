// A heredoc with an interpolation known only after apply keeps its known text: a TLS-only bucket
// policy naming its bucket by ARN is read (the ARN is not what decides), a policy whose deciding
// condition is a variable stays not evaluated, and a secret in a user data script with an unknown
// host is still found. The real HCL reader, mapper and wasm policies.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIac } from '../../../../src/collectors/iac/index.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../../../src/model/snapshot.ts';
import { evaluateSnapshots } from '../../../../src/pipeline/evaluate.ts';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../fixtures/terraform/heredoc-partly-unknown',
);

describe('heredocs with unknown interpolations', async () => {
  const { source, resources } = await collectIac([root], { root });
  const snapshot = makeSnapshot('0.0.0-test', [source], resources);
  const results = await evaluateSnapshots([{ snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: 'h' }], {
    frameworks: ['soc2'],
  });
  const bucket = (name: string) => resources.find((r) => r.kind === 'storage.bucket' && r.name === name);
  const tls = results.findings.filter((f) => f.ruleId === 'transport.tls_required');

  it('reads a TLS-only policy whose Resource interpolates the bucket ARN: TLS is required, no finding', () => {
    expect(bucket('tls_only')?.props).toMatchObject({ tls: { required: true } });
    expect(bucket('tls_only')?.unknown ?? []).not.toContain('tls.required');
    expect(tls.filter((f) => f.resource.name === 'tls_only')).toEqual([]);
  });

  it('leaves TLS unknown where the deciding condition is the unknown part: not evaluated, no finding', () => {
    expect(bucket('undecided')?.unknown).toContain('tls.required');
    expect(tls.filter((f) => f.resource.name === 'undecided')).toEqual([]);
  });

  it('finds the password in a user data script whose other line interpolates a variable', () => {
    const file = resources.find((r) => r.kind === 'iac.file');
    expect((file?.props as { secrets?: unknown[] } | undefined)?.secrets).toEqual([
      { detector: 'password-attribute', line: 57, masked: 'Rq7m****', attribute: 'DB_PASSWORD' },
    ]);
  });
});
