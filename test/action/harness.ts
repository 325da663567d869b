// Runs the Action as a runner does: a child process with INPUT_* and GITHUB_* variables, inside a
// temporary git repository, against a fake GitHub REST API on loopback.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const fixtures = path.join(repoRoot, 'test/fixtures/action');
const bundle = path.join(repoRoot, 'dist/action/index.js');

/**
 * How to start the Action: the committed bundle, as a runner does (`node dist/action/index.js`).
 * CI checks first that the bundle is built from the committed sources (npm run action:check-fresh);
 * after changing src/, run `npm run action:build`. ASSAY_ACTION_BUNDLE=<path> runs another build.
 */
export function actionCommand(): string[] {
  const other = process.env.ASSAY_ACTION_BUNDLE;
  return ['node', other ? path.resolve(other) : bundle];
}

/** The Action from its TypeScript sources (through tsx), for tests of changes not yet in the bundle. */
export function sourceCommand(): string[] {
  return ['node', '--import', import.meta.resolve('tsx'), path.join(repoRoot, 'src/action/index.ts')];
}

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV }, stdio: 'pipe' });
}

export interface TempRepo {
  dir: string;
  base: string;
  head: string;
}

/** A git repository with a base commit (files of `baseDir`) and a head commit (`headDir` copied over, plus `extra`). */
export function makeRepo(
  options: { baseDir?: string; headDir?: string; extra?: Record<string, string> } = {},
): TempRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-action-'));
  git(dir, 'init', '-q', '-b', 'main');
  cpSync(options.baseDir ?? path.join(fixtures, 'repo/base'), dir, { recursive: true });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  git(dir, 'checkout', '-q', '-b', 'feature');
  cpSync(options.headDir ?? path.join(fixtures, 'repo/head'), dir, { recursive: true });
  for (const [file, text] of Object.entries(options.extra ?? {})) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'head');
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  return { dir, base, head };
}

/** The pull_request fixture with this repository's commits. */
export function pullRequestEvent(repo: Pick<TempRepo, 'base' | 'head'>): string {
  const payload = JSON.parse(readFileSync(path.join(fixtures, 'pull_request.json'), 'utf8'));
  payload.pull_request.base.sha = repo.base;
  payload.pull_request.head.sha = repo.head;
  payload.before = repo.base;
  payload.after = repo.head;
  return JSON.stringify(payload, null, 2);
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

interface Comment {
  id: number;
  body: string;
  user: { login: string; id: number; type: string };
  html_url: string;
  created_at: string;
  updated_at: string;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  comments: Map<number, Comment[]>;
  /** Answer comment creation with this status (403 as for a fork's read-only token). */
  failCreate?: number;
  close: () => Promise<void>;
}

/** The issue comment endpoints of the GitHub REST API, answered as GitHub does, on 127.0.0.1. */
export async function fakeGitHub(): Promise<FakeGitHub> {
  let nextId = 9_001;
  const fake: Omit<FakeGitHub, 'url' | 'close'> = { requests: [], comments: new Map() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      fake.requests.push({ method, url, headers: req.headers, body });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(payload));
      };
      const pathname = new URL(url, 'http://localhost').pathname;
      const list = pathname.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/);
      const one = pathname.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/);
      if (list && method === 'GET') return send(200, fake.comments.get(Number(list[3])) ?? []);
      if (list && method === 'POST') {
        if (fake.failCreate) {
          return send(fake.failCreate, {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
            status: String(fake.failCreate),
          });
        }
        const issue = Number(list[3]);
        const now = new Date().toISOString();
        const id = nextId++;
        const comment: Comment = {
          id,
          body: (body as { body: string }).body,
          user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
          html_url: `https://github.com/${list[1]}/${list[2]}/pull/${issue}#issuecomment-${id}`,
          created_at: now,
          updated_at: now,
        };
        fake.comments.set(issue, [...(fake.comments.get(issue) ?? []), comment]);
        return send(201, comment);
      }
      if (one && method === 'PATCH') {
        const id = Number(one[3]);
        const comment = [...fake.comments.values()].flat().find((c) => c.id === id);
        if (!comment) return send(404, { message: 'Not Found', status: '404' });
        comment.body = (body as { body: string }).body;
        comment.updated_at = new Date().toISOString();
        return send(200, comment);
      }
      return send(404, { message: 'Not Found', status: '404' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  commands: WorkflowCommand[];
  runnerTemp: string;
}

const decode = (s: string) =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

/** `::name key=value,key=value::message` lines, decoded as the runner does. */
export function parseCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split('\n')) {
    const match = line.match(/^::([a-z-]+)(?: ([^:]*))?::(.*)$/);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = decode(pair.slice(eq + 1));
    }
    commands.push({ command: match[1]!, properties, message: decode(match[3]!) });
  }
  return commands;
}

/** The GITHUB_OUTPUT file: `name<<delimiter`, value lines, delimiter. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = lines[i]!.match(/^([^<]+)<<(.+)$/);
    if (!match) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i]!);
    outputs[match[1]!] = value.join('\n');
  }
  return outputs;
}

export interface RunOptions {
  cwd: string;
  inputs?: Record<string, string>;
  eventName: string;
  /** Event payload JSON text; written to a file for GITHUB_EVENT_PATH. */
  event?: string;
  apiUrl?: string;
  env?: Record<string, string>;
  /** Run the sources (sourceCommand) instead of the bundle. */
  fromSource?: boolean;
}

/** Starts the Action with the environment a runner gives a step; resolves when it exits. */
export async function runAction(options: RunOptions): Promise<ActionRun> {
  const runnerTemp = mkdtempSync(path.join(os.tmpdir(), 'assay-runner-'));
  const summaryFile = path.join(runnerTemp, 'step_summary');
  const outputFile = path.join(runnerTemp, 'output');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: runnerTemp,
    ...GIT_ENV,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_WORKSPACE: options.cwd,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_RUN_ID: '4242',
    RUNNER_TEMP: runnerTemp,
  };
  if (options.event !== undefined) {
    const eventFile = path.join(runnerTemp, 'event.json');
    writeFileSync(eventFile, options.event);
    env.GITHUB_EVENT_PATH = eventFile;
  }
  // The runner passes INPUT_<NAME upper-cased, spaces as underscores>, dashes kept.
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  Object.assign(env, options.env);
  const [command, ...args] = options.fromSource ? sourceCommand() : actionCommand();
  const child = spawn(command!, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    stdout,
    stderr,
    summary: readFileSync(summaryFile, 'utf8'),
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    commands: parseCommands(stdout),
    runnerTemp,
  };
}

/** The default inputs a workflow gets from action.yml, as the runner would pass them. */
export function defaultInputs(token = 'ghs_fakeTokenForTests000000000000000000'): Record<string, string> {
  return {
    paths: '.',
    frameworks: '',
    'fail-on': 'high',
    formats: 'sarif,markdown,html,json',
    'output-dir': 'assay-results',
    waivers: '',
    policies: '',
    'changed-only': '',
    comment: '',
    'github-token': token,
  };
}
