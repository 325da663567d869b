// The Action, start to end: inputs, what to scan (the pull request's changes or everything),
// evaluation, the reports, annotations, job summary, outputs, the pull request comment, and
// whether the step fails. Each stage lives in its own module; this one only decides the order.
import path from 'node:path';
import * as core from '@actions/core';
import { findCollector } from '../collectors/registry.ts';
import { runCollector } from '../collectors/run.ts';
import { Redactor } from '../kit/redaction.ts';
import { type Results, SEVERITIES } from '../model/results.ts';
import { evaluateSnapshots } from '../pipeline/evaluate.ts';
import { writeOutputDir } from '../pipeline/evidence-folder.ts';
import {
  checkFrameworkIds,
  loadFrameworkDirs,
  policyBundleDir,
  readWaivers,
  UnknownFrameworkError,
  type WaiverSet,
} from '../pipeline/inputs.ts';
import { startRun } from '../pipeline/run.ts';
import { snapshotOf } from '../pipeline/snapshots.ts';
import { verdict } from '../pipeline/verdict.ts';
import { escapeMarkdown, renderMarkdown } from '../reports/markdown.ts';
import { FORMATS } from '../reports/registry.ts';
import { type Annotation, type AnnotationLevel, type AnnotationPlan, planAnnotations } from './annotations.ts';
import { type ChangedFile, changedFiles, headCommit, MissingBaseError } from './changes.ts';
import { type CommentClient, describeApiError, upsertComment } from './comment.ts';
import { type ActionEvent, readEvent } from './event.ts';
import { changedLinesFilter, filterResults } from './filter.ts';
import { type ActionInputs, InputError, readInputs } from './inputs.ts';
import { logText } from './log-text.ts';
import { scanTargets } from './scope.ts';

/** A run-level message (not about one finding), emitted as an annotation before the findings. */
interface RunMessage {
  level: AnnotationLevel;
  text: string;
}

/** What the scan covered, for the summary. */
interface Scope {
  /** Root-relative files or folders handed to the collector. */
  targets: string[];
  /** Set when findings are limited to the pull request's changed lines. */
  changed?: ChangedFile[];
  /** Set in pull request mode: the changed files under `paths` the scan was built from. */
  changedIac?: string[];
  note?: string;
}

