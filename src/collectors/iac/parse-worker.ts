// Worker thread of the IaC dispatcher (./comments.ts): parses Terraform files with tree-sitter and
// posts back each file's comment lines and converted syntax tree (or the converter's error), so a
// large repository is parsed on every core. The grammar is loaded once per thread.
import { serveTasks } from '../../util/worker-pool.ts';
import { getParser, parseHclForScan } from './terraform/hcl/parser.ts';

export interface ParseTask {
  file: string;
  text: string;
}

serveTasks(async ({ file, text }: ParseTask) => parseHclForScan(await getParser(), text, file));
