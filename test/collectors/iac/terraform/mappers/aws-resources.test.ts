import { describe, expect, it } from 'vitest';
import { mapAwsRecords } from '../../../../../src/collectors/iac/terraform/mappers/aws.ts';
import { unknown } from '../../../../../src/kit/unknown.ts';
import { mapAll, rec } from './aws-helpers.ts';

describe('disks', () => {
  it('maps EBS volumes and instance / launch template block devices', () => {
    const { get } = mapAll([
      rec('aws_ebs_volume.plain', { size: 40 }),
      rec('aws_ebs_volume.kms', { encrypted: unknown('var.enc'), kms_key_id: unknown('aws_kms_key.k.arn') }),
      rec(
        'aws_instance.web[0]',
        {
          root_block_device: [{ encrypted: false, volume_size: 8 }],
          ebs_block_device: [{ device_name: '/dev/sdb', encrypted: true }],
        },
        { name: 'web' },
      ),
      rec('aws_launch_template.lt', {
        block_device_mappings: [{ device_name: '/dev/xvda', ebs: [{ encrypted: 'true', volume_size: 20 }] }],
      }),
    ]);
    expect(get('aws_ebs_volume.plain').props).toEqual({ sizeGb: 40 });
    expect(get('aws_ebs_volume.kms').props).toEqual({ encryption: { enabled: true, kmsKeyId: 'aws_kms_key.k.arn' } });
    const root = get('aws_instance.web[0]/root_block_device');
    expect(root.name).toBe('web[0]/root_block_device');
    expect(root.props).toEqual({
      encryption: { enabled: false },
      sizeGb: 8,
      attachedTo: 'terraform:main.tf:aws_instance.web[0]',
    });
    expect(get('aws_instance.web[0]/ebs_block_device[/dev/sdb]').props).toMatchObject({
      encryption: { enabled: true },
    });
    expect(get('aws_launch_template.lt/block_device_mappings[/dev/xvda]').props).toMatchObject({
      encryption: { enabled: true },
      sizeGb: 20,
    });
  });
});

describe('databases', () => {
  it('fills aws_db_instance defaults and masks the password in raw', () => {
    const db = rec(
      'aws_db_instance.db',
      { engine: 'mysql', password: 'Sup3rSecretPassw0rd!', username: 'admin' },
      { attrLines: { engine: 3 } },
    );
    const r = mapAll([db]).get('aws_db_instance.db');
    expect(r.props).toEqual({
      engine: 'mysql',
      publiclyAccessible: false,
      encryption: { enabled: false },
      backupRetentionDays: 0,
      deletionProtection: false,
    });
    expect(r.defaulted).toEqual([
      'publiclyAccessible',
      'encryption.enabled',
      'backupRetentionDays',
      'deletionProtection',
    ]);
    expect(r.propLines).toEqual({ engine: 3 });
    expect(JSON.stringify(r.raw)).not.toContain('Sup3rSecretPassw0rd');
    expect((r.raw as Record<string, unknown>).username).toBe('admin');
  });

  it('reads stated values and keeps unknown ones absent', () => {
    const r = mapAll([
      rec('aws_db_instance.pub', {
        publicly_accessible: true,
        storage_encrypted: unknown('var.enc'),
        backup_retention_period: '7',
      }),
    ]).get('aws_db_instance.pub');
    expect(r.props).toEqual({ publiclyAccessible: true, backupRetentionDays: 7, deletionProtection: false });
  });

  it('uses the aws_rds_cluster defaults (1 day of backups; serverless clusters are encrypted)', () => {
    const { get } = mapAll([rec('aws_rds_cluster.c', { engine: 'aurora-mysql', engine_mode: 'serverless' })]);
    expect(get('aws_rds_cluster.c').props).toEqual({
      engine: 'aurora-mysql',
      encryption: { enabled: true },
      backupRetentionDays: 1,
      deletionProtection: false,
    });
  });
});

