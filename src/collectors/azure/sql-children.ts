// Saved az output often holds Azure SQL databases (Resource Graph rows) without the settings that
// live in their child resources, which Resource Graph does not hold. Each database whose
// transparent data encryption state is not among the files read is said, by name, as a gap: its
// encryption stays unknown (the mapper marks it), and the gap tells the auditor what to add.
import type { Gap } from '../../model/resource.ts';
import { isSystemDatabase } from '../../providers/azure/sql-database.ts';
import type { GraphResource } from './rows.ts';

const DATABASE = 'microsoft.sql/servers/databases';
const TDE = 'microsoft.sql/servers/databases/transparentdataencryption';

export function missingTdeGaps(resources: GraphResource[]): Gap[] {
  const parentOf = (id: string) => id.toLowerCase().replace(/\/+$/, '').split('/').slice(0, -2).join('/');
  const withTde = new Set(resources.filter((r) => r.type.toLowerCase() === TDE).map((r) => parentOf(r.id)));
  return resources
    .filter((r) => r.type.toLowerCase() === DATABASE && !isSystemDatabase(r.name.split('/').pop() ?? ''))
    .filter((db) => !withTde.has(db.id.toLowerCase().replace(/\/+$/, '')))
    .map((db) => ({
      reason: 'unresolved-reference' as const,
      message: `${db.id}: its transparent data encryption state is in none of the files (add \`az sql db tde show\` output); encryption not evaluated`,
      ...db.where,
      kinds: ['database.instance' as const],
    }));
}
