// Terraform's kubernetes provider workloads (kubernetes_deployment, kubernetes_pod and the other
// pod-running resources, with their _v1 forms) -> k8s.workload, through the same workload model as
// Kubernetes manifests (src/providers/kubernetes/workload.ts): the record's snake_case blocks are
// turned into the manifest's shape first.
import type { Gap, Resource } from '../../../../model/resource.ts';
import { mapWorkload } from '../../../../providers/kubernetes/workload.ts';
import type { TfResourceRecord } from '../records.ts';
import { buildResource, gapAt, unmappedTypeGaps } from './common.ts';

/** Resource type (without the _v1 suffix) -> the manifest kind it declares. */
const WORKLOAD_KINDS: Record<string, string> = {
  kubernetes_pod: 'Pod',
  kubernetes_deployment: 'Deployment',
  kubernetes_stateful_set: 'StatefulSet',
  kubernetes_daemonset: 'DaemonSet',
  kubernetes_daemon_set: 'DaemonSet',
  kubernetes_replication_controller: 'ReplicationController',
  kubernetes_job: 'Job',
  kubernetes_cron_job: 'CronJob',
};

/** Block names whose manifest field is a list under another name. */
const LISTS: Record<string, string> = {
  container: 'containers',
  init_container: 'initContainers',
  ephemeral_container: 'ephemeralContainers',
};

/** Fields whose manifest name is not the plain camelCase of the attribute. */
const RENAMED: Record<string, string> = { host_pid: 'hostPID', host_ipc: 'hostIPC' };

function camel(name: string): string {
  return RENAMED[name] ?? name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Record values (blocks as lists of objects) -> a manifest's shape (one block an object). */
function manifestOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(manifestOf);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key in LISTS) out[LISTS[key] as string] = Array.isArray(inner) ? inner.map(manifestOf) : inner;
    else if (Array.isArray(inner) && inner.length === 1 && typeof inner[0] === 'object' && inner[0] !== null)
      out[camel(key)] = manifestOf(inner[0]);
    else out[camel(key)] = manifestOf(inner);
  }
  return out;
}

export function mapKubernetesRecords(
  records: TfResourceRecord[],
  sourceId: string,
): { resources: Resource[]; gaps: Gap[] } {
  const resources: Resource[] = [];
  const gaps: Gap[] = [];
  const kindOf = (type: string) => WORKLOAD_KINDS[type.replace(/_v\d+$/, '')];
  for (const record of records) {
    const kind = kindOf(record.type);
    if (record.mode !== 'managed' || !kind) continue;
    const manifest = manifestOf(record.values) as Record<string, unknown>;
    const mapped = mapWorkload(kind, manifest, []);
    if (!mapped) {
      gaps.push(gapAt(record, 'unsupported', `${kind} has no pod spec with containers that could be read`));
      continue;
    }
    const line = record.attrLines?.spec;
    for (const container of mapped.props.containers) if (line !== undefined) container.line = line;
    resources.push(buildResource(record, sourceId, 'k8s.workload', mapped.props));
  }
  for (const gap of unmappedTypeGaps(records, (type) => kindOf(type) !== undefined)) gaps.push(gap);
  return { resources, gaps };
}
