// Microsoft.DBforPostgreSQL/flexibleServers and Microsoft.DBforMySQL/flexibleServers (+ their
// firewallRules and configurations children) -> database.instance.
import { isUnknown, markUnknown, unknownReason } from '../../kit/unknown.ts';
import { num, str } from '../../kit/values.ts';
import type { DatabaseInstanceProps } from '../../model/kinds.ts';
import type { Resource } from '../../model/resource.ts';
import { type AzureResource, type AzureResources, obj } from './resources.ts';
import { firewallRule, leaf } from './server-firewall.ts';
import { publicNetworkAccess, tlsVersion } from './settings.ts';

const ENGINES = [
  { type: 'Microsoft.DBforPostgreSQL/flexibleServers', engine: 'postgres', minTls: 'ssl_min_protocol_version' },
  { type: 'Microsoft.DBforMySQL/flexibleServers', engine: 'mysql', minTls: 'tls_version' },
];

export function mapFlexibleServers<R extends AzureResource>(source: AzureResources<R>): Resource[] {
  const out: Resource[] = [];
  for (const { type, engine, minTls } of ENGINES) {
    const rules = source.ofType(`${type}/firewallRules`);
    const settings = source.ofType(`${type}/configurations`);
    for (const server of source.ofType(type)) {
      const p = server.properties;
      const network = obj(p.network);
      const backup = obj(p.backup);
      const dataEncryption = obj(p.dataEncryption);
      const configuration = (name: string) =>
        settings.find((c) => source.ancestor(c, type) === server && leaf(c) === name)?.properties.value;
      const setting = (name: string) => str(configuration(name));
      const defaulted: string[] = [];
      const unknowns: string[] = [];
      const secureValue = configuration('require_secure_transport');
      const secure = str(secureValue)?.toLowerCase();
      // require_secure_transport is ON unless a configuration turns it off (both engines' docs).
      let required: boolean | undefined = secure === undefined ? true : secure === 'on';
      if (secureValue === undefined) defaulted.push('tls.required');
      else if (secure === undefined) {
        required = undefined;
        unknowns.push(
          isUnknown(secureValue)
            ? unknownReason('require_secure_transport', secureValue)
            : 'require_secure_transport is not a value Azure accepts',
        );
      }
      // MySQL's tls_version lists the versions accepted ("TLSv1.2,TLSv1.3"): the lowest is the floor.
      const minVersion = setting(minTls)
        ?.split(',')
        // MySQL writes TLS 1.0 as "TLSv1".
        .map((v) => (/^TLSv?1$/i.test(v.trim()) ? '1.0' : tlsVersion(v.trim())))
        .filter((v): v is string => v !== undefined)
        .sort()[0];
      // Storage is always encrypted (service-managed keys unless dataEncryption names a vault key).
      defaulted.push('encryption.enabled');
      const props: DatabaseInstanceProps = {
        engine,
        publiclyAccessible: publicNetworkAccess(network?.publicNetworkAccess),
        backupRetentionDays: num(backup?.backupRetentionDays),
        encryption: {
          enabled: true,
          kmsKeyId: str(dataEncryption?.type) === 'AzureKeyVault' ? str(dataEncryption?.primaryKeyURI) : undefined,
        },
        tls: required === undefined && minVersion === undefined ? undefined : { required, minVersion },
        firewallRules: rules.filter((r) => source.ancestor(r, type) === server).flatMap((r) => firewallRule(source, r)),
      };
      const built = source.build(server, 'database.instance', props, {
        defaulted,
        propLines: {
          publiclyAccessible: source.lineOf(network, 'publicNetworkAccess'),
          backupRetentionDays: source.lineOf(backup, 'backupRetentionDays'),
        },
      });
      for (const reason of unknowns) markUnknown(built, 'tls.required', reason);
      out.push(built);
    }
  }
  return out;
}
