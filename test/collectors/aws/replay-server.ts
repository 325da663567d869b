// A local AWS endpoint that replays recorded responses to the real SDK clients: the JSON 1.1
// protocol of AWS Config (X-Amz-Target: StarlingDoveService.<Op>) and the query protocol of IAM,
// STS and EC2 (form-encoded Action=<Op>, XML replies). The region comes from the request's SigV4
// credential scope. An action outside docs/aws-iam-policy.json is refused (403) and recorded,
// so tests can assert that the collector asks for nothing else.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** One recorded exchange: the requests it answers and its replies, served in order (the last repeats). */
export interface ReplayRule {
  /** `config:ListDiscoveredResources`, `iam:GetAccountPasswordPolicy`, `sts:GetCallerIdentity`... */
  action: string;
  region?: string;
  /** Request fields (JSON body or form fields) that must be equal. */
  when?: Record<string, unknown>;
  replies: { status?: number; body: unknown }[];
  /** A generated workload (the benchmark) answers from the request instead of recorded replies. */
  generate?: (request: Record<string, unknown>) => unknown;
}

export interface Call {
  action: string;
  region: string;
  request: Record<string, unknown>;
}

export function allowedActions(): Set<string> {
  const policy = JSON.parse(readFileSync(path.join(repo, 'docs/aws-iam-policy.json'), 'utf8')) as {
    Statement: { Action: string[] }[];
  };
  return new Set(policy.Statement.flatMap((s) => s.Action));
}

export function loadRules(file: string): ReplayRule[] {
  return JSON.parse(readFileSync(path.join(repo, 'test/fixtures/aws/replay', file), 'utf8')) as ReplayRule[];
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class ReplayServer {
  readonly calls: Call[] = [];
  readonly refused: Call[] = [];
  private server?: Server;
  private readonly used = new Map<ReplayRule, number>();
  private readonly allowed = allowedActions();

  constructor(private readonly rules: ReplayRule[]) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void bodyOf(request).then((text) => {
        const reply = this.answer(request, text);
        response.writeHead(reply.status, { 'content-type': reply.type, 'x-amzn-requestid': 'replay' });
        response.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private answer(request: IncomingMessage, text: string): { status: number; type: string; body: string } {
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(String(request.headers.authorization ?? ''));
    const region = scope?.[1] ?? '?';
    const target = request.headers['x-amz-target'];
    const json = typeof target === 'string';
    const fields: Record<string, unknown> = json
      ? (JSON.parse(text || '{}') as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(text));
    const op = json ? target.split('.')[1] : String(fields.Action);
    const action = `${json ? 'config' : scope?.[2]}:${op}`;
    const call = { action, region, request: fields };
    // EC2's query protocol wraps errors in <Response><Errors>, IAM's and STS's in <ErrorResponse>.
    const error = (status: number, code: string, message: string) =>
      json
        ? { status, type: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: code, message }) }
        : scope?.[2] === 'ec2'
          ? {
              status,
              type: 'text/xml',
              body: `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>replay</RequestID></Response>`,
            }
          : {
              status,
              type: 'text/xml',
              body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>replay</RequestId></ErrorResponse>`,
            };
    if (!this.allowed.has(action)) {
      this.refused.push(call);
      return error(
        403,
        json ? 'AccessDeniedException' : scope?.[2] === 'ec2' ? 'UnauthorizedOperation' : 'AccessDenied',
        `${action} is not in docs/aws-iam-policy.json`,
      );
    }
    this.calls.push(call);
    const rule = this.rules.find(
      (r) =>
        r.action === action &&
        (r.region === undefined || r.region === region) &&
        Object.entries(r.when ?? {}).every(([key, value]) => JSON.stringify(fields[key]) === JSON.stringify(value)),
    );
    if (!rule) return error(400, 'ReplayMissing', `no recorded response for ${action} in ${region}: ${text}`);
    if (rule.generate) {
      return { status: 200, type: 'application/x-amz-json-1.1', body: JSON.stringify(rule.generate(fields)) };
    }
    const index = this.used.get(rule) ?? 0;
    this.used.set(rule, index + 1);
    const reply = rule.replies[Math.min(index, rule.replies.length - 1)]!;
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return { status: reply.status ?? 200, type: json ? 'application/x-amz-json-1.1' : 'text/xml', body };
  }
}
