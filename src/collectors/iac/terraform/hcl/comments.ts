// The comments of an HCL file, as the tree-sitter parser delimits them: text inside a quoted
// string, a heredoc or a template is never a comment, whatever it looks like.
import { type CommentLine, hclCommentLines } from '../../../../kit/suppressions.ts';
import { getParser } from './parser.ts';

/** Every comment line of `text`; a file with syntax errors still gives the comments the parser recognised. */
export async function hclComments(text: string): Promise<CommentLine[]> {
  const parser = await getParser();
  const tree = parser.parse(text);
  if (!tree) return [];
  try {
    return tree.rootNode
      .descendantsOfType('comment')
      .flatMap((node) => (node ? hclCommentLines(node.text, node.startPosition.row + 1) : []));
  } finally {
    tree.delete();
  }
}
