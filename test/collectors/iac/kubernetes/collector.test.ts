import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectKubernetes, looksLikeKubernetes } from '../../../../src/collectors/iac/kubernetes/index.ts';
import type { IacFile } from '../../../../src/kit/format-contract.ts';
import type { K8sWorkloadProps } from '../../../../src/model/kinds.ts';
import type { Resource } from '../../../../src/model/resource.ts';
import { validateResources } from '../../../../src/model/validate.ts';

const file = (relPath: string, content: string): IacFile => ({
  relPath,
  absPath: `/scan/${relPath}`,
  content,
  format: 'kubernetes',
});

async function collect(...files: IacFile[]) {
  const result = await collectKubernetes(files, 'src-1');
  // Every resource the collector produces must satisfy the model's schemas.
  expect(validateResources(result.resources)).toEqual([]);
  return result;
}

const props = (r: Resource | undefined) => r?.props as K8sWorkloadProps;

const podSpec = (indent: string) =>
  ['containers:', '- name: app', '  image: nginx:1.25'].map((l) => `${indent}${l}`).join('\n');

const WORKLOADS: Record<string, string> = {
  Pod: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n${podSpec('  ')}\n`,
  Deployment: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec('      ')}\n`,
  StatefulSet: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec('      ')}\n`,
  DaemonSet: `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec('      ')}\n`,
  ReplicaSet: `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec('      ')}\n`,
  ReplicationController: `apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec('      ')}\n`,
  Job: `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${podSpec('      ')}\n`,
  CronJob: `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: w\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${podSpec('          ')}\n`,
};

describe('collectKubernetes: workload kinds', () => {
  for (const [kind, yaml] of Object.entries(WORKLOADS)) {
    it(`maps a ${kind}`, async () => {
      const { resources, gaps } = await collect(file('w.yaml', yaml));
      expect(gaps).toEqual([]);
      expect(resources).toHaveLength(1);
      const r = resources[0] as Resource;
      expect(r.uid).toBe(`kubernetes:w.yaml:${kind}/default/w`);
      expect(r.nativeType).toBe(kind);
      expect(r.provider).toBe('kubernetes');
      expect(r.location).toMatchObject({ file: 'w.yaml', line: 1 });
      expect(props(r).workloadKind).toBe(kind);
      expect(props(r).containers).toEqual([
        {
          name: 'app',
          image: 'nginx:1.25',
          imageTag: '1.25',
          line: yaml.split('\n').findIndex((l) => l.includes('- name: app')) + 1,
        },
      ]);
    });
  }

  it('ignores kinds that are not workloads, without a gap', async () => {
    const { resources, gaps } = await collect(
      file('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports: [{port: 80}]\n'),
    );
    expect(resources).toEqual([]);
    expect(gaps).toEqual([]);
  });
});

describe('collectKubernetes: documents and lines', () => {
  const multi = [
    '# leading comment',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: cfg}',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    '  labels: {app: web, tier: "1"}',
    'spec:',
    '  template:',
    '    spec:',
    '      hostNetwork: true',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        runAsUser: 1000',
    '      initContainers:',
    '      - name: init',
    '        image: busybox',
    '      containers:',
    '      - name: web',
    '        image: reg:5000/web:2.1',
    '        securityContext:',
    '          runAsUser: 0',
    '          privileged: true',
    '          allowPrivilegeEscalation: false',
    '          readOnlyRootFilesystem: true',
    '          capabilities:',
    '            add: [NET_ADMIN]',
    '        resources:',
    '          limits: {cpu: 1, memory: 128Mi}',
    '          requests: {cpu: 100m}',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    'spec:',
    '  containers:',
    '  - name: c',
    '    image: c@sha256:abc',
    '---',
    '',
  ].join('\n');

  it('collects every document with the line of its start and of its containers', async () => {
    const { resources, gaps } = await collect(file('k8s/app.yaml', multi));
    expect(gaps).toEqual([]);
    expect(resources.map((r) => [r.uid, r.location.line])).toEqual([
      ['kubernetes:k8s/app.yaml:Deployment/shop/web', 6],
      ['kubernetes:k8s/app.yaml:Pod/shop/web', 36],
    ]);
    const deployment = resources[0] as Resource;
    expect(deployment.tags).toEqual({ app: 'web', tier: '1' });
    expect(props(deployment)).toMatchObject({ namespace: 'shop', hostNetwork: true });
    expect(props(deployment).containers.map((c) => [c.name, c.init, c.line])).toEqual([
      ['init', true, 20],
      ['web', undefined, 23],
    ]);
    expect(deployment.propLines).toMatchObject({
      hostNetwork: 15,
      'containers.1.privileged': 27,
      'containers.1.runAsUser': 26,
    });
  });

  it('applies the pod securityContext unless the container overrides it', async () => {
    const { resources } = await collect(file('app.yaml', multi));
    const [init, web] = props(resources[0]).containers;
    expect(init).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(resources[0]?.propLines?.['containers.0.runAsUser']).toBe(18);
    expect(web).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 0,
      privileged: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilitiesAdd: ['NET_ADMIN'],
      limits: { cpu: '1', memory: '128Mi' },
      requests: { cpu: '100m' },
      image: 'reg:5000/web:2.1',
      imageTag: '2.1',
    });
    expect(props(resources[1]).containers[0]).toMatchObject({ imageDigest: 'sha256:abc' });
    expect(props(resources[1]).containers[0]?.imageTag).toBeUndefined();
  });

  it('keeps uids unique when two documents name the same object', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n';
    const { resources } = await collect(file('dup.yaml', `${pod}---\n${pod}`));
    expect(resources.map((r) => r.uid)).toEqual([
      'kubernetes:dup.yaml:Pod/default/p',
      'kubernetes:dup.yaml:Pod/default/p#1',
    ]);
  });

  it('reads kind: List items and JSON manifests', async () => {
    const list = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'a' },
            spec: { containers: [{ name: 'x', image: 'x:1' }] },
          },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
          {
            apiVersion: 'apps/v1',
            kind: 'DaemonSet',
            metadata: { name: 'd' },
            spec: { template: { spec: { hostPID: true, containers: [{ name: 'y' }] } } },
          },
        ],
      },
      null,
      2,
    );
    const { resources, gaps } = await collect(file('list.json', list));
    expect(gaps).toEqual([]);
    // An item starts at its "{", the line before its "apiVersion".
    const itemLine = (kind: string) => list.split('\n').findIndex((l) => l.includes(`"kind": "${kind}"`)) - 1;
    expect(itemLine('Pod')).toBe(5);
    expect(resources.map((r) => [r.uid, r.location.line])).toEqual([
      ['kubernetes:list.json:Pod/default/a', 5],
      ['kubernetes:list.json:DaemonSet/default/d', itemLine('DaemonSet')],
    ]);
    expect(props(resources[1]).hostPID).toBe(true);
  });
});

describe('collectKubernetes: bad input', () => {
  it('turns malformed YAML into a parse-error gap with its line and keeps the other documents', async () => {
    const content = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: broken',
      '  labels: {a: b',
      'spec: {}',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: fine',
      'spec:',
      '  containers:',
      '  - name: c',
    ].join('\n');
    const { resources, gaps } = await collect(file('bad.yaml', content));
    expect(resources.map((r) => r.name)).toEqual(['fine']);
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps[0]).toMatchObject({ reason: 'parse-error', file: 'bad.yaml' });
    expect(gaps.every((g) => g.line !== undefined && g.line >= 5 && g.line <= 7)).toBe(true);
  });

  it('reports a document that is not an object, and a workload without containers', async () => {
    const content =
      '- just\n- a list\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: empty\nspec:\n  replicas: 1\n';
    const { resources, gaps } = await collect(file('odd.yaml', content));
    expect(resources).toEqual([]);
    expect(gaps).toEqual([
      {
        reason: 'unsupported',
        message: 'document is not a Kubernetes object (mapping expected)',
        file: 'odd.yaml',
        line: 1,
      },
      {
        reason: 'unsupported',
        message: 'Deployment has no pod spec with containers at spec.template.spec',
        file: 'odd.yaml',
        line: 4,
      },
    ]);
  });

  it('refuses an alias bomb with a limit-exceeded gap and reads the next document', async () => {
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: bomb}',
      'data:',
      '  l0: &l0 [x, x, x, x, x, x, x, x, x]',
    ];
    for (let i = 1; i <= 9; i++)
      bomb.push(
        `  l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const content = `${bomb.join('\n')}\n---\n${WORKLOADS.Pod as string}`;
    const { resources, gaps } = await collect(file('bomb.yaml', content));
    expect(gaps).toEqual([
      expect.objectContaining({
        reason: 'limit-exceeded',
        file: 'bomb.yaml',
        line: 1,
        message: expect.stringContaining('limit of 100'),
      }),
    ]);
    expect(resources).toHaveLength(1);
  });

  it('leaves a number out of range unknown with a gap at its line, never null', async () => {
    const content = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: big',
      'spec:',
      '  replicas: 1e400',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: c',
      '',
    ].join('\n');
    const { resources, gaps } = await collect(file('big.yaml', content));
    expect(gaps).toContainEqual(
      expect.objectContaining({
        reason: 'limit-exceeded',
        file: 'big.yaml',
        line: 6,
        message: expect.stringContaining('1e400 is out of range'),
      }),
    );
    expect(JSON.stringify(resources[0]?.raw)).not.toContain('"replicas":null');
  });

  it('does not let one broken file stop the others', async () => {
    const { resources, gaps } = await collect(file('a.yaml', ':\n  - ]['), file('b.yaml', WORKLOADS.Pod as string));
    expect(resources.map((r) => r.location.file)).toEqual(['b.yaml']);
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((g) => g.file === 'a.yaml' && g.reason === 'parse-error')).toBe(true);
  });
});