describe('security groups', () => {
  it('turns inline blocks and linked rule resources into firewall rules', () => {
    const sg = rec(
      'aws_security_group.web',
      {
        ingress: [
          { from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: ['::/0'] },
          { from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: [unknown('var.office')] },
        ],
        egress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }],
      },
      { attrLines: { ingress: 4, egress: 20 } },
    );
    const rule = rec('aws_security_group_rule.mysql', {
      type: 'ingress',
      from_port: 3306,
      to_port: 3306,
      protocol: '6',
      cidr_blocks: ['10.0.0.0/8'],
      security_group_id: unknown('aws_security_group.web.id'),
    });
    const v2 = rec('aws_vpc_security_group_ingress_rule.rdp', {
      security_group_id: unknown('aws_security_group.web.id'),
      ip_protocol: 'tcp',
      from_port: 3389,
      to_port: 3389,
      cidr_ipv4: '0.0.0.0/0',
    });
    const { resources, get } = mapAll([sg, rule, v2]);
    expect(resources).toHaveLength(1);
    expect(get('aws_security_group.web').props).toEqual({
      defaultIngressAction: 'deny',
      rules: [
        {
          direction: 'ingress',
          action: 'allow',
          protocol: 'tcp',
          ports: [{ from: 22, to: 22 }],
          sources: ['0.0.0.0/0', '::/0'],
          line: 4,
        },
        {
          direction: 'ingress',
          action: 'allow',
          protocol: 'all',
          ports: [{ from: 0, to: 65535 }],
          sources: ['var.office'],
          line: 4,
        },
        {
          direction: 'egress',
          action: 'allow',
          protocol: 'all',
          ports: [{ from: 0, to: 65535 }],
          sources: [],
          destinations: ['0.0.0.0/0'],
          line: 20,
        },
        {
          name: 'mysql',
          direction: 'ingress',
          action: 'allow',
          protocol: 'tcp',
          ports: [{ from: 3306, to: 3306 }],
          sources: ['10.0.0.0/8'],
          line: rule.line,
        },
        {
          name: 'rdp',
          direction: 'ingress',
          action: 'allow',
          protocol: 'tcp',
          ports: [{ from: 3389, to: 3389 }],
          sources: ['0.0.0.0/0'],
          line: v2.line,
        },
      ],
    });
  });

  it('keeps a rule whose group is not scanned as a firewall of its own', () => {
    const { resources, gaps } = mapAll([
      rec('aws_security_group_rule.orphan', {
        type: 'ingress',
        from_port: 0,
        to_port: 65535,
        protocol: 'tcp',
        cidr_blocks: ['0.0.0.0/0'],
        security_group_id: unknown('aws_security_group.default.id'),
      }),
    ]);
    expect(gaps).toEqual([]);
    expect(resources[0]?.props).toMatchObject({ rules: [{ ports: [{ from: 0, to: 65535 }], sources: ['0.0.0.0/0'] }] });
  });

  it('records a rule with an unknown protocol as a gap instead of guessing', () => {
    const sg = rec('aws_security_group.u', {
      ingress: [{ from_port: 1, to_port: 2, protocol: unknown('var.proto'), cidr_blocks: ['0.0.0.0/0'] }],
    });
    const { gaps, get } = mapAll([sg]);
    expect(get('aws_security_group.u').props).toEqual({ rules: [], defaultIngressAction: 'deny' });
    expect(gaps).toEqual([expect.objectContaining({ reason: 'unresolved-reference', line: sg.line })]);
  });
});

