// Which device wrote a configuration file, told from its content (the extension says little:
// .cfg, .conf, .txt, .xml). A file no rule recognizes is a gap, never silently skipped.
export type Vendor = 'iptables' | 'nftables' | 'cisco-ios' | 'cisco-asa' | 'panos' | 'panos-set' | 'junos' | 'fortios';

// First match wins: ASA before IOS (an ASA config also has `access-list` lines).
const RECOGNIZERS: { vendor: Vendor; test: (text: string) => boolean }[] = [
  // An XML document whose root is <config> (or <response><result><config> from the API).
  {
    vendor: 'panos',
    test: (t) =>
      /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<response[^>]*>\s*<result[^>]*>\s*)?<config[\s>]/.test(t),
  },
  { vendor: 'nftables', test: (t) => /^\s*\{\s*"nftables"\s*:/.test(t) },
  // FortiOS: `config system ...` / `config firewall ...` blocks (a backup starts with a #config line).
  { vendor: 'fortios', test: (t) => /^config (firewall|system|vdom|global)\b/m.test(t) && /^\s*(edit|set) /m.test(t) },
  // PAN-OS set format before Junos: both write `set` lines, only PAN-OS has these top levels.
  {
    vendor: 'panos-set',
    test: (t) => /^set (deviceconfig|rulebase|vsys|device-group|shared|template|mgt-config) /m.test(t),
  },
  {
    vendor: 'junos',
    test: (t) =>
      /^(set|deactivate) (security|firewall|interfaces|system|policy-options|applications|groups|logical-systems|version) /m.test(
        t,
      ) || /^(security|firewall|interfaces|system|policy-options|applications|groups|logical-systems) \{/m.test(t),
  },
  {
    vendor: 'iptables',
    test: (t) => /^\*(filter|mangle|raw|nat|security)\s*$/m.test(t) && /^(:\S+ \S+|COMMIT)/m.test(t),
  },
  {
    vendor: 'cisco-asa',
    test: (t) =>
      /^(ASA|PIX|FWSM) Version /m.test(t) ||
      /^access-list \S+ (extended|standard|webtype|ethertype) /m.test(t) ||
      /^access-group \S+ (in|out) interface /m.test(t) ||
      /^ nameif /m.test(t),
  },
  {
    vendor: 'cisco-ios',
    test: (t) =>
      /^ip access-list (extended|standard) /m.test(t) ||
      /^access-list \d+ (permit|deny) /m.test(t) ||
      (/^version \d+\.\d+/m.test(t) && /^interface /m.test(t)),
  },
];

// Formats we recognize but do not read yet, so the gap says what the file is.
const KNOWN_UNSUPPORTED: { name: string; test: (text: string) => boolean }[] = [
  { name: 'PAN-OS brace format', test: (t) => /^\s*(deviceconfig|rulebase|vsys) \{/m.test(t) },
];

export function detectVendor(
  text: string,
): { vendor: Vendor; reason?: undefined } | { vendor?: undefined; reason: string; known: boolean } {
  for (const r of RECOGNIZERS) if (r.test(text)) return { vendor: r.vendor };
  for (const u of KNOWN_UNSUPPORTED)
    if (u.test(text)) return { reason: `${u.name} configuration: not supported yet, no rules were read`, known: true };
  return {
    known: false,
    reason:
      'not a recognized firewall configuration (iptables-save, nft -j list ruleset, Cisco IOS/ASA, PAN-OS XML or set, Juniper Junos set or brace, FortiOS); no rules were read',
  };
}
