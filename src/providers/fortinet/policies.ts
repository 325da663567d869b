// A FortiOS policy table (`config firewall policy`, or the older `firewall policy6`) as one
// network.firewall rulebase. Facts this follows (FortiOS Administration Guide, "Firewall policy"):
// policies are evaluated top to bottom in the order the configuration lists them (the number
// after `edit` is an identifier, not a position), first match wins, and traffic no policy matches
// is dropped by the implicit deny policy 0. A policy's `action` defaults to deny, `status` to
// enable, `schedule` to always, and `logtraffic` to utm, which logs only sessions that raise a
// security event: only `logtraffic all` records every permitted session. Interfaces and zones
// (`srcintf`/`dstintf` other than `any`), users and groups, a schedule, negations and internet
// services are kept as conditions: the policy matches less than its addresses and services say.
import type { DeviceRulebase, FirewallRule } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';
import { type FortiBlock, setting } from './blocks.ts';
import type { FortiObjects, Resolved, Service } from './objects.ts';

// Settings that narrow which traffic a policy matches and have no field in the model.
const CONDITION_SETTINGS = [
  'users',
  'groups',
  'fsso-groups',
  'application',
  'app-category',
  'app-group',
  'url-category',
  'internet-service-name',
  'internet-service-id',
  'internet-service-group',
  'internet-service-custom',
  'internet-service-src-name',
  'internet-service-src-id',
  'src-vendor-mac',
  'devices',
];

function peers(names: string[], v6: boolean, objects: FortiObjects): Resolved<string> {
  const out: Resolved<string> = { values: [], unresolved: [], conditions: [] };
  for (const n of names) {
    const r = objects.resolveAddress(n, v6);
    out.values.push(...r.values);
    out.unresolved.push(...r.unresolved);
    out.conditions.push(...r.conditions);
  }
  return out;
}

export function readPolicyTable(
  block: FortiBlock,
  objects: FortiObjects,
  file: string,
  vdom: string,
): { rulebase: DeviceRulebase; gaps: Gap[] } {
  const gaps: Gap[] = [];
  const rules: FirewallRule[] = [];
  const policy6 = block.name === 'firewall policy6';
  const label = `${vdom === 'root' ? '' : `vdom ${vdom} `}${block.name}`;
  const fromZones = new Set<string>();
  const toZones = new Set<string>();
  block.entries.forEach((entry, index) => {
    const get = (key: string, fallback?: string[]) => setting(entry, key, fallback);
    const name = get('name')[0] ?? `policy ${entry.name}`;
    const conditions: string[] = [];
    const unresolved: string[] = [];
    const srcintf = get('srcintf');
    const dstintf = get('dstintf');
    for (const z of srcintf) fromZones.add(z);
    for (const z of dstintf) toZones.add(z);
    if (srcintf.length === 0) unresolved.push('no srcintf');
    else if (!srcintf.includes('any')) conditions.push(`srcintf ${srcintf.join(',')}`);
    if (dstintf.length === 0) unresolved.push('no dstintf');
    else if (!dstintf.includes('any')) conditions.push(`dstintf ${dstintf.join(',')}`);
    const side = (key: 'srcaddr' | 'dstaddr') => {
      const v4 = policy6 ? [] : get(key);
      const v6 = policy6 ? get(key) : get(`${key}6`);
      // With internet services enabled for a side, the services' address lists replace it.
      const internet = get(key === 'srcaddr' ? 'internet-service-src' : 'internet-service')[0] === 'enable';
      if (internet && v4.length === 0 && v6.length === 0) {
        conditions.push(`${key === 'srcaddr' ? 'source' : 'destination'} internet-service`);
        unresolved.push(`${key} (internet service addresses)`);
        return [];
      }
      if (v4.length === 0 && v6.length === 0) {
        unresolved.push(`no ${key}`);
        return [];
      }
      const r4 = peers(v4, false, objects);
      const r6 = peers(v6, true, objects);
      unresolved.push(...r4.unresolved, ...r6.unresolved);
      conditions.push(...r4.conditions, ...r6.conditions);
      if (get(`${key}-negate`)[0] === 'enable') {
        conditions.push(`not ${key} ${[...v4, ...v6].join(',')}`);
        return [...(v4.length ? ['0.0.0.0/0'] : []), ...(v6.length ? ['::/0'] : [])];
      }
      return [...new Set([...r4.values, ...r6.values])];
    };
    const sources = side('srcaddr');
    const destinations = side('dstaddr');
    const services: Service[] = [];
    const serviceNames = get('service');
    if (serviceNames.length === 0 && get('internet-service')[0] !== 'enable') unresolved.push('no service');
    for (const s of serviceNames) {
      const r = objects.resolveService(s);
      services.push(...r.values);
      unresolved.push(...r.unresolved);
    }
    if (get('service-negate')[0] === 'enable') {
      conditions.push(`not service ${serviceNames.join(',')}`);
      services.splice(0, services.length, { protocol: 'all', ports: [] });
    }
    for (const key of CONDITION_SETTINGS) {
      const values = get(key);
      if (values.length && !values.includes('all')) conditions.push(`${key} ${values.join(',')}`);
    }
    const schedule = get('schedule', ['always'])[0];
    if (schedule !== 'always') conditions.push(`schedule ${schedule}`);
    const line = entry.line;
    for (const u of new Set(unresolved))
      gaps.push({
        reason: 'unresolved-reference',
        file,
        line,
        message: `policy ${entry.name}${get('name')[0] ? ` "${name}"` : ''} in ${label}: "${u}" cannot be resolved to addresses or ports; the policy's match is unknown`,
        kinds: ['network.firewall'],
      });
    const action = get('action', ['deny'])[0];
    const logtraffic = get('logtraffic', ['utm'])[0];
    const text = `edit ${entry.name}: srcintf ${srcintf.join(',')} dstintf ${dstintf.join(',')} srcaddr ${[...get('srcaddr'), ...get('srcaddr6')].join(',')} dstaddr ${[...get('dstaddr'), ...get('dstaddr6')].join(',')} service ${serviceNames.join(',')} action ${action} logtraffic ${logtraffic}`;
    for (const service of services.length ? services : [{ protocol: 'all', ports: [] } as Service])
      rules.push({
        name,
        direction: 'ingress',
        action: action === 'accept' || action === 'ipsec' ? 'allow' : 'deny',
        protocol: service.protocol,
        ports: service.ports,
        ...(service.sourcePorts ? { sourcePorts: service.sourcePorts } : {}),
        sources,
        destinations,
        priority: index + 1,
        line,
        logging: logtraffic === 'all',
        enabled: get('status', ['enable'])[0] !== 'disable',
        text,
        ...(conditions.length ? { conditions: [...new Set(conditions)] } : {}),
        ...(unresolved.length ? { unresolved: [...new Set(unresolved)] } : {}),
      });
  });
  const prefix = vdom === 'root' ? '' : `vdom/${vdom}/`;
  return {
    gaps,
    rulebase: {
      id: `${prefix}${block.name.replace(' ', '/')}`,
      name: label,
      nativeType: 'fortios firewall policy',
      line: block.line,
      rules,
      direction: 'ingress',
      defaultAction: 'deny',
      attachedTo: [`${label} interfaces ${[...fromZones].join(',')} -> ${[...toZones].join(',')}`],
      binding: [{ fromZones: [...fromZones], toZones: [...toZones] }],
    },
  };
}
