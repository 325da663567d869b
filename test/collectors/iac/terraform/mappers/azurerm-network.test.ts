import { describe, expect, it } from 'vitest';
import { unknown } from '../../../../../src/kit/unknown.ts';
import { mapAll, PLAN, rec } from '../../../../fixtures/terraform-azure/records.ts';

// An inline security_rule as plans write it: every attribute present, '' and [] when unset.
function planRule(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    name: 'r',
    priority: 100,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    source_port_range: '*',
    source_port_ranges: [],
    destination_port_range: '',
    destination_port_ranges: [],
    source_address_prefix: '',
    source_address_prefixes: [],
    destination_address_prefix: '*',
    destination_address_prefixes: [],
    source_application_security_group_ids: [],
    destination_application_security_group_ids: [],
    description: '',
    ...overrides,
  };
}

describe('azurerm_network_security_group -> network.firewall', () => {
  it('joins inline rules with separate rules linked by reference and by name + resource group', () => {
    const nsg = rec(
      'azurerm_network_security_group.web',
      {
        name: 'web-nsg',
        resource_group_name: 'rg-web',
        security_rule: [
          planRule({ name: 'ssh', priority: 100, destination_port_range: '22', source_address_prefix: '*' }),
          planRule({
            name: 'web',
            priority: 110,
            protocol: '*',
            destination_port_ranges: ['80', '443'],
            source_address_prefixes: ['10.0.0.0/8', '192.168.0.0/16'],
          }),
        ],
      },
      { attrLines: { security_rule: 9 } },
    );
    const byRef = rec('azurerm_network_security_rule.rdp', {
      name: 'rdp',
      priority: 120,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      destination_port_range: '3389',
      source_address_prefix: 'Internet',
      network_security_group_name: unknown('azurerm_network_security_group.web.name'),
      resource_group_name: unknown('azurerm_resource_group.rg.name'),
    });
    const byName = rec('azurerm_network_security_rule.out', {
      name: 'deny-out',
      priority: 4000,
      direction: 'Outbound',
      access: 'Deny',
      protocol: 'Udp',
      destination_port_range: '1000-2000',
      source_address_prefix: 'VirtualNetwork',
      destination_address_prefix: '0.0.0.0/0',
      network_security_group_name: 'web-nsg',
      resource_group_name: 'rg-web',
    });
    const otherGroup = rec('azurerm_network_security_rule.elsewhere', {
      ...byName.values,
      name: 'other-rg',
      resource_group_name: 'rg-other',
    });
    const { resources, gaps, get } = mapAll([nsg, byRef, byName, otherGroup]);
    expect(gaps).toEqual([]);
    const fw = get('azurerm_network_security_group.web');
    expect(fw.kind).toBe('network.firewall');
    expect(fw.defaulted).toEqual(['defaultIngressAction']);
    expect(fw.props).toEqual({
      defaultIngressAction: 'deny',
      rules: [
        {
          name: 'ssh',
          direction: 'ingress',
          action: 'allow',
          protocol: 'tcp',
          ports: [{ from: 22, to: 22 }],
          sources: ['*'],
          destinations: ['*'],
          priority: 100,
          line: 9,
        },
        {
          name: 'web',
          direction: 'ingress',
          action: 'allow',
          protocol: 'all',
          ports: [
            { from: 80, to: 80 },
            { from: 443, to: 443 },
          ],
          sources: ['10.0.0.0/8', '192.168.0.0/16'],
          destinations: ['*'],
          priority: 110,
          line: 9,
        },
        {
          name: 'rdp',
          direction: 'ingress',
          action: 'allow',
          protocol: 'tcp',
          ports: [{ from: 3389, to: 3389 }],
          sources: ['Internet'],
          priority: 120,
          line: byRef.line,
        },
        {
          name: 'deny-out',
          direction: 'egress',
          action: 'deny',
          protocol: 'udp',
          ports: [{ from: 1000, to: 2000 }],
          sources: ['VirtualNetwork'],
          destinations: ['0.0.0.0/0'],
          priority: 4000,
          line: byName.line,
        },
      ],
    });
    // The rule of another resource group is not joined: it stands alone.
    expect(resources.map((r) => r.uid)).toEqual([
      `terraform-plan:${PLAN}:azurerm_network_security_group.web`,
      `terraform-plan:${PLAN}:azurerm_network_security_rule.elsewhere`,
    ]);
  });

  it('keeps a separate rule whose group is not scanned as a firewall of its own', () => {
    const rule = rec(
      'azurerm_network_security_rule.ssh',
      {
        name: 'ssh',
        priority: 100,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'TCP',
        source_port_range: '*',
        destination_port_range: '22-23',
        source_address_prefix: '0.0.0.0/0',
        destination_address_prefix: '*',
        network_security_group_name: unknown('azurerm_network_security_group.example.name'),
      },
      { file: 'net/rules.tf', line: 3 },
    );
    const { get } = mapAll([rule]);
    expect(get('azurerm_network_security_rule.ssh', 'net/rules.tf').props).toEqual({
      defaultIngressAction: 'deny',
      rules: [
        {
          name: 'ssh',
          direction: 'ingress',
          action: 'allow',
          protocol: 'tcp',
          ports: [{ from: 22, to: 23 }],
          sources: ['0.0.0.0/0'],
          destinations: ['*'],
          priority: 100,
          line: 3,
        },
      ],
    });
  });

  it('turns unknown and malformed rules into gaps with file and line, and keeps the others', () => {
    const nsg = rec(
      'azurerm_network_security_group.g',
      {
        name: 'g',
        security_rule: [
          planRule({
            name: 'var-source',
            destination_port_range: '22',
            source_address_prefix: unknown('var.admin_cidr'),
          }),
          planRule({ name: 'bad-port', destination_port_range: 'ssh', source_address_prefix: '*' }),
          planRule({
            name: 'bad-direction',
            direction: 'Sideways',
            destination_port_range: '22',
            source_address_prefix: '*',
          }),
          planRule({ name: 'ok', destination_port_range: '443', source_address_prefix: '*' }),
        ],
      },
      { file: 'main.tf', line: 40, attrLines: { security_rule: 44 } },
    );
    const { gaps, get } = mapAll([nsg]);
    expect(gaps).toEqual([
      {
        reason: 'unresolved-reference',
        message:
          'azurerm_network_security_group.g: security rule var-source: ports or addresses are not known before apply; rule not evaluated',
        file: 'main.tf',
        line: 44,
      },
      {
        reason: 'parse-error',
        message:
          'azurerm_network_security_group.g: security rule bad-port: port "ssh" is not a port, a range or "*"; rule not evaluated',
        file: 'main.tf',
        line: 44,
      },
      {
        reason: 'parse-error',
        message:
          'azurerm_network_security_group.g: security rule bad-direction: direction "Sideways" is not recognised; rule not evaluated',
        file: 'main.tf',
        line: 44,
      },
    ]);
    const fw = get('azurerm_network_security_group.g', 'main.tf');
    expect((fw.props as { rules: { name?: string }[] }).rules.map((r) => r.name)).toEqual(['ok']);
  });

  it('says so when the whole security_rule list is unknown', () => {
    const { gaps, get } = mapAll([rec('azurerm_network_security_group.dyn', { security_rule: unknown('var.rules') })]);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ reason: 'unresolved-reference', file: PLAN });
    expect(get('azurerm_network_security_group.dyn').props).toEqual({ rules: [], defaultIngressAction: 'deny' });
  });
});

