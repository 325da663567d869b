// action.yml and the ready-to-copy workflows in examples/workflows/ checked against SchemaStore's
// schemas (what editors and actionlint-style tools check them with), and against each other: a
// workflow may only pass inputs the Action declares and read outputs it sets.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ajvModule from 'ajv';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const schemaDir = path.join(root, 'test/fixtures/third-party/schemas/github');
const workflowDir = path.join(root, 'examples/workflows');

// Both packages are CommonJS with a `default` export; TypeScript sees the module object.
const ajv = new ajvModule.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const readSchema = (name: string) => JSON.parse(readFileSync(path.join(schemaDir, name), 'utf8'));
const validateWorkflow = ajv.compile(readSchema('github-workflow.json'));
const validateAction = ajv.compile(readSchema('github-action.json'));

interface Step {
  id?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: Step[] }>;
}
interface ActionMetadata {
  inputs: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
}

const readYaml = (file: string): unknown => parse(readFileSync(file, 'utf8'));
const errorsOf = (validate: typeof validateWorkflow) => JSON.stringify(validate.errors?.slice(0, 5), null, 1);
const action = () => readYaml(path.join(root, 'action.yml')) as ActionMetadata;

const workflowFiles = readdirSync(workflowDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

function assayStep(workflow: Workflow): Step {
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const step = steps.find((s) => s.uses?.startsWith('assay-dev/assay@'));
  if (!step) throw new Error('no assay step');
  return step;
}

/** Every `steps.assay.outputs.<name>` a workflow reads. */
function outputsRead(text: string): string[] {
  return [...text.matchAll(/steps\.assay\.outputs\.([\w-]+)/g)].map((m) => m[1]!);
}

describe('example workflows', () => {
  it('are the two documented modes', () => {
    expect(workflowFiles).toEqual(['assay-pull-request.yml', 'assay-scheduled-audit.yml']);
  });

  it.each(workflowFiles)('%s is valid against SchemaStore github-workflow.json', (file) => {
    const ok = validateWorkflow(readYaml(path.join(workflowDir, file)));
    expect(ok, errorsOf(validateWorkflow)).toBe(true);
  });

  it.each(workflowFiles)('%s passes only inputs action.yml declares and reads only outputs it sets', (file) => {
    const text = readFileSync(path.join(workflowDir, file), 'utf8');
    const step = assayStep(parse(text) as Workflow);
    const { inputs, outputs } = action();
    expect(step.id).toBe('assay');
    expect(Object.keys(step.with ?? {}).filter((key) => !(key in inputs))).toEqual([]);
    const read = outputsRead(text);
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((name) => !(name in outputs))).toEqual([]);
  });

  it('pull-request workflow: runs on pull_request with full history, may comment, uploads SARIF even on failure', () => {
    const workflow = readYaml(path.join(workflowDir, 'assay-pull-request.yml')) as Workflow & {
      permissions: Record<string, string>;
    };
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({
      contents: 'read',
      'pull-requests': 'write',
      'security-events': 'write',
    });
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBe('${{ steps.assay.outputs.sarif-file }}');
    expect(upload?.if).toMatch(/^always\(\)/);
  });

  it('scheduled workflow: runs on a schedule and by hand, uploads the report folder even on failure', () => {
    const workflow = readYaml(path.join(workflowDir, 'assay-scheduled-audit.yml')) as Workflow;
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toBe('${{ steps.assay.outputs.report-dir }}');
    expect(upload?.if).toBe('always()');
  });

  it('a workflow with a misspelt key fails validation', () => {
    const workflow = readYaml(path.join(workflowDir, 'assay-pull-request.yml')) as Record<string, unknown>;
    const { jobs, ...rest } = workflow;
    expect(validateWorkflow({ ...rest, job: jobs })).toBe(false);
    const job = Object.values(jobs as Record<string, Record<string, unknown>>)[0]!;
    const { 'runs-on': runsOn, ...jobRest } = job;
    expect(validateWorkflow({ ...rest, jobs: { assay: { ...jobRest, runs_on: runsOn } } })).toBe(false);
  });
});

describe('action.yml', () => {
  it('is valid against SchemaStore github-action.json', () => {
    const ok = validateAction(action());
    expect(ok, errorsOf(validateAction)).toBe(true);
  });

  it('runs the committed bundle on node24, the runtime GitHub runs actions on since it dropped Node 20', () => {
    const { runs } = action();
    expect(runs.using).toBe('node24');
    expect(runs.main).toMatch(/^dist\/action\//);
    expect(existsSync(path.join(root, runs.main))).toBe(true);
  });

  it('documents every input and output', () => {
    const { inputs, outputs } = action();
    for (const [name, input] of Object.entries({ ...inputs, ...outputs })) {
      expect(input.description?.trim(), name).toBeTruthy();
    }
  });

  it('declares the inputs and outputs the issue asks for', () => {
    const { inputs, outputs } = action();
    expect(Object.keys(inputs).sort()).toEqual(
      [
        'allow-empty',
        'changed-only',
        'comment',
        'fail-on',
        'formats',
        'frameworks',
        'github-token',
        'output-dir',
        'paths',
        'policies',
        'waivers',
      ].sort(),
    );
    expect(Object.keys(outputs).sort()).toEqual(['failed-controls', 'findings', 'report-dir', 'sarif-file']);
  });

  it('metadata with a misspelt key or an unsupported runtime fails validation', () => {
    const { inputs, ...rest } = action();
    expect(validateAction({ ...rest, input: inputs })).toBe(false);
    expect(validateAction({ ...action(), runs: { using: 'node8', main: 'x.js' } })).toBe(false);
  });
});
