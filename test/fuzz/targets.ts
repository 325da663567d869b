// What the fuzz properties call, by name, inside a worker thread (worker.ts) so that a case that
// never returns can be stopped. Each target returns the problems it saw (an empty list is a
// pass): an exception that escaped, a failure that is not a gap, a line outside the input.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArmEvaluator } from '../../src/collectors/iac/arm/expressions.ts';
import { collectArm } from '../../src/collectors/iac/arm/index.ts';
import { collectCloudFormation } from '../../src/collectors/iac/cloudformation/index.ts';
import { Resolver } from '../../src/collectors/iac/cloudformation/intrinsics.ts';
import { commentsOf } from '../../src/collectors/iac/comments.ts';
import { collectKubernetes } from '../../src/collectors/iac/kubernetes/index.ts';
import { collectTerraform } from '../../src/collectors/iac/terraform/index.ts';
import type { IacFile, IacFormat } from '../../src/kit/format-contract.ts';
import { JsonSyntaxError, type PositionIndex, parseLocated, parseLocatedJson } from '../../src/kit/located.ts';
import { suppressionsIn } from '../../src/kit/suppressions.ts';
import type { Gap, Source } from '../../src/model/resource.ts';
import { readInlineWaivers } from '../../src/waivers/inline.ts';

// An empty folder, so a module source or a neighbour file the input names reads nothing real.
const ROOT = mkdtempSync(path.join(os.tmpdir(), 'assay-fuzz-'));

function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

function file(name: string, content: string, format: IacFormat): IacFile {
  return { relPath: name, absPath: path.join(ROOT, name), content, format };
}

/** A gap a collector made from an exception it caught is a crash reported politely: still a bug. */
function crashGaps(gaps: Gap[]): string[] {
  return gaps.filter((g) => /collector failed/.test(g.message)).map((g) => `crash gap: ${g.message}`);
}

function lineProblems(what: string, lines: Iterable<number>, text: string): string[] {
  const last = lineCount(text);
  const problems: string[] = [];
  for (const line of lines) {
    if (!Number.isInteger(line) || line < 1 || line > last) problems.push(`${what}: line ${line} outside 1..${last}`);
  }
  return problems;
}

/** Every line the positions index records for the objects and arrays reachable from `value`. */
function recordedLines(value: unknown, positions: PositionIndex): number[] {
  const lines: number[] = [];
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === null || typeof item !== 'object' || seen.has(item)) continue;
    seen.add(item);
    const at = positions.get(item);
    if (at) lines.push(at.line, at.endLine, ...Object.values(at.keys), ...at.items);
    pending.push(...(Array.isArray(item) ? item : Object.values(item)));
  }
  return lines;
}

export const targets = {
  async terraform(text: string): Promise<string[]> {
    const result = await collectTerraform([file('main.tf', text, 'terraform')], 'fuzz');
    return [
      ...crashGaps(result.gaps),
      ...lineProblems(
        'gap',
        result.gaps.flatMap((g) => (g.line === undefined ? [] : [g.line])),
        text,
      ),
      ...lineProblems(
        'resource',
        result.resources.flatMap((r) => (r.location.line ? [r.location.line] : [])),
        text,
      ),
    ];
  },

  async cloudformation(text: string): Promise<string[]> {
    const result = await collectCloudFormation([file('stack.yaml', text, 'cloudformation')], 'fuzz');
    return crashGaps(result.gaps);
  },

  async arm(text: string): Promise<string[]> {
    const result = await collectArm([file('azuredeploy.json', text, 'arm')], 'fuzz');
    return crashGaps(result.gaps);
  },

  async kubernetes(text: string): Promise<string[]> {
    const result = await collectKubernetes([file('deploy.yaml', text, 'kubernetes')], 'fuzz');
    return crashGaps(result.gaps);
  },

  /** CloudFormation intrinsics over a template object (parameters, conditions, mappings, resources). */
  cfnIntrinsics(template: Record<string, unknown>): string[] {
    const resolver = new Resolver(template, new WeakMap());
    resolver.resolve(template.Resources);
    resolver.resolve(template.Outputs);
    for (const name of Object.keys((template.Conditions as object | undefined) ?? {})) resolver.condition(name);
    return [];
  },

  /** ARM `[...]` expressions in a template's resources, resolved and used as names. */
  armExpressions(template: Record<string, unknown>): string[] {
    const evaluator = new ArmEvaluator(template);
    const resources = Array.isArray(template.resources) ? template.resources : [];
    evaluator.resolve(resources);
    for (const resource of resources) evaluator.name((resource as { name?: unknown } | null)?.name);
    return [];
  },

  /** The JSON/YAML locator: a value with in-range positions, or a failure with a message (and line). */
  located(text: string): string[] {
    const outcome = parseLocated(text);
    if (!outcome.ok) {
      const problems = typeof outcome.message === 'string' && outcome.message ? [] : ['failure without a message'];
      return [...problems, ...lineProblems('error', outcome.line === undefined ? [] : [outcome.line], text)];
    }
    return lineProblems('position', recordedLines(outcome.value, outcome.positions), text);
  },

  /** The strict JSON parser: a value with in-range positions, or JsonSyntaxError (its documented failure). */
  locatedJson(text: string): string[] {
    try {
      const { value, positions } = parseLocatedJson(text);
      return lineProblems('position', recordedLines(value, positions), text);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      return lineProblems('error', [error.line], text);
    }
  },

  /** Suppression comments (HCL and YAML) and their reading as waivers: lines in range, never a throw. */
  async suppressions(input: { text: string; language: 'hcl' | 'yaml' }): Promise<string[]> {
    const name = input.language === 'hcl' ? 'main.tf' : 'stack.yaml';
    const found = suppressionsIn(name, await commentsOf(name, input.text));
    const source = { id: 'fuzz', suppressions: found } as unknown as Source;
    const { waivers, invalid } = readInlineWaivers([source]);
    const problems = lineProblems(
      'suppression',
      found.map((s) => s.line),
      input.text,
    );
    if (waivers.length + invalid.length !== found.length)
      problems.push('a suppression was neither a waiver nor invalid');
    return problems;
  },

  /** For the harness's own test: a case that never answers, and one that throws. */
  selfTestHang(): string[] {
    for (;;) {}
  },
  selfTestThrow(): string[] {
    throw new TypeError('deliberately');
  },
};

export type TargetName = keyof typeof targets;
