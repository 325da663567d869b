// The real comments of one IaC file, from the parser of its language (HCL or YAML); JSON has none.
import { type CommentLine, isHclFile, isYamlFile, yamlComments } from '../../kit/suppressions.ts';
import { hclComments } from './terraform/hcl/comments.ts';

export async function commentsOf(file: string, text: string): Promise<CommentLine[]> {
  if (isHclFile(file)) return hclComments(text);
  if (isYamlFile(file)) return yamlComments(text);
  return [];
}
