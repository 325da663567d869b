// A local Azure over HTTPS (certificate from a test CA): a Microsoft Entra token endpoint (OpenID
// metadata and the client-credentials grant, what @azure/identity's ClientSecretCredential asks
// for) and Resource Manager replaying recorded responses to the real SDK clients, in order (the
// last repeats), with their status and headers (429 with Retry-After). Every ARM request must
// carry the token; its RBAC action is derived from method and path, and one outside
// docs/azure-reader-role.json is refused (403 AuthorizationFailed) and recorded, so tests can
// assert that the collector asks for nothing else.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestCa } from './test-ca.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const TOKEN = 'replay-access-token-never-printed';

export interface ReplayReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ReplayRule {
  method: string;
  /** The path without the query, compared without case. */
  path?: string;
  /** Instead of `path`: a regular expression the path matches (the benchmark's many accounts). */
  pattern?: string;
  /** Request body fields (dotted paths) that must be equal; null matches an absent field. */
  when?: Record<string, unknown>;
  replies: ReplayReply[];
  /** A generated workload (the benchmark) answers from the request instead of recorded replies. */
  generate?: (body: Record<string, unknown>) => unknown;
}

export interface Call {
  method: string;
  path: string;
  action: string;
  body?: unknown;
}

/** The Reader role's actions the collector is documented to need (docs/azure-reader-role.json). */
export function allowedActions(): Set<string> {
  const role = JSON.parse(readFileSync(path.join(repo, 'docs/azure-reader-role.json'), 'utf8')) as {
    Actions: string[];
  };
  return new Set(role.Actions.map((a) => a.toLowerCase()));
}

export function loadRules(file: string): ReplayRule[] {
  return JSON.parse(readFileSync(path.join(repo, 'test/fixtures/azure/replay', file), 'utf8')) as ReplayRule[];
}

/** POSTs that only read (queries), and so are `/read` actions in Azure RBAC. */
const READ_POSTS = new Set([
  'microsoft.resourcegraph/resources',
  'microsoft.policyinsights/policystates/queryresults',
  'microsoft.policyinsights/policystates/summarize',
]);

/** The RBAC action of an ARM request: provider type from the path's last `providers` segment, verb from the method. */
export function actionOf(method: string, urlPath: string): string {
  const parts = urlPath.split('/').filter((p) => p !== '');
  const at = parts.map((p) => p.toLowerCase()).lastIndexOf('providers');
  let type: string;
  if (at < 0) {
    // /subscriptions, /subscriptions/{id}, /subscriptions/{id}/resourceGroups...
    type = ['Microsoft.Resources', ...parts.filter((_, i) => i % 2 === 0)].join('/');
  } else {
    const rest = parts.slice(at + 1);
    type = [rest[0], ...rest.slice(1).filter((_, i) => i % 2 === 0)].join('/');
  }
  const verb =
    method === 'GET'
      ? 'read'
      : method === 'POST'
        ? READ_POSTS.has(type.toLowerCase())
          ? 'read'
          : 'action'
        : method === 'DELETE'
          ? 'delete'
          : 'write';
  return `${type}/${verb}`;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function field(body: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], body);
}

export class AzureReplayServer {
  readonly calls: Call[] = [];
  readonly refused: Call[] = [];
  readonly tokenRequests: Record<string, string>[] = [];
  /** Read actions Resource Graph checked for the rows it returned (it returns only rows the caller may read). */
  readonly graphChecked = new Set<string>();
  /** The token endpoint's answer; replace to refuse the credential. */
  tokenReply: ReplayReply = {};
  private server?: Server;
  private readonly used = new Map<ReplayRule, number>();
  private readonly allowed = allowedActions();

  constructor(
    private readonly rules: ReplayRule[],
    private readonly ca: TestCa,
  ) {}

  get url(): string {
    return `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer({ key: this.ca.key, cert: this.ca.cert }, (request, response) => {
      void bodyOf(request).then((text) => {
        const reply = this.answer(request, text);
        const body =
          reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        response.writeHead(reply.status ?? 200, {
          'content-type': 'application/json; charset=utf-8',
          'x-ms-request-id': 'replay',
          ...reply.headers,
        });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private answer(request: IncomingMessage, text: string): ReplayReply {
    const url = new URL(request.url ?? '/', this.url);
    const method = request.method ?? 'GET';
    const openid = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (openid) return { body: this.openidConfiguration(openid[1]!) };
    if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) {
      this.tokenRequests.push(Object.fromEntries(new URLSearchParams(text)));
      return this.tokenReply.status
        ? this.tokenReply
        : { body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: TOKEN } };
    }
    const body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
    const call: Call = { method, path: url.pathname, action: actionOf(method, url.pathname), body };
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      return { status: 401, body: { error: { code: 'AuthenticationFailed', message: 'no valid bearer token' } } };
    }
    if (!this.allowed.has(call.action.toLowerCase())) {
      this.refused.push(call);
      return {
        status: 403,
        body: {
          error: {
            code: 'AuthorizationFailed',
            message: `The client does not have authorization to perform action '${call.action}' over scope '${url.pathname}' (not in docs/azure-reader-role.json).`,
          },
        },
      };
    }
    this.calls.push(call);
    const rule = this.rules.find(
      (r) =>
        r.method === method &&
        (r.pattern
          ? new RegExp(r.pattern, 'i').test(url.pathname)
          : r.path?.toLowerCase() === url.pathname.toLowerCase()) &&
        Object.entries(r.when ?? {}).every(
          ([key, value]) => JSON.stringify(field(body, key) ?? null) === JSON.stringify(value),
        ),
    );
    if (!rule) {
      return {
        status: 404,
        body: {
          error: { code: 'ReplayMissing', message: `no recorded response for ${method} ${url.pathname} ${text}` },
        },
      };
    }
    if (rule.generate) return { body: rule.generate(body ?? {}) };
    const index = this.used.get(rule) ?? 0;
    this.used.set(rule, index + 1);
    let reply = rule.replies[Math.min(index, rule.replies.length - 1)]!;
    if (call.action === 'Microsoft.ResourceGraph/resources/read') reply = this.readable(reply);
    // nextLinks are recorded against the real endpoint: served here, they point here.
    const served = JSON.stringify(reply.body ?? {}).replaceAll('https://management.azure.com', this.url);
    return { ...reply, body: served };
  }

  /** Resource Graph returns only the rows whose type the caller may read. */
  private readable(reply: ReplayReply): ReplayReply {
    const page = reply.body as { data?: { type?: string }[] } | undefined;
    if (!Array.isArray(page?.data)) return reply;
    const data = page.data.filter((row) => {
      const action = `${row.type ?? ''}/read`.toLowerCase();
      if (row.type === undefined || this.allowed.has(action)) {
        if (row.type !== undefined) this.graphChecked.add(action);
        return true;
      }
      return false;
    });
    return { ...reply, body: { ...page, data, count: data.length } };
  }

  private openidConfiguration(tenant: string) {
    const base = `${this.url}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${this.url}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${this.url}/${tenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${this.url}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce'],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  }
}
