// Runs third-party KICS test samples through the real pipeline (collect → wasm → results) and
// compares what our mapped rules flag with what KICS expects. Used by test/kics/kics.test.ts
// and by scripts/accuracy.ts, which writes docs/accuracy.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { collectIac } from '../../src/collectors/iac/index.ts';
import type { Resource, Source } from '../../src/model/resource.ts';
import type { Finding } from '../../src/model/results.ts';
import { makeSnapshot, serializeSnapshot, sha256 } from '../../src/model/snapshot.ts';
import { evaluateSnapshots } from '../../src/pipeline/evaluate.ts';

export interface Sample {
  /** `<corpus>:<path relative to the corpus root>`, the key used in mapping.yaml. */
  id: string;
  query: string;
  rules: string[];
  /** Path relative to the repository root. */
  file: string;
  polarity: 'positive' | 'negative';
  expectedLines: number[];
}

export interface Outcome {
  sample: Sample;
  agreed: boolean;
  detail: string;
}

interface Mapping {
  corpora: { name: string; root: string; manifest?: string }[];
  queries: Record<string, string[]>;
  unmapped: Record<string, string>;
  disagreements: Record<string, string>;
}

interface ManifestQuery {
  dir: string;
  positives: string[];
  negatives: string[];
  expected: { file: string; line: number; file_not_copied?: boolean }[];
}

/** mapping.yaml plus every reviewed disagreement in test/kics/disagreements/*.yaml (one file per area). */
export function loadMapping(repoRoot: string): Mapping {
  const mapping = parse(readFileSync(path.join(repoRoot, 'test/kics/mapping.yaml'), 'utf8')) as Mapping;
  const dir = path.join(repoRoot, 'test/kics/disagreements');
  mapping.disagreements = {};
  for (const file of existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : []) {
    const entries = (parse(readFileSync(path.join(dir, file), 'utf8')) ?? {}) as Record<string, string>;
    for (const [id, reason] of Object.entries(entries)) {
      if (id in mapping.disagreements)
        throw new Error(`${file}: ${id} is already listed in another disagreements file`);
      if (!reason?.trim()) throw new Error(`${file}: ${id} needs a reason`);
      mapping.disagreements[id] = reason;
    }
  }
  return mapping;
}

function linesFor(expected: { file: string; line: number }[], file: string): number[] {
  return [...new Set(expected.filter((e) => e.file === file).map((e) => e.line))].sort((a, b) => a - b);
}

