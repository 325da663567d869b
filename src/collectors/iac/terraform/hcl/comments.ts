// The comments of an HCL file, as the tree-sitter parser delimits them: text inside a quoted
// string, a heredoc or a template is never a comment, whatever it looks like.
import type { CommentLine } from '../../../../kit/suppressions.ts';
import { parseDirect } from './direct-parser.ts';
import { commentLines, getParser, parseHclAhead } from './parser.ts';

/**
 * Every comment line of `text`; a file with syntax errors still gives the comments the parser
 * recognised. With the file's path (a Terraform file of a scan), the rest of the parse is kept for
 * the Terraform reader, which would otherwise parse the file a second time.
 */
export async function hclComments(text: string, terraformFile?: string): Promise<CommentLine[]> {
  if (terraformFile === undefined) {
    const direct = parseDirect(text);
    if (direct) return direct.comments;
  }
  const parser = await getParser();
  if (terraformFile !== undefined) return parseHclAhead(parser, text, terraformFile);
  const tree = parser.parse(text);
  if (!tree) return [];
  try {
    return commentLines(tree.rootNode);
  } finally {
    tree.delete();
  }
}