const UNREAD_HINT = 'fix or remove the files named in the gaps';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const started = startRun();
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const event = readEvent(env);
  const messages: RunMessage[] = [];
  if (event.problem) messages.push({ level: 'warning', text: event.problem });

  let inputs: ActionInputs;
  let waivers: WaiverSet;
  try {
    inputs = readInputs((name) => core.getInput(name), event.pullRequest !== undefined, workspace);
    checkFrameworks(inputs.frameworks);
    waivers = readWaivers(inputs.waivers);
  } catch (error) {
    core.setFailed(`assay: ${(error as Error).message}`);
    return;
  }
  if (inputs.token) core.setSecret(inputs.token);

  const failures: string[] = [];
  const pr = event.pullRequest;
  if (!pr) {
    if (inputs.comment.explicit && inputs.comment.value) {
      messages.push({
        level: 'warning',
        text: `comment: true, but the ${event.name || 'current'} event has no pull request to comment on`,
      });
    }
    if (inputs.changedOnly.explicit && inputs.changedOnly.value) {
      messages.push({
        level: 'notice',
        text: `changed-only applies to pull requests; the ${event.name || 'current'} event gets a full scan`,
      });
    }
  }
  const wantComment = pr !== undefined && inputs.comment.value;
  if (wantComment && !inputs.token) {
    failures.push(
      'comment is true but github-token is empty, so the pull request comment could not be written ' +
        '(leave github-token at its default, the workflow token, or set `comment: false`)',
    );
  }

  const scope = pr ? await pullRequestScope(pr, inputs, workspace, messages) : { targets: inputs.paths };

  let bundleDir: string | undefined;
  const policies = inputs.policies.map((p) => path.resolve(workspace, p));
  if (policies.length > 0) {
    try {
      bundleDir = await policyBundleDir({ policies });
    } catch (error) {
      failures.push(
        `the policies input could not be used, so only the built-in rules ran: ${(error as Error).message}`,
      );
    }
  }

  // A collector that fails is recorded as a failed source with its reason: the run goes on and says so.
  const redactor = new Redactor();
  const collected = await runCollector(findCollector('iac')!, { paths: scope.targets }, { root: workspace, redactor });
  const snapshots = [snapshotOf([collected], { redactor })];
  let full: Results;
  try {
    full = await evaluateSnapshots(snapshots, {
      ...(bundleDir ? { bundleDir, policies } : {}),
      frameworks: inputs.frameworks,
      waivers,
      // An inline assay:ignore without approver= is accepted by the pull request's review.
      ...(pr ? { inlineApprovedBy: `pull request #${pr.number}` } : {}),
      run: started,
      redactor,
    });
  } catch (error) {
    core.setFailed(`assay: the scan could not be evaluated: ${(error as Error).message}`);
    return;
  }
  const results = scope.changed
    ? (() => {
        const { keep, keepGap } = changedLinesFilter(scope.changed, full);
        return filterResults(full, keep, keepGap);
      })()
    : full;
  const leftOut = full.summary.open - results.summary.open;

  const outputDir = path.resolve(workspace, inputs.outputDir);
  const runLink = runUrl(env);
  // The Action's folder is its own (a workspace path from its input): force keeps the behaviour of
  // overwriting report names there; only files the last run wrote are deleted, and / and home are refused.
  try {
    const written = writeOutputDir(outputDir, snapshots, results, inputs.formats, {
      ...(runLink ? { reportUrl: runLink } : {}),
      force: true,
    });
    if (written.removed.length > 0) info(`assay: removed the previous run's ${written.removed.join(', ')}`);
  } catch (error) {
    core.setFailed(`assay: the reports could not be written: ${(error as Error).message}`);
    return;
  }
  const sarifFile = path.join(inputs.outputDir, FORMATS.sarif.file!);

  // A pull request that changes nothing under `paths` is empty by design; the scope line says so.
  const nothingChanged = scope.changedIac !== undefined && scope.targets.length === 0;
  const { unread, invalidWaivers, findingsAtOrAbove, empty } = verdict(results, inputs.failOn, {
    allowEmpty: inputs.allowEmpty || nothingChanged,
  });
  if (unread.length > 0) failures.push(`${unread.length} input file(s) could not be read (${UNREAD_HINT})`);
  if (empty) {
    failures.push(
      `no resource was found to check under ${inputs.paths.join(', ')} (check the paths input, or set allow-empty: true)`,
    );
  }
  if (invalidWaivers.length > 0) {
    failures.push(`${invalidWaivers.length} waiver(s) are invalid: ${invalidWaivers.map((w) => w.id).join(', ')}`);
  }
  if (findingsAtOrAbove) {
    const counts = SEVERITIES.filter((s) => results.summary.bySeverity[s] > 0)
      .map((s) => `${results.summary.bySeverity[s]} ${s}`)
      .join(', ');
    failures.unshift(`${results.summary.open} open finding(s) (${counts}); fail-on is ${inputs.failOn}`);
  }
  for (const w of results.waivers.filter((o) => o.state === 'expired' || o.state === 'stale')) {
    messages.push({ level: 'warning', text: `waiver ${w.id} (${w.origin}) is ${w.state}` });
  }

  const reportDir = inputs.outputDir;
  const plan = planAnnotations({
    findings: results.findings,
    gaps: results.gaps,
    reserved: reservedSlots(messages, failures.length > 0 || (wantComment && !inputs.token), wantComment),
    seeAlso: `the job summary, the SARIF file (${sarifFile}) and ${reportDir}/`,
    ...(scope.changed ? { changedFiles: new Set(scope.changed.map((c) => c.path)) } : {}),
  });

  const reportUrl = runUrl(env);
  const intro = scopeLines(scope, results, leftOut, plan);
  const summary = withIntro(
    renderMarkdown(results, { ...(reportUrl ? { reportUrl } : {}), maxFindings: results.summary.open }),
    intro,
  );
  const notAnnotated = omittedList(plan);

  for (const line of logLines(results)) info(redactor.redact(line));
  for (const m of messages) annotate({ level: m.level, title: 'assay', message: m.text });
  for (const a of plan.annotations) annotate(a);
  if (plan.overflow) annotate(plan.overflow);

  try {
    await core.summary.addRaw(summary + notAnnotated, true).write();
  } catch (error) {
    info(`The job summary could not be written: ${(error as Error).message}`);
  }

  core.setOutput('findings', String(results.summary.open));
  core.setOutput('failed-controls', failedControls(results).join(','));
  core.setOutput('sarif-file', sarifFile);
  core.setOutput('report-dir', reportDir);

  if (wantComment && inputs.token && pr) {
    const comment = withIntro(renderMarkdown(results, reportUrl ? { reportUrl } : {}), intro);
    await writeComment(inputs.token, env, pr.number, comment);
  }

  if (failures.length > 0) core.setFailed(`assay: ${failures.join('; ')}`);
  else info(`assay: ${results.summary.open} open finding(s), none at or above ${inputs.failOn}`);
}

