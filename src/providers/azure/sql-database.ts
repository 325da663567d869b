// Microsoft.Sql/servers/databases (+ their transparentDataEncryption and
// backupShortTermRetentionPolicies children, and the server's encryptionProtector) ->
// database.instance, one per user database. What Azure SQL does when nothing is said (used by the
// ARM/Resource Graph mapper below and the Terraform azurerm mapper alike):
// - transparent data encryption is on for every database created since May 2017;
// - point-in-time restore backups are kept 7 days;
// - a database is reached through its logical server: its public network access and firewall
//   rules are the server's, so the database names its server (`serverId`) and the exposure is
//   judged once, on the server; a database whose server is not in the source has an unknown exposure.
// From a template a child left out is not declared, so the default applies; from a live estate
// (`source.live`) a child left out was not read, so the value stays unknown and never passes.
import { isUnknown, markUnknown, unknownReason } from '../../kit/unknown.ts';
import { num, str } from '../../kit/values.ts';
import type { DatabaseInstanceProps } from '../../model/kinds.ts';
import type { Resource } from '../../model/resource.ts';
import type { AzureResource, AzureResources } from './resources.ts';
import { leaf } from './server-firewall.ts';
import { protectorKey } from './sql.ts';

const SERVER = 'Microsoft.Sql/servers';
const DATABASE = 'Microsoft.Sql/servers/databases';
const TDE = 'Microsoft.Sql/servers/databases/transparentDataEncryption';
const SHORT_TERM_RETENTION = 'Microsoft.Sql/servers/databases/backupShortTermRetentionPolicies';

/** Azure SQL's backup retention when no short-term retention policy says otherwise. */
export const SQL_DEFAULT_BACKUP_DAYS = 7;

/** TDE `state` (API 2014-04-01 wrote `status`): "Enabled" / "Disabled" in any case; anything else is not known. */
export function tdeState(value: unknown): boolean | undefined {
  const text = str(value)?.toLowerCase();
  return text === 'enabled' ? true : text === 'disabled' ? false : undefined;
}

/** System databases: their encryption and backups are the service's, not the customer's. */
export function isSystemDatabase(name: string): boolean {
  return name.toLowerCase() === 'master';
}

/** Why a database's network exposure is unknown when its server is not in the source. */
export function serverNotRead(server: string): string {
  return `its network exposure is its server's (${server}), which is not in the scanned source`;
}

export function mapSqlDatabases<R extends AzureResource>(source: AzureResources<R>): Resource[] {
  const tdes = source.ofType(TDE);
  const retentions = source.ofType(SHORT_TERM_RETENTION);
  const out: Resource[] = [];
  for (const database of source.ofType(DATABASE)) {
    if (isSystemDatabase(leaf(database))) continue;
    const server = source.ancestor(database, SERVER);
    const tde = tdes.find((t) => source.ancestor(t, DATABASE) === database);
    const retention = retentions.find((r) => source.ancestor(r, DATABASE) === database);
    const defaulted: string[] = [];
    const unknown: Record<string, string> = {};

    let encrypted: boolean | undefined;
    // API 2014-04-01 wrote `status` where later versions write `state`.
    const stateKey = tde && (tde.properties.state === undefined ? 'status' : 'state');
    if (tde && stateKey) {
      const value = tde.properties[stateKey];
      encrypted = tdeState(value);
      if (encrypted === undefined) {
        unknown['encryption.enabled'] = isUnknown(value)
          ? unknownReason(`transparent data encryption ${stateKey}`, value)
          : `transparent data encryption ${stateKey} is not Enabled or Disabled`;
      }
    } else if (source.live) {
      unknown['encryption.enabled'] =
        'transparent data encryption state not read (the transparentDataEncryption/current child; Resource Graph does not hold it)';
    } else {
      encrypted = true;
      defaulted.push('encryption.enabled');
    }
    const kmsKeyId = server && protectorKey(source, server);

    let backupRetentionDays: number | undefined;
    if (retention) {
      const days = retention.properties.retentionDays;
      backupRetentionDays = num(days);
      if (backupRetentionDays === undefined) {
        unknown.backupRetentionDays = isUnknown(days)
          ? unknownReason('short-term retention retentionDays', days)
          : 'short-term retention retentionDays is not a number';
      }
    } else if (source.live) {
      unknown.backupRetentionDays =
        'backup retention not read (the backupShortTermRetentionPolicies/default child; Resource Graph does not hold it)';
    } else {
      backupRetentionDays = SQL_DEFAULT_BACKUP_DAYS;
      defaulted.push('backupRetentionDays');
    }

    const props: DatabaseInstanceProps = {
      engine: 'sqlserver',
      ...(server ? { serverId: source.uid(server) } : {}),
      // A key encrypts nothing while TDE is off.
      encryption:
        encrypted === undefined ? undefined : { enabled: encrypted, kmsKeyId: encrypted ? kmsKeyId : undefined },
      backupRetentionDays,
    };
    const built = source.build(database, 'database.instance', props, {
      defaulted,
      propLines: {
        'encryption.enabled': tde && (source.lineOf(tde.properties, stateKey ?? 'state') ?? source.lineOfResource(tde)),
        backupRetentionDays:
          retention && (source.lineOf(retention.properties, 'retentionDays') ?? source.lineOfResource(retention)),
      },
    });
    if (!server) markUnknown(built, 'publiclyAccessible', serverNotRead(source.parentKey(database)));
    for (const [path, reason] of Object.entries(unknown)) markUnknown(built, path, reason);
    out.push(built);
  }
  return out;
}
