// Cisco IOS management-plane settings that are not traffic rules, as network.device props:
// SNMP v1/v2c communities (`snmp-server community STRING [view V] [ro|rw] [ACL]`) and how the
// enable password is stored. Facts (Cisco IOS command references): `enable secret` is stored as
// a one-way hash (type 5, 8 or 9; `enable secret 0 X` is hashed on entry) and takes precedence
// over `enable password` when both are set; `enable password` is stored in clear, or as type 7
// (a reversible encoding) under `service password-encryption` or when entered with `7`.
// A community string is a password, so only the well-known defaults are kept by name.
import type { NetworkDeviceProps } from '../../model/kinds.ts';

const WELL_KNOWN = new Set(['public', 'private']);

export function iosDeviceSettings(text: string): NetworkDeviceProps {
  const communities: NonNullable<NetworkDeviceProps['snmpCommunities']> = [];
  let secret: number | undefined;
  let password: { storage: 'type7' | 'clear'; line: number } | undefined;
  let encryptService = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const tokens = raw.trim().split(/\s+/);
    if (/^\s/.test(raw)) return;
    const [a, b, c] = tokens;
    if (a === 'snmp-server' && b === 'community' && c) {
      const rest = tokens.slice(3);
      const viewAt = rest.indexOf('view');
      if (viewAt >= 0) rest.splice(viewAt, 2);
      const access = rest[0]?.toLowerCase();
      const acl = access === 'ro' || access === 'rw' ? rest[1] : rest[0];
      communities.push({
        wellKnown: WELL_KNOWN.has(c.toLowerCase()) ? (c.toLowerCase() as 'public' | 'private') : null,
        ...(access === 'ro' || access === 'rw' ? { access } : {}),
        restricted: acl !== undefined && acl !== 'ipv6',
        line,
      });
    } else if (a === 'enable' && b === 'secret' && c) secret ??= line;
    else if (a === 'enable' && b === 'password' && c) {
      // `enable password [level N] [7] VALUE`
      const words = tokens.slice(2);
      if (words[0] === 'level') words.splice(0, 2);
      password = { storage: words.length > 1 && words[0] === '7' ? 'type7' : 'clear', line };
    } else if (a === 'service' && b === 'password-encryption') encryptService = true;
  });
  // `service password-encryption` stores a clear enable password as type 7 in the saved config.
  if (password && encryptService) password = { ...password, storage: 'type7' };
  return {
    ...(communities.length ? { snmpCommunities: communities } : {}),
    ...(secret !== undefined
      ? { enablePassword: { storage: 'secret' as const, line: secret } }
      : password
        ? { enablePassword: password }
        : {}),
  };
}
