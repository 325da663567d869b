import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { KindProps } from '../../src/model/kinds.ts';
import { KINDS } from '../../src/model/kinds.ts';
import type { Resource } from '../../src/model/resource.ts';
import { validateResources, validateSnapshot } from '../../src/model/validate.ts';

const SCHEMAS = new URL('../../src/model/schemas/', import.meta.url);

/** One realistic props value per kind, filling every nested structure at least once. */
const SAMPLES: { [K in keyof KindProps]: KindProps[K] } = {
  'storage.bucket': {
    encryption: { enabled: true, algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/x' },
    publicAccess: { aclPublic: false, blockPublicAcls: true, anonymousAccessAllowed: false },
    versioning: { enabled: true, mfaDelete: false },
    accessLogging: { enabled: true, target: 'logs' },
    tls: { required: true, minVersion: '1.2' },
  },
  'storage.container': { anonymousAccess: 'none', parent: 'azure:sa1' },
  'compute.disk': { encryption: { enabled: false }, sizeGb: 100, attachedTo: 'i-1' },
  'compute.disk_encryption_default': { enabled: true, kmsKeyId: 'alias/aws/ebs' },
  'database.instance': {
    engine: 'postgres',
    publiclyAccessible: false,
    backupRetentionDays: 7,
    firewallRules: [{ name: 'all', startIp: '0.0.0.0', endIp: '255.255.255.255', line: 12 }],
  },
  'network.firewall': {
    rules: [
      {
        direction: 'ingress',
        action: 'allow',
        protocol: 'tcp',
        ports: [{ from: 22, to: 22 }],
        sources: ['0.0.0.0/0'],
        priority: 100,
        line: 4,
      },
    ],
    defaultIngressAction: 'deny',
    attachedTo: ['i-1'],
  },
  'network.vpc': { cidrBlocks: ['10.0.0.0/16'], flowLogsEnabled: true, flowLogs: ['fl-1'] },
  'network.flow_log': { enabled: true, retentionDays: 90, trafficType: 'ALL', target: 'log-group' },
  'loadbalancer.listener': { protocol: 'HTTP', port: 80, redirectsToHttps: true, tls: { minVersion: '1.2' } },
  'iam.policy': {
    statements: [
      { effect: 'Allow', actions: ['*'], resources: ['*'], hasCondition: false, conditionKeys: [], line: 3 },
    ],
    managedBy: 'customer',
  },
  'identity.user': {
    enabled: true,
    mfaEnabled: false,
    accessKeys: [{ id: 'AKIA****', active: true }],
    groups: ['admins'],
  },
  'identity.group': { members: ['u1'], effectiveMembers: ['u1'], privileged: true, memberCount: 1 },
  'identity.password_policy': { scope: 'account', minLength: 14, historySize: 24, maxAgeDays: 90, complexity: true },
  'logging.trail': { enabled: true, multiRegion: true, logFileValidation: true, retentionDays: 0 },
  'logging.log_group': { retentionDays: 365, encryption: { enabled: true, kmsKeyId: 'k' } },
  'crypto.key': { enabled: true, rotationEnabled: true, rotationPeriodDays: 365, keySpec: 'SYMMETRIC_DEFAULT' },
  'host.ssh': { permitRootLogin: 'no', passwordAuthentication: false, maxAuthTries: 4, ciphers: ['aes256-ctr'] },
  'host.os': { family: 'linux', name: 'Ubuntu', version: '22.04', packagesPendingSecurityUpdates: 0 },
  'host.service': { enabled: true, running: true, listening: [{ protocol: 'tcp', address: '0.0.0.0', port: 22 }] },
  'k8s.workload': {
    workloadKind: 'Deployment',
    namespace: 'default',
    hostNetwork: false,
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        imageTag: '1.25',
        privileged: false,
        runAsUser: 1000,
        capabilitiesAdd: ['NET_ADMIN'],
        limits: { cpu: '500m' },
        line: 20,
      },
    ],
  },
  'iac.file': {
    format: 'kubernetes',
    sha256: 'a'.repeat(64),
    resourceCount: 1,
    secrets: [{ detector: 'aws-access-key-id', attribute: 'key', line: 3, masked: 'AKIA****' }],
  },
  'k8s.cluster': { publicEndpoint: true, privateEndpoint: false, publicAccessCidrs: ['203.0.113.0/24'] },
  'storage.snapshot': {
    snapshotOf: 'database',
    public: false,
    sharedWith: ['123456789012'],
    encryption: { enabled: true, kmsKeyId: 'k' },
  },
  'network.device': {
    snmpCommunities: [
      { wellKnown: 'public', access: 'ro', restricted: false, line: 4 },
      { wellKnown: null, restricted: true, line: 5 },
    ],
    enablePassword: { storage: 'type7', line: 7 },
  },
};

