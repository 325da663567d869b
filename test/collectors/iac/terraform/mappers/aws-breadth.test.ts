// Terraform AWS resources teams write that were not read before: classic load balancers, the
// default VPC, attachments of AWS's AdministratorAccess, and the other managed databases.
import { describe, expect, it } from 'vitest';
import { unknown } from '../../../../../src/kit/unknown.ts';
import { mapAll, rec } from './aws-helpers.ts';

describe('load balancer listeners', () => {
  it('reads each listener of a classic ELB; plain HTTP cannot redirect there', () => {
    const { get } = mapAll([
      rec('aws_elb.web', {
        name: 'web',
        listener: [
          { instance_port: 8000, instance_protocol: 'http', lb_port: 80, lb_protocol: 'http' },
          {
            instance_port: 8000,
            instance_protocol: 'http',
            lb_port: 443,
            lb_protocol: 'https',
            ssl_certificate_id: 'arn:cert',
          },
          { instance_port: 5432, instance_protocol: 'tcp', lb_port: 5432, lb_protocol: 'tcp' },
        ],
      }),
    ]);
    expect(get('aws_elb.web/listener[80]').props).toEqual({
      protocol: 'HTTP',
      port: 80,
      redirectsToHttps: false,
      tls: { required: false },
    });
    expect(get('aws_elb.web/listener[443]').props).toMatchObject({ protocol: 'HTTPS', tls: { required: true } });
    // TCP may carry TLS end to end: not judged.
    expect(get('aws_elb.web/listener[5432]').props).not.toHaveProperty('tls');
  });

  it('leaves a TCP listener of a network load balancer unjudged', () => {
    const { get } = mapAll([
      rec('aws_lb.nlb', { load_balancer_type: 'network' }),
      rec('aws_lb_listener.tcp', { load_balancer_arn: unknown('aws_lb.nlb.arn'), protocol: 'TCP', port: 5432 }),
    ]);
    expect(get('aws_lb_listener.tcp').props).toEqual({ protocol: 'TCP', port: 5432, redirectsToHttps: false });
  });
});

describe('the default VPC', () => {
  it('is a VPC whose flow logs attach by reference', () => {
    const { get } = mapAll([
      rec('aws_default_vpc.default', {}),
      rec('aws_flow_log.default', { vpc_id: unknown('aws_default_vpc.default.id'), traffic_type: 'ALL' }),
    ]);
    expect(get('aws_default_vpc.default').props).toMatchObject({
      flowLogsEnabled: true,
      flowLogs: ['terraform:main.tf:aws_flow_log.default'],
    });
  });
});

describe('AWS-managed AdministratorAccess attached', () => {
  const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

  it('reads role, user, group and policy attachments, and a role managed_policy_arns, as full-access grants', () => {
    const { resources } = mapAll([
      rec('aws_iam_role_policy_attachment.a', { role: unknown('aws_iam_role.ci.name'), policy_arn: ADMIN }),
      rec('aws_iam_user_policy_attachment.b', { user: 'alice', policy_arn: ADMIN }),
      rec('aws_iam_group_policy_attachment.c', { group: 'admins', policy_arn: ADMIN }),
      rec('aws_iam_policy_attachment.d', { name: 'd', users: ['bob'], roles: ['ops'], policy_arn: ADMIN }),
      rec('aws_iam_role.legacy', { name: 'legacy', managed_policy_arns: [ADMIN] }),
      // Read-only access is not a full-access grant, and is not reported as a policy.
      rec('aws_iam_role_policy_attachment.ro', { role: 'ci', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    ]);
    const policies = resources.filter((r) => r.kind === 'iam.policy');
    expect(policies.map((r) => [r.name, (r.props as { attachedTo: string[] }).attachedTo])).toEqual([
      ['a', ['aws_iam_role.ci.name']],
      ['b', ['alice']],
      ['c', ['admins']],
      ['d', ['ops', 'bob']],
      ['legacy/AdministratorAccess', ['legacy']],
    ]);
    for (const p of policies)
      expect(p.props).toMatchObject({
        managedBy: 'provider',
        statements: [{ effect: 'Allow', actions: ['*'], resources: ['*'] }],
      });
  });
});

describe('managed databases besides RDS', () => {
  it('reads DocumentDB, Neptune, Redshift and ElastiCache backup retention with the documented defaults', () => {
    const { get, gaps } = mapAll([
      rec('aws_docdb_cluster.docs', { cluster_identifier: 'docs' }),
      rec('aws_neptune_cluster.graph', { backup_retention_period: 7, storage_encrypted: true }),
      rec('aws_redshift_cluster.dw', { cluster_identifier: 'dw', automated_snapshot_retention_period: 0 }),
      rec('aws_elasticache_replication_group.cache', { description: 'cache', at_rest_encryption_enabled: true }),
      rec('aws_elasticache_cluster.member', {
        replication_group_id: unknown('aws_elasticache_replication_group.cache.id'),
      }),
      rec('aws_elasticache_cluster.memcached', { engine: 'memcached' }),
    ]);
    const docs = get('aws_docdb_cluster.docs');
    expect(docs.props).toEqual({
      engine: 'docdb',
      backupRetentionDays: 1,
      encryption: { enabled: false },
      deletionProtection: false,
    });
    expect(docs.defaulted).toEqual(['backupRetentionDays', 'encryption.enabled', 'deletionProtection']);
    expect(get('aws_neptune_cluster.graph').props).toMatchObject({
      backupRetentionDays: 7,
      encryption: { enabled: true },
    });
    const dw = get('aws_redshift_cluster.dw');
    expect(dw.props).toEqual({ engine: 'redshift', backupRetentionDays: 0 });
    expect(dw.unknown).toEqual(['encryption.enabled']);
    expect(get('aws_elasticache_replication_group.cache').props).toMatchObject({
      engine: 'redis',
      backupRetentionDays: 0,
      encryption: { enabled: true },
    });
    expect(get('aws_elasticache_cluster.member').props).toEqual({
      clusterId: 'aws_elasticache_replication_group.cache.id',
    });
    expect(gaps).toContainEqual(
      expect.objectContaining({ reason: 'unsupported', message: expect.stringContaining('Memcached') }),
    );
  });
});