function checkFrameworks(wanted: string[]): void {
  if (wanted.length === 0) return;
  try {
    checkFrameworkIds(wanted, loadFrameworkDirs());
  } catch (error) {
    if (!(error instanceof UnknownFrameworkError)) throw error;
    throw new InputError(
      `input frameworks: unknown framework ${error.unknown.join(', ')}; use any of ${error.known.join(', ')}`,
    );
  }
}

/**
 * The files a pull request scan reads. Without the base commit (shallow clone) or git, it falls
 * back to a full scan of `paths`, with every finding reported, and says so.
 */
async function pullRequestScope(
  pr: NonNullable<ActionEvent['pullRequest']>,
  inputs: ActionInputs,
  workspace: string,
  messages: RunMessage[],
): Promise<Scope> {
  const head = headCommit(workspace);
  let changed: ChangedFile[];
  try {
    if (!pr.baseSha) throw new MissingBaseError('the pull_request event has no base.sha');
    if (!head) throw new MissingBaseError(`${workspace} is not a git checkout`);
    // HEAD, not pull_request.head.sha: the scan reads the checked-out files, so line numbers must
    // be HEAD's (actions/checkout checks out the merge commit on pull_request events).
    changed = changedFiles(pr.baseSha, head, workspace);
  } catch (error) {
    if (!(error instanceof MissingBaseError)) throw error;
    const note = `Could not tell what pull request #${pr.number} changed: ${error.message}. Scanned everything under ${inputs.paths.join(', ')} and reported every finding instead.`;
    messages.push({ level: 'warning', text: note });
    return { targets: inputs.paths, note };
  }
  const targets = await scanTargets(
    changed.map((c) => c.path),
    inputs.paths,
    workspace,
  );
  const changedIac = changed.map((c) => c.path).filter((p) => targets.includes(p));
  return {
    targets,
    changedIac,
    ...(inputs.changedOnly.value ? { changed } : {}),
  };
}

function reservedSlots(
  messages: RunMessage[],
  failing: boolean,
  comment: boolean,
): Partial<Record<AnnotationLevel, number>> {
  const of = (level: AnnotationLevel) => messages.filter((m) => m.level === level).length;
  return {
    // setFailed prints one error annotation; a failed comment prints one warning.
    error: of('error') + (failing ? 1 : 0),
    warning: of('warning') + (comment ? 1 : 0),
    notice: of('notice'),
  };
}

/** A plain log line; its text may come from the repository, so it is escaped (annotations escape their own). */
function info(line: string): void {
  core.info(logText(line));
}

function annotate(a: Annotation): void {
  const properties = {
    title: a.title,
    ...(a.file ? { file: a.file } : {}),
    ...(a.startLine ? { startLine: a.startLine } : {}),
  };
  const emit = { error: core.error, warning: core.warning, notice: core.notice }[a.level];
  emit(a.message, properties);
}

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  if (!server || !repo || !id || !/^\d+$/.test(id) || !/^https?:\/\//.test(server)) return undefined;
  return `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${id}`;
}