function resource<K extends keyof KindProps>(kind: K, props: KindProps[K]): Resource {
  return {
    uid: `test:${kind}`,
    kind,
    provider: 'iac',
    nativeType: 'test',
    name: kind,
    location: { file: 'a.tf', line: 1 },
    props,
    sourceId: 's1',
  } as Resource;
}

describe('model schemas', () => {
  it('has exactly one props schema per kind, plus the envelope and the snapshot', () => {
    const files = readdirSync(SCHEMAS)
      .filter((f) => f.endsWith('.schema.json'))
      .sort();
    const expected = [...KINDS.map((k) => `${k}.schema.json`), 'resource.schema.json', 'snapshot.schema.json'].sort();
    expect(files).toEqual(expected);
  });

  it('lists every kind in the envelope enum', () => {
    const envelope = JSON.parse(readFileSync(new URL('resource.schema.json', SCHEMAS), 'utf8'));
    expect(envelope.properties.kind.enum).toEqual([...KINDS]);
  });
});

describe('validateResources', () => {
  for (const kind of KINDS) {
    it(`accepts a valid ${kind}`, () => {
      expect(validateResources([resource(kind, SAMPLES[kind] as never)])).toEqual([]);
    });
  }

  it('names uid, kind and the JSON path of a typo in props', () => {
    const bad = resource('storage.bucket', { encrption: { enabled: true } } as never);
    const errors = validateResources([bad]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('test:storage.bucket');
    expect(errors[0]).toContain('(storage.bucket)');
    expect(errors[0]).toContain("/props: must NOT have additional properties 'encrption'");
  });

  it('reports a wrong type deep inside props with its path', () => {
    const bad = resource('k8s.workload', {
      workloadKind: 'Pod',
      containers: [{ name: 'a', privileged: 'yes' }],
    } as never);
    expect(validateResources([bad])).toEqual([
      'resource[0] test:k8s.workload (k8s.workload) /props/containers/0/privileged: must be boolean',
    ]);
  });

  it('reports missing required props, bad enums and non-integer lines', () => {
    const errors = validateResources([
      resource('network.firewall', {
        rules: [{ direction: 'inbound', action: 'allow', protocol: 'tcp', ports: [], sources: [], line: 1.5 }],
      } as never),
      resource('iam.policy', {} as never),
    ]);
    expect(
      errors.some((e) =>
        e.includes('/props/rules/0/direction: must be equal to one of the allowed values (ingress, egress)'),
      ),
    ).toBe(true);
    expect(errors.some((e) => e.includes('/props/rules/0/line: must be integer'))).toBe(true);
    expect(errors.some((e) => e.includes("(iam.policy) /props: must have required property 'statements'"))).toBe(true);
  });

  it('checks the envelope: unknown kind, provider and extra fields', () => {
    const r = { ...resource('host.os', {}), kind: 'host.oss', provider: 'gcp', extra: 1 } as unknown as Resource;
    const errors = validateResources([r]);
    expect(errors.some((e) => e.includes('/kind: must be equal to one of the allowed values'))).toBe(true);
    expect(errors.some((e) => e.includes('/provider: must be equal to one of the allowed values'))).toBe(true);
    expect(errors.some((e) => e.includes("must NOT have additional properties 'extra'"))).toBe(true);
  });
});

describe('validateSnapshot', () => {
  const snapshot = {
    schema: 'assay.snapshot/v1',
    collectedAt: '2025-01-01T00:00:00Z',
    tool: { name: 'assay', version: '0.1.0' },
    sources: [
      {
        id: 's1',
        collector: 'kubernetes',
        target: 'manifests/',
        startedAt: '2025-01-01T00:00:00.000Z',
        finishedAt: '2025-01-01T00:00:01.000Z',
        status: 'partial',
        gaps: [{ reason: 'parse-error', message: 'bad indentation', file: 'a.yaml', line: 3 }],
        itemCount: 1,
        files: [{ path: 'a.yaml', sha256: 'b'.repeat(64) }],
      },
    ],
    resources: [resource('k8s.workload', SAMPLES['k8s.workload'])],
  };

  it('accepts a valid snapshot', () => {
    expect(validateSnapshot(snapshot)).toEqual([]);
  });

  it('rejects bad gaps, dates and resource props with paths', () => {
    const bad = structuredClone(snapshot);
    (bad.sources[0]?.gaps[0] as { reason: string }).reason = 'broken';
    bad.collectedAt = 'yesterday';
    const workload = bad.resources[0]?.props as KindProps['k8s.workload'];
    (workload.containers[0] as { runAsUser: number }).runAsUser = -1;
    const errors = validateSnapshot(bad);
    expect(errors.some((e) => e.startsWith('snapshot /sources/0/gaps/0/reason:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('snapshot /collectedAt: must match pattern'))).toBe(true);
    expect(errors.some((e) => e.includes('/resources/0/props/containers/0/runAsUser: must be >= 0'))).toBe(true);
  });

  it('rejects something that is not a snapshot', () => {
    expect(validateSnapshot(null)).toEqual(['snapshot /: must be object']);
  });
});

// ---- the schemas and the TypeScript interfaces must name the same properties

type Shape = Record<string, { optional: boolean; nested?: Shape }>;

function interfaceShapes(file: string): Map<string, Shape> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const decls = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n)) decls.set(n.name.text, n);
  });
  const shapeOf = (members: ts.NodeArray<ts.TypeElement>): Shape => {
    const shape: Shape = {};
    for (const m of members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const name = (m.name as ts.Identifier | ts.StringLiteral).text;
      let t: ts.TypeNode = m.type;
      if (ts.isArrayTypeNode(t)) t = t.elementType;
      let nested: Shape | undefined;
      if (ts.isTypeLiteralNode(t)) nested = shapeOf(t.members);
      if (ts.isTypeReferenceNode(t)) {
        const ref = decls.get(t.typeName.getText(source));
        if (ref) nested = shapeOf(ref.members);
      }
      shape[name] = { optional: !!m.questionToken, ...(nested ? { nested } : {}) };
    }
    return shape;
  };
  return new Map([...decls].map(([name, d]) => [name, shapeOf(d.members)]));
}