describe('VPCs and listeners', () => {
  it('links flow logs to their VPC', () => {
    const { get } = mapAll([
      rec('aws_vpc.main', { cidr_block: '10.0.0.0/16' }),
      rec('aws_vpc.bare', { cidr_block: '10.1.0.0/16' }),
      rec('aws_flow_log.f', { vpc_id: unknown('aws_vpc.main.id'), traffic_type: 'ALL' }),
    ]);
    expect(get('aws_vpc.main').props).toEqual({
      cidrBlocks: ['10.0.0.0/16'],
      flowLogs: ['terraform:main.tf:aws_flow_log.f'],
      flowLogsEnabled: true,
    });
    expect(get('aws_vpc.bare').props).toEqual({ cidrBlocks: ['10.1.0.0/16'], flowLogs: [], flowLogsEnabled: false });
  });

  it('does not claim "no flow logs" while a flow log could not be linked', () => {
    const { gaps, get } = mapAll([rec('aws_vpc.v', {}), rec('aws_flow_log.f', { vpc_id: unknown('var.vpc_id') })]);
    expect(get('aws_vpc.v').props).toEqual({ flowLogs: [] });
    expect(gaps.map((g) => g.reason)).toEqual(['unresolved-reference']);
  });

  it('still answers when the unlinked flow log names another, missing aws_vpc', () => {
    const { gaps, get } = mapAll([
      rec('aws_vpc.main', {}),
      rec('aws_flow_log.f', { vpc_id: unknown('aws_vpc.example.id') }),
    ]);
    expect(get('aws_vpc.main').props).toEqual({ flowLogs: [], flowLogsEnabled: false });
    expect(gaps.map((g) => g.reason)).toEqual(['unresolved-reference']);
  });

  it('reports a flow log with no target, and leaves subnet flow logs alone', () => {
    const { gaps, get } = mapAll([
      rec('aws_vpc.main', {}),
      rec('aws_flow_log.orphan', { traffic_type: 'ALL' }, { line: 5 }),
      rec('aws_flow_log.subnet', { subnet_id: unknown('aws_subnet.a.id'), traffic_type: 'ALL' }),
      rec('aws_flow_log.linked', { vpc_id: unknown('aws_vpc.main.id') }),
    ]);
    expect(get('aws_vpc.main').props).toEqual({
      flowLogs: ['terraform:main.tf:aws_flow_log.linked'],
      flowLogsEnabled: true,
    });
    expect(gaps).toEqual([
      {
        reason: 'other',
        message: expect.stringMatching(/^aws_flow_log\.orphan: declares no target \(vpc_id, subnet_id, /),
        file: 'main.tf',
        line: 5,
      },
    ]);
  });

  it('maps listeners: HTTP default for application LBs, HTTPS redirects, TLS policy versions', () => {
    const { get } = mapAll([
      rec('aws_lb.app', { load_balancer_type: 'application' }),
      rec('aws_lb_listener.plain', {
        load_balancer_arn: unknown('aws_lb.app.arn'),
        port: 80,
        default_action: [{ type: 'forward' }],
      }),
      rec('aws_lb_listener.redirect', {
        protocol: 'HTTP',
        port: 80,
        default_action: [{ type: 'redirect', redirect: [{ protocol: 'HTTPS', port: '443' }] }],
      }),
      rec('aws_alb_listener.tls', { protocol: 'HTTPS', port: 443, ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }),
    ]);
    expect(get('aws_lb_listener.plain').props).toEqual({
      protocol: 'HTTP',
      port: 80,
      redirectsToHttps: false,
      tls: { required: false },
    });
    expect(get('aws_lb_listener.plain').defaulted).toEqual(['protocol']);
    expect(get('aws_lb_listener.redirect').props).toEqual({
      protocol: 'HTTP',
      port: 80,
      redirectsToHttps: true,
      tls: { required: true },
    });
    expect(get('aws_alb_listener.tls').props).toEqual({
      protocol: 'HTTPS',
      port: 443,
      redirectsToHttps: false,
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      tls: { required: true, minVersion: '1.2' },
    });
  });
});

describe('IAM', () => {
  const adminJson = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  });

  it('maps managed and inline policies with normalized statements', () => {
    const { get } = mapAll([
      rec('aws_iam_policy.admin', { policy: adminJson }, { attrLines: { policy: 12 } }),
      rec('aws_iam_role_policy.inline', {
        role: unknown('aws_iam_role.r.id'),
        policy: {
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject'],
              Resource: ['*'],
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
            },
          ],
        },
      }),
    ]);
    expect(get('aws_iam_policy.admin').props).toEqual({
      managedBy: 'customer',
      statements: [{ effect: 'Allow', actions: ['*'], resources: ['*'], line: 12 }],
    });
    expect(get('aws_iam_role_policy.inline').props).toEqual({
      managedBy: 'inline',
      attachedTo: ['aws_iam_role.r.id'],
      statements: [
        {
          effect: 'Allow',
          actions: ['s3:GetObject'],
          resources: ['*'],
          hasCondition: true,
          conditionKeys: ['aws:MultiFactorAuthPresent'],
        },
      ],
    });
  });

  it('reports a policy document data source no resource consumes, and resolves consumed ones', () => {
    const doc = rec('data.aws_iam_policy_document.all', { statement: [{ actions: ['*'], resources: ['*'] }] });
    const used = rec('data.aws_iam_policy_document.used', {
      statement: [{ effect: 'Allow', not_actions: ['iam:*'], resources: ['*'] }],
    });
    const { resources, get } = mapAll([
      doc,
      used,
      rec('aws_iam_user_policy.u', { user: 'alice', policy: unknown('data.aws_iam_policy_document.used.json') }),
    ]);
    expect(resources.map((r) => r.uid).sort()).toEqual([
      'terraform:main.tf:aws_iam_user_policy.u',
      'terraform:main.tf:data.aws_iam_policy_document.all',
    ]);
    expect(get('data.aws_iam_policy_document.all').props).toEqual({
      statements: [{ effect: 'Allow', actions: ['*'], resources: ['*'], line: doc.line }],
    });
    expect(get('aws_iam_user_policy.u').props).toMatchObject({
      attachedTo: ['alice'],
      statements: [{ effect: 'Allow', notActions: ['iam:*'] }],
    });
  });

  it('records unknown and malformed policies as gaps', () => {
    const { resources, gaps } = mapAll([
      rec('aws_iam_policy.later', { policy: unknown('var.policy') }),
      rec('aws_iam_policy.broken', { policy: '{ not json' }),
    ]);
    expect(resources).toEqual([]);
    expect(gaps.map((g) => g.reason)).toEqual(['unresolved-reference', 'parse-error']);
  });

  it('maps the account password policy with documented defaults', () => {
    const r = mapAll([
      rec('aws_iam_account_password_policy.p', { minimum_password_length: 14, require_symbols: true }),
    ]).get('aws_iam_account_password_policy.p');
    expect(r.props).toEqual({ scope: 'account', minLength: 14, historySize: 0, maxAgeDays: 0, requireSymbols: true });
    expect(r.defaulted).toEqual(['historySize', 'maxAgeDays']);
  });

  it('links access keys and login profiles to users; a root access key is the root user', () => {
    const { resources, gaps, get } = mapAll([
      rec('aws_iam_user.lb', { name: 'loadbalancer' }),
      rec('aws_iam_access_key.k1', { user: unknown('aws_iam_user.lb.name') }),
      rec('aws_iam_access_key.k2', { user: 'loadbalancer', status: 'Inactive' }),
      rec('aws_iam_user_login_profile.lp', { user: unknown('aws_iam_user.lb.name') }),
      rec('aws_iam_access_key.root', { user: 'root', status: 'Active' }),
      rec('aws_iam_access_key.lost', { user: unknown('aws_iam_user.nobody.name') }),
    ]);
    expect(get('aws_iam_user.lb').props).toEqual({
      isRoot: false,
      consoleAccess: true,
      accessKeys: [
        { id: 'terraform:main.tf:aws_iam_access_key.k1', active: true },
        { id: 'terraform:main.tf:aws_iam_access_key.k2', active: false },
      ],
    });
    expect(get('aws_iam_access_key.root').props).toEqual({
      isRoot: true,
      accessKeys: [{ id: 'terraform:main.tf:aws_iam_access_key.root', active: true }],
    });
    expect(resources).toHaveLength(2);
    expect(gaps).toEqual([
      expect.objectContaining({
        reason: 'unresolved-reference',
        message: expect.stringContaining('aws_iam_user.nobody.name'),
      }),
    ]);
  });
});

