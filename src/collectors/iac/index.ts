// Collects infrastructure-as-code: finds every file under the given paths, decides each one's
// format, hands IaC files to their format's collector, scans every text file for hardcoded
// secrets (an `iac.file` resource per file read, so the population is the files hashed) and
// records every file seen and not read as a gap with its reason and the kinds it may hold.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { IacCollector, IacFile, IacFormat } from '../../kit/format-contract.ts';
import { scanForSecrets } from '../../kit/secrets.ts';
import { suppressionsIn } from '../../kit/suppressions.ts';
import {
  type Gap,
  type InlineSuppression,
  type Resource,
  type Source,
  UNREAD_GAP_REASONS,
} from '../../model/resource.ts';
import { sha256 } from '../../model/snapshot.ts';
import { collectArm } from './arm/index.ts';
import { collectCloudFormation } from './cloudformation/index.ts';
import { commentsOfFiles } from './comments.ts';
import { detectFormat, isCandidate } from './detect.ts';
import { decodeUtf8, discoverFiles, isBinary, readRegularFile, SKIPPED_DIRS } from './files.ts';
import { collectKubernetes } from './kubernetes/index.ts';
import { collectTerraform } from './terraform/index.ts';

export { isCandidate } from './detect.ts';
export { discoverFiles, isScannedPath } from './files.ts';
export {
  type TerraformModuleCall,
  TerraformSyntaxError,
  terraformModuleCalls,
} from './terraform/module-calls.ts';

const COLLECTORS: { formats: IacFormat[]; collect: IacCollector }[] = [
  { formats: ['terraform', 'tfvars', 'terraform-plan'], collect: collectTerraform },
  { formats: ['cloudformation'], collect: collectCloudFormation },
  { formats: ['arm'], collect: collectArm },
  { formats: ['kubernetes'], collect: collectKubernetes },
];

export interface IacCollectOptions {
  /** Paths in resources and gaps are relative to this folder (default: the working directory). */
  root?: string;
  sourceId?: string;
  now?: () => Date;
  /** Receives the clear value of every secret found, for the run's redactor (never stored). */
  onSecret?: (clear: string) => void;
}

