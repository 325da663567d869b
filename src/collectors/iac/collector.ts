// The `iac` collector's definition: infrastructure-as-code files under the given paths
// (collectIac, ./index.ts, does the work). Its options are the CLI's `assay collect iac
// <paths...> [--root DIR]` and an audit source's `{collector: iac, paths: [...], root: ...}`.
import path from 'node:path';
import { KINDS } from '../../model/kinds.ts';
import { type Collector, ROOT_OPTION } from '../contract.ts';
import { collectIac } from './index.ts';

export type IacOptions = {
  paths: string[];
  root: string;
};

export const iacCollector: Collector<IacOptions> = {
  id: 'iac',
  description: 'collect infrastructure-as-code into a snapshot',
  // Every kind but those only live sources have: AD groups and hosts.
  kinds: KINDS.filter((kind) => kind !== 'identity.group' && !kind.startsWith('host.')),
  options: {
    type: 'object',
    properties: {
      paths: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'files or folders',
        'x-positional': true,
      },
      root: ROOT_OPTION,
    },
    required: ['paths'],
    additionalProperties: false,
  },
  async collect(options, context) {
    const root = path.resolve(context.root, options.root);
    context.progress(`reading ${options.paths.join(', ')}`);
    const { source, resources } = await collectIac(options.paths, {
      root,
      now: context.now,
      // Every secret found in a file is redacted from everything the run writes or prints.
      onSecret: (clear) => context.redactor.addDetected(clear),
    });
    const { gaps, ...rest } = source;
    context.progress(`${source.itemCount ?? 0} files read, ${resources.length} resources, ${gaps.length} gaps`);
    return { source: rest, resources, gaps };
  },
  target: (options) => options.paths.join(', '),
  summary: (result, file) =>
    `wrote ${file}\n${result.resources.length} resources from ${result.source.itemCount ?? 0} files, ${result.gaps.length} gaps`,
};
