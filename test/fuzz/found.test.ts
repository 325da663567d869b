// The bugs the fuzz suite found, each as its shrunk counterexample, run directly (not through the
// worker) so each stays fixed whatever cases a later fuzz run draws.
import { describe, expect, it } from 'vitest';
import { collectKubernetes } from '../../src/collectors/iac/kubernetes/index.ts';
import { targets } from './targets.ts';

describe('fuzz findings', () => {
  it('ARM: a parameter whose default refers to itself is unknown, not a stack overflow', () => {
    const template = {
      parameters: { p: { type: 'string', defaultValue: "[parameters('p')]" } },
      resources: [{ type: 'Microsoft.Storage/storageAccounts', name: "[parameters(parameters('p')).name]" }],
    };
    expect(targets.armExpressions(template)).toEqual([]);
  });

  it('CloudFormation: Fn::Select with an AWS::NoValue index is unknown, not a TypeError', async () => {
    const template = {
      Resources: {
        Bucket: {
          Type: 'AWS::S3::Bucket',
          Properties: { BucketName: { 'Fn::Select': [{ Ref: 'AWS::NoValue' }, ['a']] } },
        },
      },
    };
    expect(targets.cfnIntrinsics(template)).toEqual([]);
    expect(await targets.cloudformation(JSON.stringify(template))).toEqual([]);
  });

  it('Kubernetes: an alias to no anchor is a parse-error gap at its document, not a collector crash', async () => {
    const text = 'apiVersion: v1\nkind: Pod\n<<: *a';
    expect(await targets.kubernetes(text)).toEqual([]);
    const file = { relPath: 'pod.yaml', absPath: '/pod.yaml', content: text, format: 'kubernetes' as const };
    const { gaps } = await collectKubernetes([file], 'fuzz');
    expect(gaps).toEqual([
      { reason: 'parse-error', message: expect.stringMatching(/^YAML: .*alias/i), file: 'pod.yaml', line: 1 },
    ]);
  });
});