function scopeLines(scope: Scope, results: Results, leftOut: number, plan: AnnotationPlan): string[] {
  const lines: string[] = [];
  if (scope.note) lines.push(`> **Full scan instead of changed lines:** ${escapeMarkdown(scope.note)}`);
  else if (scope.changedIac !== undefined) {
    const files = scope.changedIac.length;
    lines.push(
      files === 0
        ? '**Scope:** this pull request changes no infrastructure-as-code file under the scanned paths.'
        : `**Scope:** ${files} changed IaC file${files === 1 ? '' : 's'}, scanned with ${scope.targets.length} file${scope.targets.length === 1 ? '' : 's'} of their Terraform directories and module callers; ` +
            (scope.changed
              ? `findings on changed lines only (${leftOut} open finding${leftOut === 1 ? '' : 's'} outside them left out).`
              : 'every finding in those files reported (changed-only is off).'),
    );
  } else lines.push(`**Scope:** full scan of ${escapeMarkdown(scope.targets.join(', '))}.`);
  const omitted = plan.omitted.error + plan.omitted.warning + plan.omitted.notice;
  if (omitted > 0) {
    lines.push(
      '',
      `${omitted} finding${omitted === 1 ? '' : 's'} or gap${omitted === 1 ? '' : 's'} did not fit GitHub's annotation limit; all are listed in this run's job summary.`,
    );
  }
  if (results.summary.open === 0 && results.summary.gaps === 0 && results.summary.resources === 0) {
    lines.push('', 'No resources were found to check.');
  }
  return lines;
}

/** The scope lines go right under the renderer's heading. */
function withIntro(markdown: string, intro: string[]): string {
  const [heading, ...rest] = markdown.split('\n');
  if (!heading?.startsWith('## ')) return [...intro, '', markdown].join('\n');
  return [heading, '', ...intro, ...rest].join('\n');
}

/** Every finding and gap that got no annotation, so none is only a number. */
function omittedList(plan: AnnotationPlan): string {
  if (plan.notAnnotated.length === 0) return '';
  return [
    '',
    `### Not annotated (${plan.notAnnotated.length})`,
    '',
    'GitHub shows at most 10 annotations of each level per step; these did not get one.',
    '',
    '| Level | Location | Title | Message |',
    '|---|---|---|---|',
    ...plan.notAnnotated.map((a) => {
      const where = a.file ? `${a.file}${a.startLine ? `:${a.startLine}` : ''}` : '(no file)';
      return `| ${a.level} | ${escapeMarkdown(where)} | ${escapeMarkdown(a.title)} | ${escapeMarkdown(a.message)} |`;
    }),
    '',
  ].join('\n');
}

function logLines(results: Results): string[] {
  return [
    `assay: ${results.summary.open} open finding(s), ${results.summary.waived} waived, ${results.summary.gaps} gap(s), ${results.summary.resources} resource(s) checked`,
    ...results.findings
      .filter((f) => !f.waiver)
      .map((f) => {
        const { file, line } = f.resource.location;
        return `  ${f.severity.padEnd(8)} ${f.ruleId} ${file ?? f.resource.uid}${line ? `:${line}` : ''} ${f.message}`;
      }),
  ];
}

/** `framework:control` for each failing control with at least one reported open finding. */
function failedControls(results: Results): string[] {
  const open = new Set(results.findings.filter((f) => !f.waiver).map((f) => f.fingerprint));
  return results.frameworks.flatMap((fw) =>
    fw.controls
      .filter((c) => c.status === 'fail' && c.findings.some((fp) => open.has(fp)))
      .map((c) => `${fw.id}:${c.id}`),
  );
}

async function writeComment(token: string, env: NodeJS.ProcessEnv, issueNumber: number, body: string): Promise<void> {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) {
    core.warning('The pull request comment was skipped: GITHUB_REPOSITORY is not set to owner/repo', {
      title: 'assay',
    });
    return;
  }
  try {
    // Loaded here: @actions/github reads the event payload when imported.
    const { getOctokit } = await import('@actions/github');
    const client = getOctokit(token) as unknown as CommentClient;
    const outcome = await upsertComment(client, { owner, repo, issueNumber }, body);
    info(`assay: ${outcome.action} pull request comment ${outcome.id} (${outcome.url})`);
  } catch (error) {
    core.warning(`The pull request comment was not written: ${describeApiError(error)}`, { title: 'assay' });
  }
}
