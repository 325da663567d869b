// The workflow event as the runner describes it: its name and, for pull request events, the
// pull request's number and base/head commits, read from the payload at GITHUB_EVENT_PATH.
import { readFileSync } from 'node:fs';

export interface PullRequestInfo {
  number: number;
  baseSha?: string;
  headSha?: string;
}

export interface ActionEvent {
  name: string;
  pullRequest?: PullRequestInfo;
  /** Why the payload could not be used, when it could not. */
  problem?: string;
}

function sha(value: unknown): string | undefined {
  return typeof value === 'string' && /^[0-9a-f]{7,64}$/i.test(value) ? value : undefined;
}

export function readEvent(env: NodeJS.ProcessEnv): ActionEvent {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return { name, ...(name ? { problem: 'GITHUB_EVENT_PATH is not set' } : {}) };
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { name, problem: `the event payload ${file} could not be read: ${(error as Error).message}` };
  }
  const pr = (payload as { pull_request?: Record<string, unknown> } | null)?.pull_request;
  if (!pr || typeof pr !== 'object') return { name };
  if (typeof pr.number !== 'number' || !Number.isInteger(pr.number) || pr.number < 1) {
    return { name, problem: 'the event has a pull_request without a valid number' };
  }
  const base = sha((pr.base as { sha?: unknown } | undefined)?.sha);
  const head = sha((pr.head as { sha?: unknown } | undefined)?.sha);
  return {
    name,
    pullRequest: { number: pr.number, ...(base ? { baseSha: base } : {}), ...(head ? { headSha: head } : {}) },
  };
}
