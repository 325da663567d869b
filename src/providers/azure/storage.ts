// Microsoft.Storage/storageAccounts -> storage.bucket (with which networks reach it); blob containers -> storage.container.

import { isUnknown, markUnknown, unknownReason } from '../../kit/unknown.ts';
import { str } from '../../kit/values.ts';
import type { StorageBucketProps, StorageContainerProps } from '../../model/kinds.ts';
import type { Resource } from '../../model/resource.ts';
import { type AzureResource, type AzureResources, bool, obj } from './resources.ts';
import { tlsVersion } from './settings.ts';
import { networkAccessWithDefaults, unreadableReason } from './storage-network.ts';

const ACCOUNT = 'Microsoft.Storage/storageAccounts';
const CONTAINER = 'Microsoft.Storage/storageAccounts/blobServices/containers';

export function mapStorage<R extends AzureResource>(source: AzureResources<R>): Resource[] {
  const out: Resource[] = [];
  for (const account of source.ofType(ACCOUNT)) {
    const p = account.properties;
    const defaulted: string[] = [];
    const props: StorageBucketProps = {};
    const propsLine = source.startLine(p);
    const tls: NonNullable<StorageBucketProps['tls']> = {};
    if (p.supportsHttpsTrafficOnly !== undefined) tls.required = bool(p.supportsHttpsTrafficOnly);
    else {
      // "supportsHttpsTrafficOnly: default value is true since API version 2019-04-01" (Storage REST API).
      tls.required = (account.apiVersion ?? '') >= '2019-04-01';
      defaulted.push('tls.required');
    }
    if (p.minimumTlsVersion !== undefined) tls.minVersion = tlsVersion(p.minimumTlsVersion);
    else {
      // Not set: the account accepts TLS 1.0 and newer (Azure Storage docs, "Enforce a minimum TLS version").
      tls.minVersion = '1.0';
      defaulted.push('tls.minVersion');
    }
    props.tls = tls;
    // The allowBlobPublicAccess default changed across API versions: left absent unless written.
    const anonymous = bool(p.allowBlobPublicAccess);
    if (anonymous !== undefined) props.publicAccess = { anonymousAccessAllowed: anonymous };
    // Azure Storage encrypts all data at rest and cannot be turned off; keySource Microsoft.Keyvault = customer key.
    const encryption = obj(p.encryption);
    const vault = obj(encryption?.keyvaultproperties);
    const keyName = str(vault?.keyname);
    props.encryption = {
      enabled: true,
      kmsKeyId:
        str(encryption?.keySource) === 'Microsoft.Keyvault' && keyName
          ? `${str(vault?.keyvaulturi) ?? ''}${keyName}`
          : undefined,
    };
    defaulted.push('encryption.enabled');
    // Without networkAcls the account admits every network (defaultAction Allow).
    const acls = obj(p.networkAcls);
    const action =
      p.networkAcls === undefined ? undefined : isUnknown(p.networkAcls) ? p.networkAcls : acls?.defaultAction;
    const unreadable: string[] = [];
    props.networkAccess = networkAccessWithDefaults(
      { publicEnabled: p.publicNetworkAccess, defaultAction: action },
      defaulted,
      unreadable,
    );
    const built = source.build(account, 'storage.bucket', props, {
      defaulted,
      propLines: {
        'tls.required': source.lineOf(p, 'supportsHttpsTrafficOnly') ?? propsLine,
        'tls.minVersion': source.lineOf(p, 'minimumTlsVersion') ?? propsLine,
        'publicAccess.anonymousAccessAllowed': source.lineOf(p, 'allowBlobPublicAccess'),
        'encryption.enabled': source.lineOf(p, 'encryption'),
        'networkAccess.publicEnabled': source.lineOf(p, 'publicNetworkAccess') ?? propsLine,
        'networkAccess.defaultAction':
          source.lineOf(acls, 'defaultAction') ?? source.lineOf(p, 'networkAcls') ?? propsLine,
      },
    });
    // A value an expression could not resolve stays unknown: rules deciding on it are not evaluated.
    if (isUnknown(p.publicNetworkAccess))
      markUnknown(built, 'networkAccess.publicEnabled', unknownReason('publicNetworkAccess', p.publicNetworkAccess));
    if (isUnknown(action))
      markUnknown(built, 'networkAccess.defaultAction', unknownReason('networkAcls.defaultAction', action));
    for (const path of unreadable) markUnknown(built, path, unreadableReason(path));
    out.push(built);
  }
  for (const container of source.ofType(CONTAINER)) {
    const p = container.properties;
    const defaulted: string[] = [];
    const props: StorageContainerProps = {};
    if (p.publicAccess !== undefined) {
      const level = str(p.publicAccess)?.toLowerCase();
      if (level === 'none' || level === 'blob' || level === 'container') props.anonymousAccess = level;
    } else {
      // publicAccess defaults to None (private container).
      props.anonymousAccess = 'none';
      defaulted.push('anonymousAccess');
    }
    const account = source.ancestor(container, ACCOUNT);
    if (account) props.parent = source.uid(account);
    out.push(
      source.build(container, 'storage.container', props, {
        defaulted,
        propLines: { anonymousAccess: source.lineOf(p, 'publicAccess') },
      }),
    );
  }
  return out;
}
