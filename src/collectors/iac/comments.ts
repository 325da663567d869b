// The real comments of IaC files, from the parser of their language (HCL or YAML); JSON has none.
// Terraform files are parsed here for good: the Terraform reader takes over each file's tree. The
// direct HCL parser reads a file in a few hundredths of a millisecond per kilobyte, less than a
// worker thread would take to send its tree back, so every file is parsed in this thread.
import type { CommentLine } from '../../kit/suppressions.ts';
import { isHclFile, isYamlFile, yamlComments } from '../../kit/suppressions.ts';
import { hclComments } from './terraform/hcl/comments.ts';

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

/** The comments of each file, in the order given. */
export async function commentsOfFiles(files: { relPath: string; content: string }[]): Promise<CommentLine[][]> {
  const comments: CommentLine[][] = [];
  for (const { relPath, content } of files) comments.push(await commentsOf(relPath, content));
  return comments;
}