/** Every sample of every mapped query, from the KICS manifest and the ARM sample folders. */
export function listSamples(repoRoot: string, mapping: Mapping): Sample[] {
  const samples: Sample[] = [];
  for (const corpus of mapping.corpora) {
    const root = path.join(repoRoot, corpus.root);
    const queries: {
      name: string;
      dir: string;
      positives: string[];
      negatives: string[];
      expected: ManifestQuery['expected'];
    }[] = [];
    if (corpus.manifest) {
      const manifest = JSON.parse(readFileSync(path.join(root, corpus.manifest), 'utf8')) as ManifestQuery[];
      for (const q of manifest) {
        const dir = q.dir.replace(/^kics\//, '');
        queries.push({
          name: path.basename(dir),
          dir,
          positives: q.positives,
          negatives: q.negatives,
          expected: q.expected.filter((e) => !e.file_not_copied),
        });
      }
    } else {
      for (const name of readdirSync(root).filter((n) => existsSync(path.join(root, n, 'test')))) {
        const testDir = path.join(root, name, 'test');
        const files = readdirSync(testDir)
          .filter((f) => f !== 'positive_expected_result.json')
          .sort();
        const expected = (
          JSON.parse(readFileSync(path.join(testDir, 'positive_expected_result.json'), 'utf8')) as {
            fileName?: string;
            line: number;
          }[]
        ).map((e) => ({
          file: e.fileName ?? 'positive.json',
          line: e.line,
        }));
        queries.push({
          name,
          dir: name,
          positives: files.filter((f) => f.startsWith('positive')).map((f) => `test/${f}`),
          negatives: files.filter((f) => f.startsWith('negative')).map((f) => `test/${f}`),
          expected,
        });
      }
    }
    for (const q of queries) {
      const rules = mapping.queries[q.name];
      if (!rules) {
        if (!(q.name in mapping.unmapped))
          throw new Error(`KICS query ${q.name} is neither mapped nor listed as unmapped in test/kics/mapping.yaml`);
        continue;
      }
      for (const [polarity, list] of [
        ['positive', q.positives],
        ['negative', q.negatives],
      ] as const) {
        for (const rel of list) {
          const relToCorpus = `${q.dir}/${rel}`;
          samples.push({
            id: `${corpus.name}:${relToCorpus}`,
            query: q.name,
            rules,
            file: path.posix.join(corpus.root, relToCorpus),
            polarity,
            expectedLines: polarity === 'positive' ? linesFor(q.expected, path.basename(rel)) : [],
          });
        }
      }
    }
  }
  return samples;
}

/** The resource that holds a line: the one of the file starting closest before it. */
function enclosing(resources: Resource[], line: number): string | undefined {
  let best: Resource | undefined;
  for (const r of resources) {
    const start = r.location.line ?? 0;
    if (r.kind !== 'iac.file' && start <= line && (!best || start > (best.location.line ?? 0))) best = r;
  }
  return best?.uid;
}

/**
 * A mapped rule, optionally narrowed to one property it decides (`rule@path`): its finding counts
 * only when that property is not on for the resource. For a check that judges one setting of
 * several the rule judges together (one of the four S3 Block Public Access settings).
 */
function counts(ref: string, finding: Finding, decided: Map<string, Record<string, unknown>>): boolean {
  const [rule, property] = ref.split('@');
  if (finding.ruleId !== rule) return false;
  return property === undefined || decided.get(`${rule} ${finding.resource.uid}`)?.[property] !== true;
}

export async function runAccuracy(repoRoot: string, samples: Sample[]): Promise<Outcome[]> {
  // Each sample is collected on its own (samples of one folder must not see each other),
  // then everything is evaluated in one pass.
  const sources: Source[] = [];
  const resources: Resource[] = [];
  for (const [index, sample] of samples.entries()) {
    const { source, resources: found } = await collectIac([sample.file], { root: repoRoot, sourceId: `kics-${index}` });
    sources.push(source);
    resources.push(...found);
  }
  const snapshot = makeSnapshot('accuracy', sources, resources);
  const results = await evaluateSnapshots([
    { snapshot, sha256: sha256(serializeSnapshot(snapshot)), file: '(kics samples)' },
  ]);
  const resourcesByFile = new Map<string, Resource[]>();
  for (const r of resources)
    if (r.location.file) resourcesByFile.set(r.location.file, [...(resourcesByFile.get(r.location.file) ?? []), r]);
  const gapsByFile = new Map(
    sources
      .flatMap((s) => s.gaps)
      .filter((g) => g.file)
      .map((g) => [g.file!, g]),
  );

  const decided = new Map<string, Record<string, unknown>>();
  for (const e of results.evidence) for (const v of e.values) decided.set(`${e.ruleId} ${v.uid}`, v.values);

  return samples.map((sample) => {
    const findings = results.findings.filter(
      (f) => f.resource.location.file === sample.file && sample.rules.some((ref) => counts(ref, f, decided)),
    );
    const gap = gapsByFile.get(sample.file);
    const gapNote = gap ? ` (gap: ${gap.reason}: ${gap.message})` : '';
    if (sample.polarity === 'negative') {
      return findings.length === 0
        ? { sample, agreed: true, detail: 'not flagged' }
        : {
            sample,
            agreed: false,
            detail: `flagged: ${findings.map((f) => `line ${f.resource.location.line} ${f.ruleId}`).join('; ')}`,
          };
    }
    const inFile = resourcesByFile.get(sample.file) ?? [];
    const missed = sample.expectedLines.filter((line) => {
      const holder = enclosing(inFile, line);
      return !findings.some(
        (f) => f.resource.location.line === line || (holder !== undefined && f.resource.uid === holder),
      );
    });
    if (sample.expectedLines.length === 0) {
      return findings.length > 0
        ? { sample, agreed: true, detail: 'flagged (KICS gives no line)' }
        : { sample, agreed: false, detail: `not flagged${gapNote}` };
    }
    return missed.length === 0
      ? { sample, agreed: true, detail: `flagged lines ${sample.expectedLines.join(', ')}` }
      : { sample, agreed: false, detail: `expected line(s) ${missed.join(', ')} not flagged${gapNote}` };
  });
}