export interface IacCollection {
  source: Source;
  resources: Resource[];
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** A file not walked into (a link not followed) of no IaC name can hide a secret only; a folder, anything. */
function withKinds(gap: Gap, root: string): Gap {
  if (gap.file === undefined || gap.kinds !== undefined || isCandidate(gap.file)) return gap;
  try {
    return statSync(path.resolve(root, gap.file)).isFile() ? { ...gap, kinds: ['iac.file'] } : gap;
  } catch {
    return gap;
  }
}

function targetsOf(paths: string[], root: string): string[] {
  return paths.map((p) => toPosix(path.relative(root, path.resolve(root, p))) || '.');
}

export async function collectIac(paths: string[], options: IacCollectOptions = {}): Promise<IacCollection> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const root = path.resolve(options.root ?? process.cwd());
  const sourceId = options.sourceId ?? 'iac';
  const discovered = discoverFiles(paths, root);
  const absolutes = discovered.files;
  const gaps = discovered.gaps.map((gap) => withKinds(gap, root));
  const files: IacFile[] = [];
  const fileResources: Resource<'iac.file'>[] = [];
  const hashes: { path: string; sha256: string }[] = [];
  const suppressions: InlineSuppression[] = [];
  // Files read as text, in order; parsed and scanned once all are read.
  const texts: { relPath: string; absPath: string; content: string; format: IacFormat | null; hash: string }[] = [];
  for (const absPath of absolutes) {
    const relPath = toPosix(path.relative(root, absPath));
    const read = readRegularFile(absPath, relPath);
    // A file of no IaC format can hide a hardcoded secret (an iac.file finding), nothing else.
    const mayHold: Pick<Gap, 'kinds'> = isCandidate(relPath) ? {} : { kinds: ['iac.file'] };
    if (!read.ok) {
      gaps.push({ ...read.gap, ...mayHold });
      continue;
    }
    if (!isCandidate(relPath) && isBinary(read.bytes)) {
      gaps.push({
        reason: 'unsupported',
        file: relPath,
        message: `${relPath}: binary file (a NUL byte in its first 8000 bytes); not scanned for secrets`,
        ...mayHold,
      });
      continue;
    }
    const { text: content, invalidLine } = decodeUtf8(read.bytes);
    if (invalidLine !== undefined) {
      // The file is read with U+FFFD in place of the bad bytes; its hash is still of the bytes.
      gaps.push({
        reason: 'unsupported',
        file: relPath,
        line: invalidLine,
        message: `${relPath}:${invalidLine}: invalid UTF-8, read with replacement characters (U+FFFD)`,
      });
    }
    const detection = detectFormat(relPath, content);
    if (detection.format === null && detection.error) {
      gaps.push({ reason: 'parse-error', file: relPath, line: detection.error.line, message: detection.error.message });
    }
    texts.push({ relPath, absPath, content, format: detection.format, hash: sha256(read.bytes) });
  }
  // The comments of every text file (the Terraform files' parse is kept for the reader), and secrets.
  const comments = await commentsOfFiles(texts);
  const secrets = texts.map(({ content }) => scanForSecrets(content, options.onSecret));
  texts.forEach(({ relPath, absPath, content, format: iacFormat, hash }, i) => {
    const format = iacFormat ?? 'other';
    hashes.push({ path: relPath, sha256: hash });
    for (const suppression of suppressionsIn(relPath, comments[i]!)) suppressions.push(suppression);
    if (iacFormat) files.push({ relPath, absPath, content, format: iacFormat });
    fileResources.push({
      uid: `file:${relPath}`,
      kind: 'iac.file',
      provider: 'iac',
      nativeType: format,
      name: relPath,
      location: { file: relPath, line: 1 },
      // Files of no modelled format are still read for hardcoded secrets: a password in a
      // docker-compose file or a malformed manifest is leaked all the same.
      props: { format, sha256: hash, resourceCount: 0, secrets: secrets[i]! },
      sourceId,
    });
  });
  const resources: Resource[] = [];
  for (const { formats, collect } of COLLECTORS) {
    const mine = files.filter((f) => formats.includes(f.format));
    if (mine.length === 0) continue;
    try {
      const result = await collect(mine, sourceId);
      for (const resource of result.resources) resources.push(resource);
      for (const gap of result.gaps) gaps.push(gap);
    } catch (error) {
      // A collector must not throw; if one does, its files are recorded as not scanned.
      for (const f of mine)
        gaps.push({ reason: 'other', file: f.relPath, message: `collector failed: ${(error as Error).message}` });
    }
  }
  const perFile = new Map<string, number>();
  for (const r of resources) if (r.location.file) perFile.set(r.location.file, (perFile.get(r.location.file) ?? 0) + 1);
  for (const f of fileResources) f.props.resourceCount = perFile.get(f.name) ?? 0;
  if (resources.length === 0 && !gaps.some((g) => UNREAD_GAP_REASONS.has(g.reason))) {
    // Nothing to check is not a clean result: a wrong path or an empty folder must not pass (a
    // file that could not be read already says why nothing was found).
    gaps.push({
      reason: 'unsupported',
      message:
        `no infrastructure resource found under ${targetsOf(paths, root).join(', ')} ` +
        (hashes.length === 0
          ? '(no file read); nothing was checked'
          : `(${hashes.length} file${hashes.length === 1 ? '' : 's'} read); nothing was checked but hardcoded secrets`),
    });
  }
  const failedFiles = new Set(
    gaps.filter((g) => g.reason === 'parse-error' || g.reason === 'unreadable').map((g) => g.file),
  );
  const status: Source['status'] =
    gaps.length === 0 ? 'ok' : failedFiles.size >= absolutes.length && absolutes.length > 0 ? 'failed' : 'partial';
  const targets = targetsOf(paths, root);
  return {
    source: {
      id: sourceId,
      collector: 'iac',
      target: targets.join(', '),
      // How the population was obtained, stated for the auditor: scope, filters, what counts as an item.
      method:
        `Read every regular file under ${targets.join(', ')} (relative to the scan root), skipping ` +
        `${[...SKIPPED_DIRS].join(', ')} folders; parsed Terraform (its JSON syntax, *.tf.json and *.tfvars.json, included), Terraform plans, CloudFormation, Kubernetes ` +
        'and ARM templates into resources and scanned every text file for hardcoded secrets. `files` lists each ' +
        `file read with its SHA-256 (${hashes.length}, one iac.file resource each); every file seen and not read ` +
        '(binary, too large, unreadable, a link not followed) is a gap naming it and why.',
      queries: targets.map((t) => (t === '.' ? '**/*' : `${t}/**/*`)),
      startedAt,
      finishedAt: now().toISOString(),
      status,
      gaps,
      itemCount: hashes.length,
      files: hashes,
      ...(suppressions.length > 0 && { suppressions }),
    },
    resources: [...fileResources, ...resources],
  };
}
