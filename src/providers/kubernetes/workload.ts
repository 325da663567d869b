// Maps one workload manifest (Pod, Deployment, CronJob, ...) to k8s.workload props: used by the
// Kubernetes manifests format, and next by Terraform's kubernetes_* resources.

import { asObject } from '../../kit/values.ts';
import type { K8sContainer, K8sWorkloadProps } from '../../model/kinds.ts';
import { parseImageRef } from './image.ts';

/** A path into a manifest: keys of objects, indexes of lists. */
export type Path = (string | number)[];

/** Where each workload kind keeps its pod spec. */
export const POD_SPEC_PATHS: Record<string, Path> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

type Obj = Record<string, unknown>;

function getIn(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === 'number') current = Array.isArray(current) ? current[key] : undefined;
    else current = asObject(current)?.[key];
  }
  return current;
}

const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const quantity = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

export interface MappedWorkload {
  props: K8sWorkloadProps;
  /** Prop path (dot-separated) -> manifest path, turned into lines by the caller. */
  propPaths: Record<string, Path>;
}

/** In the order the kubelet starts them. */
const CONTAINER_LISTS = [
  ['initContainers', true],
  ['containers', false],
  ['ephemeralContainers', false],
] as const;

/** undefined when the manifest has no pod spec with containers. */
export function mapWorkload(kind: string, manifest: Obj, base: Path): MappedWorkload | undefined {
  const specPath = POD_SPEC_PATHS[kind];
  if (!specPath) return undefined;
  const spec = asObject(getIn(manifest, specPath));
  if (!spec) return undefined;
  const at = (...rest: Path): Path => [...base, ...specPath, ...rest];

  const props: K8sWorkloadProps = { workloadKind: kind, containers: [] };
  const propPaths: Record<string, Path> = {};
  const namespace = getIn(manifest, ['metadata', 'namespace']);
  if (typeof namespace === 'string') props.namespace = namespace;
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    const v = bool(spec[key]);
    if (v !== undefined) {
      props[key] = v;
      propPaths[key] = at(key);
    }
  }

  const podContext = asObject(spec.securityContext) ?? {};
  for (const [list, init] of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      const c = asObject(item);
      if (!c) return;
      const index = props.containers.length;
      const here = (...rest: Path): Path => at(list, i, ...rest);
      const container = mapContainer(c, podContext, init);
      props.containers.push(container);
      propPaths[`containers.${index}`] = here();
      // Lines of the security settings, from where each was written (container or pod level).
      const sc = asObject(c.securityContext) ?? {};
      for (const key of ['privileged', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem'] as const) {
        if (container[key] !== undefined) propPaths[`containers.${index}.${key}`] = here('securityContext', key);
      }
      for (const key of ['runAsNonRoot', 'runAsUser'] as const) {
        if (container[key] === undefined) continue;
        propPaths[`containers.${index}.${key}`] = key in sc ? here('securityContext', key) : at('securityContext', key);
      }
      if (container.capabilitiesAdd)
        propPaths[`containers.${index}.capabilitiesAdd`] = here('securityContext', 'capabilities', 'add');
      if (container.image !== undefined) propPaths[`containers.${index}.image`] = here('image');
    });
  }
  if (props.containers.length === 0) return undefined;
  return { props, propPaths };
}

function mapContainer(c: Obj, podContext: Obj, init: boolean): K8sContainer {
  const sc = asObject(c.securityContext) ?? {};
  const container: K8sContainer = { name: typeof c.name === 'string' ? c.name : '' };
  if (typeof c.image === 'string') {
    container.image = c.image;
    const ref = parseImageRef(c.image);
    if (ref.tag !== undefined) container.imageTag = ref.tag;
    if (ref.digest !== undefined) container.imageDigest = ref.digest;
  }
  if (init) container.init = true;
  const set = <K extends keyof K8sContainer>(key: K, value: K8sContainer[K] | undefined) => {
    if (value !== undefined) container[key] = value;
  };
  set('privileged', bool(sc.privileged));
  set('allowPrivilegeEscalation', bool(sc.allowPrivilegeEscalation));
  // The container's securityContext overrides the pod's for the settings both define.
  set('runAsNonRoot', bool(sc.runAsNonRoot) ?? bool(podContext.runAsNonRoot));
  set('runAsUser', userId(sc.runAsUser) ?? userId(podContext.runAsUser));
  set('readOnlyRootFilesystem', bool(sc.readOnlyRootFilesystem));
  const add = getIn(sc, ['capabilities', 'add']);
  if (Array.isArray(add))
    set(
      'capabilitiesAdd',
      add.filter((a): a is string => typeof a === 'string'),
    );
  for (const key of ['limits', 'requests'] as const) {
    const r = asObject(getIn(c, ['resources', key]));
    if (!r) continue;
    const out: { cpu?: string; memory?: string } = {};
    const cpu = quantity(r.cpu);
    const memory = quantity(r.memory);
    if (cpu !== undefined) out.cpu = cpu;
    if (memory !== undefined) out.memory = memory;
    container[key] = out;
  }
  return container;
}

function userId(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}
