// Plain Resource Manager reads that have no SDK client among our dependencies: lists under a
// resource (firewall rules, containers, keys), one setting, a subscription's activity-log
// diagnostic settings, the subscriptions the credential sees. Same pipeline as the SDK clients:
// bearer token, TLS trust, retries with backoff and jitter, Retry-After honoured.
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  RestError,
} from '@azure/core-rest-pipeline';
import type { Connection } from './connection.ts';

type Obj = Record<string, unknown>;

export class ArmReader {
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient = createDefaultHttpClient();

  constructor(private readonly connection: Connection) {
    this.pipeline = createPipelineFromOptions(connection.clientOptions);
    this.pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({
        credential: connection.credential,
        scopes: `${connection.endpoint}/.default`,
      }),
    );
  }

  /** GET one ARM path (`/subscriptions/...?api-version=...`); a non-2xx answer is a RestError. */
  async get(pathAndQuery: string): Promise<Obj> {
    const url = pathAndQuery.startsWith('https://') ? pathAndQuery : `${this.connection.endpoint}${pathAndQuery}`;
    const response = await this.pipeline.sendRequest(this.http, createPipelineRequest({ url, method: 'GET' }));
    const text = response.bodyAsText ?? '';
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new RestError(`the answer of GET ${pathOf(url)} is not JSON`, { statusCode: response.status });
    }
    if (response.status >= 300) {
      const error = (body as { error?: { code?: string; message?: string } }).error;
      throw new RestError(error?.message ?? `HTTP ${response.status}`, {
        statusCode: response.status,
        code: error?.code,
      });
    }
    return typeof body === 'object' && body !== null ? (body as Obj) : {};
  }

  /** Every item of a list, following nextLink. */
  async list(pathAndQuery: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let next: string | undefined = pathAndQuery;
    for (let page = 0; next && page < 1000; page++) {
      const body = await this.get(next);
      if (Array.isArray(body.value)) items.push(...body.value);
      next = typeof body.nextLink === 'string' ? body.nextLink : undefined;
      // The bearer token goes wherever nextLink points: only ever to the endpoint we were given.
      if (next && !next.startsWith(`${this.connection.endpoint}/`)) {
        throw new RestError(`nextLink of ${pathOf(pathAndQuery)} leaves ${this.connection.endpoint}`, {
          statusCode: 0,
        });
      }
    }
    return items;
  }
}

function pathOf(url: string): string {
  return url.replace(/^https:\/\/[^/]+/, '').replace(/\?.*$/, '');
}
