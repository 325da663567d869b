// Kubernetes manifests (multi-document YAML, JSON, kind: List) -> one k8s.workload per workload.
// Other kinds (Service, ConfigMap, PodSecurityPolicy, ...) are not workloads and are skipped.

import type { IacCollector, IacFile } from '../../../kit/format-contract.ts';
import { collectEachFile } from '../../../kit/per-file.ts';
import { maskSecretValues } from '../../../kit/secrets.ts';
import { asObject } from '../../../kit/values.ts';
import type { Gap, Resource } from '../../../model/resource.ts';
import { mapWorkload, type Path, POD_SPEC_PATHS } from '../../../providers/kubernetes/workload.ts';
import { type ManifestDocument, readDocuments } from './documents.ts';

/** A parsed document that is a Kubernetes object: apiVersion and kind as strings. */
export function looksLikeKubernetes(doc: unknown): boolean {
  const o = asObject(doc);
  return !!o && typeof o.apiVersion === 'string' && typeof o.kind === 'string';
}

export const collectKubernetes: IacCollector = collectEachFile('Kubernetes', collectFile);

function collectFile(file: IacFile, sourceId: string): { resources: Resource[]; gaps: Gap[] } {
  const { documents, gaps } = readDocuments(file.content, file.relPath);
  const resources: Resource[] = [];
  const seen = new Set<string>();
  for (const doc of documents) {
    if (doc.value === null || doc.value === undefined) continue; // empty document, e.g. a trailing ---
    const top = asObject(doc.value);
    if (!top) {
      gaps.push({
        reason: 'unsupported',
        message: 'document is not a Kubernetes object (mapping expected)',
        file: file.relPath,
        line: doc.line,
      });
      continue;
    }
    const objects: { manifest: Record<string, unknown>; base: Path; suffix: string }[] = [];
    if (top.kind === 'List' && Array.isArray(top.items)) {
      top.items.forEach((item, i) => {
        const manifest = asObject(item);
        if (manifest) objects.push({ manifest, base: ['items', i], suffix: `${doc.index}.${i}` });
        else
          gaps.push({
            reason: 'unsupported',
            message: `List item ${i} is not an object`,
            file: file.relPath,
            line: doc.lineOf(['items', i]) ?? doc.line,
          });
      });
    } else objects.push({ manifest: top, base: [], suffix: String(doc.index) });

    for (const { manifest, base, suffix } of objects) {
      const resource = toResource(file, doc, manifest, base, sourceId, gaps);
      if (!resource) continue;
      if (seen.has(resource.uid)) resource.uid = `${resource.uid}#${suffix}`;
      seen.add(resource.uid);
      resources.push(resource);
    }
  }
  return { resources, gaps };
}

function toResource(
  file: IacFile,
  doc: ManifestDocument,
  manifest: Record<string, unknown>,
  base: Path,
  sourceId: string,
  gaps: Gap[],
): Resource<'k8s.workload'> | undefined {
  const kind = manifest.kind;
  if (typeof kind !== 'string' || !(kind in POD_SPEC_PATHS)) return undefined;
  const line = base.length ? (doc.lineOf(base) ?? doc.line) : doc.line;
  const mapped = mapWorkload(kind, manifest, base);
  if (!mapped) {
    const where = POD_SPEC_PATHS[kind]?.join('.');
    gaps.push({
      reason: 'unsupported',
      message: `${kind} has no pod spec with containers at ${where}`,
      file: file.relPath,
      line,
    });
    return undefined;
  }
  const metadata = asObject(manifest.metadata) ?? {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = mapped.props.namespace ?? 'default';
  const propLines: Record<string, number> = {};
  for (const [prop, path] of Object.entries(mapped.propPaths)) {
    const l = doc.lineOf(path);
    if (l !== undefined) propLines[prop] = l;
  }
  for (const [i, c] of mapped.props.containers.entries()) {
    const l = propLines[`containers.${i}`];
    if (l !== undefined) c.line = l;
  }
  const resource: Resource<'k8s.workload'> = {
    uid: `kubernetes:${file.relPath}:${kind}/${namespace}/${name || '(unnamed)'}`,
    kind: 'k8s.workload',
    provider: 'kubernetes',
    nativeType: kind,
    name,
    location: { file: file.relPath, line },
    props: mapped.props,
    propLines,
    raw: maskSecretValues(manifest),
    sourceId,
  };
  if (!base.length && doc.endLine !== undefined) resource.location.endLine = doc.endLine;
  const labels = asObject(metadata.labels);
  if (labels) {
    const tags = Object.fromEntries(Object.entries(labels).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
    if (Object.keys(tags).length) resource.tags = tags;
  }
  return resource;
}
