import { describe, expect, it } from 'vitest';
import { mapWorkload } from '../../../src/providers/kubernetes/workload.ts';

describe('mapWorkload', () => {
  it('reads a Deployment’s pod spec: container settings over the pod’s, and where each was written', () => {
    const manifest = {
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        template: {
          spec: {
            hostNetwork: true,
            securityContext: { runAsNonRoot: true, runAsUser: 1000 },
            containers: [
              {
                name: 'app',
                image: 'registry.example.com:5000/shop/web:1.4@sha256:abc',
                securityContext: { runAsUser: 0, privileged: false, capabilities: { add: ['NET_ADMIN'] } },
                resources: { limits: { cpu: '500m', memory: 256 } },
              },
            ],
          },
        },
      },
    };
    const mapped = mapWorkload('Deployment', manifest, []);
    expect(mapped?.props).toEqual({
      workloadKind: 'Deployment',
      namespace: 'shop',
      hostNetwork: true,
      containers: [
        {
          name: 'app',
          image: 'registry.example.com:5000/shop/web:1.4@sha256:abc',
          imageTag: '1.4',
          imageDigest: 'sha256:abc',
          privileged: false,
          runAsNonRoot: true,
          runAsUser: 0,
          capabilitiesAdd: ['NET_ADMIN'],
          limits: { cpu: '500m', memory: '256' },
        },
      ],
    });
    expect(mapped?.propPaths['containers.0.runAsNonRoot']).toEqual([
      'spec',
      'template',
      'spec',
      'securityContext',
      'runAsNonRoot',
    ]);
    expect(mapped?.propPaths['containers.0.runAsUser']).toEqual([
      'spec',
      'template',
      'spec',
      'containers',
      0,
      'securityContext',
      'runAsUser',
    ]);
  });

  it('is undefined for a kind without a pod spec or a pod spec without containers', () => {
    expect(mapWorkload('Service', { kind: 'Service', spec: {} }, [])).toBeUndefined();
    expect(mapWorkload('Pod', { kind: 'Pod', spec: { containers: [] } }, [])).toBeUndefined();
  });
});
