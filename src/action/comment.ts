// The one pull request comment: found by a hidden marker and updated on later pushes, created
// only when none exists, so a pull request never collects one comment per push.

/** Hidden in the rendered comment; how later runs find it. */
export const COMMENT_MARKER = '<!-- assay:report -->';

/** GitHub rejects issue comment bodies longer than this. */
export const COMMENT_MAX_CHARS = 65_536;

interface IssueComment {
  id: number;
  body?: string | null;
  user?: { login: string; type?: string } | null;
  html_url: string;
}

/** The part of an Octokit client this module uses (getOctokit(token) from @actions/github gives it). */
export interface CommentClient {
  paginate: (route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', params: object) => Promise<unknown[]>;
  rest: {
    users: { getAuthenticated: () => Promise<{ data: { login: string } }> };
    issues: {
      createComment: (params: {
        owner: string;
        repo: string;
        issue_number: number;
        body: string;
      }) => Promise<{ data: IssueComment }>;
      updateComment: (params: {
        owner: string;
        repo: string;
        comment_id: number;
        body: string;
      }) => Promise<{ data: IssueComment }>;
    };
  };
}

export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

export interface CommentOutcome {
  action: 'created' | 'updated';
  id: number;
  url: string;
}

/** The marker first (so a truncated body still carries it), the text cut to GitHub's limit. */
export function commentBody(markdown: string): string {
  const head = `${COMMENT_MARKER}\n`;
  const room = COMMENT_MAX_CHARS - head.length;
  if (markdown.length <= room) return head + markdown;
  const note = '\n\n> **Truncated** to fit a pull request comment; the job summary has everything.\n';
  return head + markdown.slice(0, room - note.length) + note;
}

/**
 * Our earlier comment: one that starts with the marker and was written by whoever this token
 * posts as — the user a personal token belongs to (`author`), or a bot for the Actions token
 * (github-actions[bot]; GitHub does not tell an installation token who it is). Anyone can paste
 * the marker into a comment; updating theirs would fail for lack of rights (so no report would
 * be posted) or overwrite what they wrote.
 */
export function findOwnComment(comments: readonly IssueComment[], author?: string): IssueComment | undefined {
  const ours = (c: IssueComment) => (author ? c.user?.login === author : c.user?.type === 'Bot');
  return comments.find((c) => ours(c) && c.body?.startsWith(COMMENT_MARKER));
}

/** The login a personal token posts as; undefined for the Actions token, which may not read /user. */
async function tokenLogin(client: CommentClient): Promise<string | undefined> {
  try {
    return (await client.rest.users.getAuthenticated()).data.login;
  } catch {
    return undefined;
  }
}

export async function upsertComment(
  client: CommentClient,
  target: CommentTarget,
  markdown: string,
): Promise<CommentOutcome> {
  const { owner, repo, issueNumber } = target;
  const comments = (await client.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  })) as IssueComment[];
  const body = commentBody(markdown);
  const existing = findOwnComment(comments, await tokenLogin(client));
  if (existing) {
    const { data } = await client.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  const { data } = await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
  return { action: 'created', id: data.id, url: data.html_url };
}

/** What went wrong with the API, naming the request and status, for a warning. */
export function describeApiError(error: unknown): string {
  const e = error as {
    status?: number;
    message?: string;
    request?: { method?: string; url?: string };
  };
  const request = e.request?.method && e.request.url ? `${e.request.method} ${pathOf(e.request.url)}` : 'GitHub API';
  const status = typeof e.status === 'number' ? `HTTP ${e.status}` : 'no response';
  const hint =
    e.status === 403
      ? ' (pull requests from forks get a read-only token; grant `pull-requests: write` or skip the comment with `comment: false`)'
      : e.status === 404
        ? ' (the pull request or repository was not found with this token)'
        : '';
  return `${request} failed: ${status}: ${firstLine(e.message ?? String(error))}${hint}`;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 300);
}
