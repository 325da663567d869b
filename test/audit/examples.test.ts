// The shipped audit workflows and Kubernetes manifest: valid YAML (the workflows against
// SchemaStore's github-workflow.json), and every `assay` command they run exists with the options
// they pass.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ajvModule from 'ajv';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { buildProgram } from '../../src/cli/main.ts';
import { repoRoot } from '../cli/run-cli.ts';

const workflowDir = path.join(repoRoot, 'examples/workflows/audit');
const kubernetesDir = path.join(repoRoot, 'examples/kubernetes');
const workflows = readdirSync(workflowDir).filter((f) => f.endsWith('.yml'));
// examples/kubernetes also holds manifests the IaC examples scan; the audit's are named assay-*.
const manifests = readdirSync(kubernetesDir).filter((f) => /^assay-.*\.yaml$/.test(f));

const program = await buildProgram({ stdout: () => undefined, stderr: () => undefined, isTty: false }, () => undefined);

/** Every `assay <command> ...` in a shell text, as [command, long options]. */
function assayCommands(shell: string): { command: string; options: string[] }[] {
  return [...shell.matchAll(/(?:npx |^\s*|-c |exec )assay (\w+)([^\n|;]*)/gm)].map((m) => ({
    command: m[1]!,
    options: [...m[2]!.matchAll(/(?:^|\s)(--[\w-]+|-\w)\b/g)].map((o) => o[1]!),
  }));
}

function checkCommands(shell: string): number {
  const found = assayCommands(shell);
  for (const { command, options } of found) {
    const sub = program.commands.find((c: Command) => c.name() === command);
    expect(sub, `assay ${command}`).toBeDefined();
    const known = sub!.options.flatMap((o) => [o.long, o.short].filter(Boolean));
    expect(
      options.filter((o) => !known.includes(o)),
      `options of assay ${command}`,
    ).toEqual([]);
  }
  return found.length;
}

const ajv = new ajvModule.default({ allErrors: true, strict: false });
const validateWorkflow = ajv.compile(
  JSON.parse(
    readFileSync(path.join(repoRoot, 'test/fixtures/third-party/schemas/github/github-workflow.json'), 'utf8'),
  ),
);

describe('audit examples', () => {
  it('ship a scheduled and a sharded workflow, and an Indexed Job', () => {
    expect(workflows.sort()).toEqual(['assay-audit-daily.yml', 'assay-audit-sharded.yml']);
    expect(manifests).toEqual(['assay-audit-indexed-job.yaml']);
  });

  it.each(workflows)('%s is a valid workflow whose assay commands exist', (file) => {
    const text = readFileSync(path.join(workflowDir, file), 'utf8');
    const workflow = parse(text) as { jobs: Record<string, { steps: { run?: string }[] }> };
    expect(validateWorkflow(workflow), JSON.stringify(validateWorkflow.errors?.slice(0, 3))).toBe(true);
    const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((s) => s.run ?? []));
    expect(checkCommands(runs.join('\n'))).toBeGreaterThan(1);
  });

  it('the daily workflow signs its evidence and keeps it beyond the artifact limit', () => {
    const text = readFileSync(path.join(workflowDir, 'assay-audit-daily.yml'), 'utf8');
    expect(text).toMatch(/assay sign evidence --key/);
    expect(text).toMatch(/gh release create/);
    expect(text).toMatch(/assay prune --keep-days (\d+)/);
    expect(Number(/--keep-days (\d+)/.exec(text)![1])).toBeGreaterThanOrEqual(400);
  });

  it('the sharded workflow merges after every shard, and each shard takes its own index', () => {
    const workflow = parse(readFileSync(path.join(workflowDir, 'assay-audit-sharded.yml'), 'utf8')) as {
      jobs: {
        shard: { strategy: { matrix: { shard: number[] } }; steps: { run?: string }[] };
        merge: { needs: string };
      };
    };
    const shards = workflow.jobs.shard.strategy.matrix.shard;
    expect(shards).toEqual(shards.map((_, i) => i + 1));
    const run = workflow.jobs.shard.steps.map((s) => s.run ?? '').join('\n');
    expect(run).toContain(`--shard \${{ matrix.shard }}/${shards.length}`);
    expect(workflow.jobs.merge.needs).toBe('shard');
  });

  it('the Indexed Job shards by its completion index and a second Job merges', () => {
    const docs = parseAllDocuments(readFileSync(path.join(kubernetesDir, manifests[0]!), 'utf8')).map((d) => d.toJS());
    const [shards, merge] = docs as {
      kind: string;
      spec: {
        completionMode?: string;
        completions?: number;
        template: { spec: { containers: { command: string[] }[] } };
      };
    }[];
    expect([shards!.kind, shards!.spec.completionMode]).toEqual(['Job', 'Indexed']);
    const command = shards!.spec.template.spec.containers[0]!.command.join(' ');
    expect(command).toContain(`--shard "$((JOB_COMPLETION_INDEX + 1))/${shards!.spec.completions}"`);
    expect(checkCommands(command)).toBe(1);
    expect(checkCommands(merge!.spec.template.spec.containers[0]!.command.join(' '))).toBe(1);
  });
});