describe('collectKubernetes: secrets', () => {
  it('masks env values whose names hold secrets, in raw', async () => {
    const content = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - name: c',
      '    env:',
      '    - name: DB_PASSWORD',
      '      value: "hunter2-prod-password"',
      '    - name: LOG_LEVEL',
      '      value: debug',
      '    - name: AWS_KEY',
      '      value: AKIAIOSFODNN7EXAMPLE',
    ].join('\n');
    const { resources } = await collect(file('p.yaml', content));
    const raw = JSON.stringify(resources[0]?.raw);
    expect(raw).not.toContain('hunter2-prod-password');
    expect(raw).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(raw).toContain('debug');
  });
});

describe('looksLikeKubernetes', () => {
  it('needs apiVersion and kind', () => {
    expect(looksLikeKubernetes({ apiVersion: 'v1', kind: 'Pod' })).toBe(true);
    expect(looksLikeKubernetes({ AWSTemplateFormatVersion: '2010-09-09', Resources: {} })).toBe(false);
    expect(looksLikeKubernetes(['apiVersion'])).toBe(false);
    expect(looksLikeKubernetes(null)).toBe(false);
  });
});

describe('KICS "Container Is Privileged" samples', () => {
  const dir = new URL(
    '../../../fixtures/third-party/kics/k8s_privileged_container/k8s-kubernetes-container_is_privileged/test/',
    import.meta.url,
  );
  const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
  const expected: { fileName: string; line: number }[] = JSON.parse(read('positive_expected_result.json'));

  /** KICS reports the line of `privileged: true`, which is our propLines entry for the container. */
  async function privilegedLines(name: string): Promise<number[]> {
    const { resources, gaps } = await collect(file(name, read(name)));
    expect(gaps).toEqual([]);
    return resources.flatMap((r) =>
      props(r)
        .containers.map((c, i) => (c.privileged ? r.propLines?.[`containers.${i}.privileged`] : undefined))
        .filter((l): l is number => l !== undefined),
    );
  }

  for (const name of ['positive1.yaml', 'positive2.yaml']) {
    it(`${name}: privileged containers at KICS's lines`, async () => {
      const want = expected.filter((e) => e.fileName === name).map((e) => e.line);
      expect(want.length).toBeGreaterThan(0);
      expect((await privilegedLines(name)).sort()).toEqual(want.sort());
    });
  }

  it('negative.yaml: no privileged container', async () => {
    expect(await privilegedLines('negative.yaml')).toEqual([]);
  });
});
