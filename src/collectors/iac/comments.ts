// The real comments of IaC files, from the parser of their language (HCL or YAML); JSON has none.
// Terraform files are parsed here for good: the Terraform reader takes over each file's tree. Many
// of them are parsed in worker threads (one per other core) and this thread together; a few are
// parsed here alone, where starting a worker (each loads the tree-sitter grammar) costs more than
// it saves.
import type { CommentLine } from '../../kit/suppressions.ts';
import { isHclFile, isYamlFile, yamlComments } from '../../kit/suppressions.ts';
import { poolSize, runInWorkers } from '../../util/worker-pool.ts';
import type { ParseTask } from './parse-worker.ts';
import { hclComments } from './terraform/hcl/comments.ts';
import { type AheadOutcome, getParser, keepParsed, parseHclForScan } from './terraform/hcl/parser.ts';

/** Terraform files from which the parse goes to worker threads (measured in docs/startup.md). */
export const PARALLEL_PARSE_FILES = 200;

/** A .tf or .tfvars file: the Terraform reader will be given it, and takes over this parse of it. */
function isTerraformSource(file: string): boolean {
  return /\.(tf|tfvars)$/i.test(file);
}

/** `file` is the path the format collectors will be given (relative to the root). */
export async function commentsOf(file: string, text: string): Promise<CommentLine[]> {
  if (isHclFile(file)) return hclComments(text, isTerraformSource(file) ? file : undefined);
  if (isYamlFile(file)) return yamlComments(text);
  return [];
}

export interface CommentsOptions {
  /**
   * Worker threads parsing Terraform files beside this thread; default: one per other core from
   * PARALLEL_PARSE_FILES files, else none.
   */
  workers?: number;
  /** The worker's module; default ./parse-worker (tests give one that fails on purpose). */
  script?: URL;
  /** Whether this thread parses too while the workers do (default true; false leaves every file to them). */
  here?: boolean;
}

const PARSE_WORKER = new URL(`./parse-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** The comments of each file, in the order given. */
export async function commentsOfFiles(
  files: { relPath: string; content: string }[],
  options: CommentsOptions = {},
): Promise<CommentLine[][]> {
  const terraform = files.filter((f) => isTerraformSource(f.relPath));
  const workers = options.workers ?? (terraform.length >= PARALLEL_PARSE_FILES ? poolSize(terraform.length) : 0);
  const inWorkers = new Map<string, CommentLine[]>();
  if (workers > 0) {
    const tasks: ParseTask[] = terraform.map((f) => ({ file: f.relPath, text: f.content }));
    const parser = options.here === false ? undefined : await getParser();
    const outcomes = await runInWorkers<ParseTask, { comments: CommentLine[]; outcome: AheadOutcome }>(
      options.script ?? PARSE_WORKER,
      tasks,
      {
        workers,
        ...(options.here !== false && { local: ({ file, text }: ParseTask) => parseHclForScan(parser!, text, file) }),
      },
    );
    outcomes.forEach((done, i) => {
      const { relPath, content } = terraform[i]!;
      // A file no worker started on is parsed here, below.
      if (!done.ok && !done.started) return;
      // A parse lost with its worker is the reader's 'could not be read' gap for that file, as a
      // parser that throws here is.
      const parsed = done.ok
        ? done.value
        : { comments: [], outcome: { thrown: new Error(`the parser failed (${done.error})`) } };
      keepParsed(relPath, content, parsed.outcome);
      inWorkers.set(relPath, parsed.comments);
    });
  }
  const comments: CommentLine[][] = [];
  for (const { relPath, content } of files)
    comments.push(inWorkers.get(relPath) ?? (await commentsOf(relPath, content)));
  return comments;
}
