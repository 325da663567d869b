// azurerm_role_definition -> iam.policy. One Allow statement per permissions block: actions and
// not_actions as written, resources = the assignable scopes (else the definition's scope).
// Data-plane permissions (data_actions, not_data_actions) have no place in PolicyStatement yet;
// they stay in `raw`.

import { compact, str } from '../../../../../kit/values.ts';
import type { IamPolicyProps, PolicyStatement } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, buildResource } from '../common.ts';
import { knownStrings, type Scan } from './scan.ts';

export function mapRoleDefinition(record: TfResourceRecord, scan: Scan): Resource<'iam.policy'> {
  const values = record.values;
  const scope = str(values.scope);
  const scopes = knownStrings(values.assignable_scopes);
  const resources = scopes && scopes.length > 0 ? scopes : scope === undefined ? undefined : [scope];
  const line = record.attrLines?.permissions;
  const statements = blocks(values.permissions).map((permission) =>
    compact<PolicyStatement>({
      effect: 'Allow',
      actions: knownStrings(permission.actions),
      notActions: knownStrings(permission.not_actions),
      resources,
      line,
    }),
  );
  const props: IamPolicyProps = compact({ statements, attachedTo: resources, managedBy: 'customer' as const });
  return buildResource(record, scan.sourceId, 'iam.policy', props, {
    propAttrs: { statements: 'permissions', attachedTo: 'assignable_scopes' },
  });
}