describe('flow logs and virtual networks', () => {
  it('maps retention: days, 0 = forever, disabled = nothing deleted', () => {
    const base = { network_security_group_id: unknown('azurerm_network_security_group.g.id'), enabled: true };
    const { get } = mapAll([
      rec('azurerm_network_security_group.g', { name: 'g' }),
      rec('azurerm_network_watcher_flow_log.days', { ...base, retention_policy: [{ enabled: true, days: 90 }] }),
      rec('azurerm_network_watcher_flow_log.forever', { ...base, retention_policy: [{ enabled: true, days: 0 }] }),
      rec('azurerm_network_watcher_flow_log.off', {
        ...base,
        enabled: false,
        retention_policy: [{ enabled: false, days: 7 }],
      }),
      rec('azurerm_network_watcher_flow_log.var', {
        ...base,
        enabled: unknown('var.on'),
        retention_policy: [{ enabled: true, days: unknown('var.days') }],
      }),
    ]);
    const nsg = `terraform-plan:${PLAN}:azurerm_network_security_group.g`;
    expect(get('azurerm_network_watcher_flow_log.days').props).toEqual({
      enabled: true,
      retentionDays: 90,
      target: nsg,
    });
    expect(get('azurerm_network_watcher_flow_log.forever').props).toEqual({
      enabled: true,
      retentionDays: 0,
      target: nsg,
    });
    expect(get('azurerm_network_watcher_flow_log.off').props).toEqual({
      enabled: false,
      retentionDays: 0,
      target: nsg,
    });
    expect(get('azurerm_network_watcher_flow_log.var').props).toEqual({ target: nsg });
  });

  it("resolves a network's flow logs through its target or its subnets' NSGs", () => {
    const { get } = mapAll([
      rec('azurerm_virtual_network.direct', { name: 'vnet-a', address_space: ['10.0.0.0/16'] }),
      rec('azurerm_network_watcher_flow_log.vnet', {
        target_resource_id: unknown('azurerm_virtual_network.direct.id'),
        enabled: true,
      }),
      rec('azurerm_virtual_network.via_nsg', {
        name: 'vnet-b',
        resource_group_name: 'rg',
        address_space: ['10.1.0.0/16', unknown('var.extra')],
      }),
      rec('azurerm_subnet.s', { name: 'app', virtual_network_name: unknown('azurerm_virtual_network.via_nsg.name') }),
      rec('azurerm_network_security_group.app', { name: 'app-nsg' }),
      rec('azurerm_subnet_network_security_group_association.a', {
        subnet_id: unknown('azurerm_subnet.s.id'),
        network_security_group_id: unknown('azurerm_network_security_group.app.id'),
      }),
      rec('azurerm_network_watcher_flow_log.nsg', {
        network_security_group_id: unknown('azurerm_network_security_group.app.id'),
        enabled: false,
        retention_policy: [{ enabled: true, days: 30 }],
      }),
      rec('azurerm_virtual_network.alone', { name: 'vnet-c', address_space: ['10.2.0.0/16'] }),
    ]);
    expect(get('azurerm_virtual_network.direct').props).toEqual({
      cidrBlocks: ['10.0.0.0/16'],
      flowLogsEnabled: true,
      flowLogs: [`terraform-plan:${PLAN}:azurerm_network_watcher_flow_log.vnet`],
    });
    expect(get('azurerm_virtual_network.via_nsg').props).toEqual({
      flowLogsEnabled: false,
      flowLogs: [`terraform-plan:${PLAN}:azurerm_network_watcher_flow_log.nsg`],
    });
    // Flow logs exist in the scan but none targets this network: not derivable.
    expect(get('azurerm_virtual_network.alone').props).toEqual({ cidrBlocks: ['10.2.0.0/16'] });
    // Without any flow log in the scan nothing records the network's traffic.
    const lone = mapAll([rec('azurerm_virtual_network.v', { address_space: ['10.9.0.0/16'] })]);
    expect(lone.get('azurerm_virtual_network.v').props).toEqual({
      cidrBlocks: ['10.9.0.0/16'],
      flowLogsEnabled: false,
    });
  });
});