describe('IAM login profiles', () => {
  it('reports a login profile whose user is not declared (console access nobody checked)', () => {
    const { gaps, get } = mapAll([
      rec('aws_iam_user.positive1', { name: 'u1' }),
      rec('aws_iam_user_login_profile.p2', { user: unknown('aws_iam_user.positive2.name') }, { line: 10 }),
    ]);
    expect(get('aws_iam_user.positive1').props).toEqual({ isRoot: false });
    expect(gaps).toEqual([
      {
        reason: 'unresolved-reference',
        message: expect.stringContaining('user aws_iam_user.positive2.name is not defined in the scanned files'),
        file: 'main.tf',
        line: 10,
      },
    ]);
  });
});

describe('logging and keys', () => {
  it('maps trails with provider defaults and KMS encryption from a reference', () => {
    const { get } = mapAll([
      rec('aws_cloudtrail.bare', { s3_bucket_name: 'trail-logs' }),
      rec('aws_cloudtrail.full', {
        enable_logging: false,
        is_multi_region_trail: true,
        enable_log_file_validation: true,
        kms_key_id: unknown('aws_kms_key.t.arn'),
      }),
    ]);
    expect(get('aws_cloudtrail.bare').props).toEqual({
      enabled: true,
      multiRegion: false,
      globalServiceEvents: true,
      logFileValidation: false,
      destination: 'trail-logs',
    });
    expect(get('aws_cloudtrail.bare').defaulted).toEqual([
      'enabled',
      'multiRegion',
      'globalServiceEvents',
      'logFileValidation',
    ]);
    expect(get('aws_cloudtrail.full').props).toEqual({
      enabled: false,
      multiRegion: true,
      globalServiceEvents: true,
      logFileValidation: true,
      encryption: { enabled: true, kmsKeyId: 'aws_kms_key.t.arn' },
    });
  });

  it('maps log groups: absent retention means kept forever (0), defaulted', () => {
    const { get } = mapAll([
      rec('aws_cloudwatch_log_group.a', {}),
      rec('aws_cloudwatch_log_group.b', { retention_in_days: 365 }),
      rec('aws_cloudwatch_log_group.c', { retention_in_days: unknown('var.days') }),
    ]);
    expect(get('aws_cloudwatch_log_group.a').props).toEqual({ retentionDays: 0 });
    expect(get('aws_cloudwatch_log_group.a').defaulted).toEqual(['retentionDays']);
    expect(get('aws_cloudwatch_log_group.b').props).toEqual({ retentionDays: 365 });
    expect(get('aws_cloudwatch_log_group.c').props).toEqual({});
  });

  it('maps KMS keys with rotation and key spec defaults', () => {
    const { get } = mapAll([
      rec('aws_kms_key.a', {}),
      rec('aws_kms_key.b', {
        enable_key_rotation: true,
        customer_master_key_spec: 'RSA_2048',
        key_usage: 'SIGN_VERIFY',
      }),
    ]);
    expect(get('aws_kms_key.a').props).toEqual({
      enabled: true,
      rotationEnabled: false,
      keySpec: 'SYMMETRIC_DEFAULT',
      usage: 'ENCRYPT_DECRYPT',
    });
    expect(get('aws_kms_key.b').props).toEqual({
      enabled: true,
      rotationEnabled: true,
      keySpec: 'RSA_2048',
      usage: 'SIGN_VERIFY',
    });
  });
});

describe('types the mapper does not read', () => {
  it('are recorded as not evaluated, once per type and file, and mapped types are not', () => {
    const result = mapAwsRecords(
      [
        rec('aws_lambda_function.a', { function_name: 'a' }),
        rec('aws_lambda_function.b', { function_name: 'b' }),
        rec('aws_s3_bucket.logs', { bucket: 'logs' }),
        rec('aws_s3_bucket_versioning.logs', { bucket: unknown('aws_s3_bucket.logs.id') }),
      ],
      'src-1',
    );
    const unsupported = result.gaps.filter((g) => g.reason === 'unsupported');
    expect(unsupported).toEqual([
      expect.objectContaining({
        file: 'main.tf',
        message: expect.stringMatching(/^aws_lambda_function is not mapped/),
      }),
    ]);
  });
});
