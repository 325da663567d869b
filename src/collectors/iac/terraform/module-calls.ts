// The module calls of one Terraform file, read with the real HCL parser: how the GitHub Action
// finds the files that call a changed module, where a regular expression would also match text
// in comments, strings and heredocs.

import { type ModuleCall, moduleCalls } from './hcl/module.ts';
import { getParser, parseHcl } from './hcl/parser.ts';

export type TerraformModuleCall = ModuleCall;

/** A file that is not valid HCL: the message says file:line:column and what was found there. */
export class TerraformSyntaxError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Every `module` block of the file, in order: its name, its `source` (when a literal string) and
 * the line of the block. Throws TerraformSyntaxError when the file does not parse.
 */
export async function terraformModuleCalls(content: string, file: string): Promise<TerraformModuleCall[]> {
  const parsed = parseHcl(await getParser(), content, file);
  if (!parsed.ok) throw new TerraformSyntaxError(parsed.gap.message, file, parsed.gap.line);
  return moduleCalls(parsed.body);
}
