// Reads one configuration item in any of the shapes AWS delivers it into the provider's
// ConfigItem: snapshot and history files (ARN, awsAccountId, configuration as an object),
// BatchGetResourceConfig (arn, accountId, configuration as JSON text) and SelectResourceConfig
// (arn, accountId, configuration as an object). Anything else is a problem naming the item.
import type { ConfigItem, Obj } from '../../providers/aws/config-items/item.ts';

/** Statuses of an item that describes no deployed resource. */
const GONE = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);

export type ReadItem =
  | { status: 'ok'; item: ConfigItem; capturedAt?: string }
  | { status: 'gone' }
  | { status: 'error'; name: string; message: string };

function asObject(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Config sends configuration and some supplementary values as JSON text, and a value that was
 * already JSON text in the item (an S3 bucket's AccessControlList) as JSON text of JSON text.
 */
function parsed(value: unknown, depth = 0): unknown {
  if (typeof value !== 'string' || depth > 2) return value;
  const trimmed = value.trim();
  if (!/^[[{"]/.test(trimmed)) return value;
  try {
    return parsed(JSON.parse(trimmed), depth + 1);
  } catch {
    return value;
  }
}

function tagsOf(value: unknown): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const tag of value.map(asObject)) {
      const key = text(tag?.key ?? tag?.Key);
      const val = tag?.value ?? tag?.Value;
      if (key && typeof val === 'string') tags[key] = val;
    }
  } else {
    for (const [key, val] of Object.entries(asObject(value) ?? {})) if (typeof val === 'string') tags[key] = val;
  }
  return Object.keys(tags).length > 0 ? tags : undefined;
}

export function readItem(value: unknown): ReadItem {
  const raw = asObject(value);
  const arn = text(raw?.ARN ?? raw?.arn);
  const resourceType = text(raw?.resourceType);
  const resourceId = text(raw?.resourceId);
  const name = arn ?? (resourceType && resourceId ? `${resourceType} ${resourceId}` : 'a configuration item');
  if (!raw || !resourceType || !resourceId) {
    return { status: 'error', name, message: 'has no resourceType or resourceId' };
  }
  const status = text(raw.configurationItemStatus);
  if (status && GONE.has(status)) return { status: 'gone' };
  const configuration = asObject(parsed(raw.configuration));
  if (!configuration) {
    const why = raw.configuration === undefined || raw.configuration === null ? 'no' : 'unreadable';
    return { status: 'error', name, message: `has ${why} configuration` };
  }
  const supplementary: Obj = {};
  for (const [key, val] of Object.entries(asObject(raw.supplementaryConfiguration) ?? {})) {
    supplementary[key] = parsed(val);
  }
  return {
    status: 'ok',
    capturedAt: text(raw.configurationItemCaptureTime),
    item: {
      resourceType,
      resourceId,
      resourceName: text(raw.resourceName),
      arn,
      accountId: text(raw.awsAccountId ?? raw.accountId),
      region: text(raw.awsRegion),
      status,
      configuration,
      supplementaryConfiguration: supplementary,
      tags: tagsOf(raw.tags ?? configuration.tags),
    },
  };
}
