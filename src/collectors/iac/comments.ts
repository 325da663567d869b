// The real comments of one IaC file, from the parser of its language (HCL or YAML); JSON has none.
import { type CommentLine, isHclFile, isYamlFile, yamlComments } from '../../kit/suppressions.ts';
import { hclComments } from './terraform/hcl/comments.ts';

/** `file` is the path the format collectors will be given (relative to the root). */
export async function commentsOf(file: string, text: string): Promise<CommentLine[]> {
  // A .tf or .tfvars file goes to the Terraform reader next, which takes over this parse of it.
  if (isHclFile(file)) return hclComments(text, /\.(tf|tfvars)$/i.test(file) ? file : undefined);
  if (isYamlFile(file)) return yamlComments(text);
  return [];
}
