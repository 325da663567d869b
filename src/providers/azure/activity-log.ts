// Microsoft.Insights/diagnosticSettings of a subscription's activity log -> logging.trail: the
// activity log is Azure's record of control-plane operations in every region of the subscription,
// and a diagnostic setting is what keeps it beyond the 90 days Azure holds it. Diagnostic settings
// of other resources (their resource logs) share the type; they are told apart by their categories.
import { num, str } from '../../kit/values.ts';
import type { LoggingTrailProps } from '../../model/kinds.ts';
import type { Resource } from '../../model/resource.ts';
import { type AzureResource, type AzureResources, bool, idText, obj } from './resources.ts';

const SETTING = 'Microsoft.Insights/diagnosticSettings';

/** The activity log's categories (Azure Monitor docs, "Activity log event schema"). */
const ACTIVITY_CATEGORIES = new Set([
  'administrative',
  'security',
  'servicehealth',
  'alert',
  'recommendation',
  'policy',
  'autoscale',
  'resourcehealth',
]);

interface LogCategory {
  category: string;
  enabled?: boolean;
  retention?: { enabled?: boolean; days?: number };
}

function categories(value: unknown): LogCategory[] {
  return (Array.isArray(value) ? value : []).flatMap((item): LogCategory[] => {
    const o = obj(item);
    const category = str(o?.category) ?? str(o?.categoryGroup);
    if (!o || !category) return [];
    const retention = obj(o.retentionPolicy);
    return [
      {
        category: category.toLowerCase(),
        enabled: bool(o.enabled),
        retention: retention ? { enabled: bool(retention.enabled), days: num(retention.days) } : undefined,
      },
    ];
  });
}

export function isActivityLogSetting(resource: AzureResource): boolean {
  const logs = categories(resource.properties.logs);
  return logs.length > 0 && logs.every((log) => ACTIVITY_CATEGORIES.has(log.category));
}

export function mapActivityLog<R extends AzureResource>(source: AzureResources<R>): Resource[] {
  return source
    .ofType(SETTING)
    .filter(isActivityLogSetting)
    .map((setting) => {
      const p = setting.properties;
      const logs = categories(p.logs);
      const administrative = logs.find((log) => log.category === 'administrative');
      // Retention policies on categories apply to a storage account destination only (deprecated,
      // still returned): the shortest kept category decides, disabled or 0 means kept indefinitely.
      const kept = logs.filter((log) => log.enabled !== false && log.retention !== undefined);
      const days = kept.map((log) => (log.retention?.enabled === false ? 0 : (log.retention?.days ?? 0)));
      const finite = days.filter((d) => d > 0);
      const props: LoggingTrailProps = {
        // A category whose switch is not known leaves the answer unknown unless another is on.
        enabled: logs.some((l) => l.enabled === true)
          ? true
          : logs.every((l) => l.enabled === false)
            ? false
            : undefined,
        // One setting exports the whole subscription's activity log, whatever the region.
        multiRegion: true,
        managementEvents: administrative ? administrative.enabled : false,
        retentionDays: days.length === 0 ? undefined : finite.length > 0 ? Math.min(...finite) : 0,
        destination: idText(p.workspaceId) ?? idText(p.storageAccountId) ?? idText(p.eventHubAuthorizationRuleId),
      };
      return source.build(setting, 'logging.trail', props, {
        propLines: { enabled: source.lineOf(p, 'logs'), managementEvents: source.lineOf(p, 'logs') },
      });
    });
}