interface SchemaNode {
  $ref?: string;
  type?: string;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  $defs?: Record<string, SchemaNode>;
}

function schemaShape(schema: SchemaNode, root: SchemaNode): Shape {
  const resolve = (s: SchemaNode): SchemaNode => {
    if (s.$ref?.startsWith('#/$defs/')) return resolve(root.$defs?.[s.$ref.slice(8)] ?? {});
    if (s.type === 'array' && s.items) return resolve(s.items);
    return s;
  };
  const shape: Shape = {};
  const required = new Set<string>(schema.required ?? []);
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const target = resolve(sub);
    shape[name] = {
      optional: !required.has(name),
      ...(target.properties ? { nested: schemaShape(target, root) } : {}),
    };
  }
  return shape;
}

describe('schemas mirror src/model/kinds.ts', () => {
  const kindsFile = new URL('../../src/model/kinds.ts', import.meta.url).pathname;
  const shapes = interfaceShapes(kindsFile);
  const kindProps = readFileSync(kindsFile, 'utf8').match(/interface KindProps \{([\s\S]*?)\n\}/)?.[1] ?? '';
  for (const [, kind, iface] of kindProps.matchAll(/'([a-z0-9._]+)': (\w+);/g)) {
    it(`${kind} schema has the properties (and optionality) of ${iface}`, () => {
      const schema = JSON.parse(readFileSync(new URL(`${kind}.schema.json`, SCHEMAS), 'utf8'));
      expect(schemaShape(schema, schema)).toEqual(shapes.get(iface as string));
    });
  }

  it('covers every kind', () => {
    expect([...kindProps.matchAll(/'([a-z0-9._]+)':/g)].map((m) => m[1])).toEqual([...KINDS]);
  });

  it('envelope, source and gap schemas match Resource, Location, Source and Gap', () => {
    const modelShapes = interfaceShapes(new URL('../../src/model/resource.ts', import.meta.url).pathname);
    const envelope: SchemaNode = JSON.parse(readFileSync(new URL('resource.schema.json', SCHEMAS), 'utf8'));
    const snap: SchemaNode = JSON.parse(readFileSync(new URL('snapshot.schema.json', SCHEMAS), 'utf8'));
    const names = (s: Shape | undefined) => Object.keys(s ?? {}).sort();
    expect(names(schemaShape(envelope, envelope))).toEqual(names(modelShapes.get('Resource')));
    expect(names(schemaShape(envelope.properties?.location ?? {}, envelope))).toEqual(
      names(modelShapes.get('Location')),
    );
    expect(names(schemaShape(snap.$defs?.Source ?? {}, snap))).toEqual(names(modelShapes.get('Source')));
    expect(names(schemaShape(snap.$defs?.Gap ?? {}, snap))).toEqual(names(modelShapes.get('Gap')));
    expect(names(schemaShape(snap, snap))).toEqual(names(modelShapes.get('Snapshot')));
  });
});
