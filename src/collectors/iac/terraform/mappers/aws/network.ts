// aws_vpc joined with aws_flow_log (by vpc_id) -> network.vpc; aws_lb_listener / aws_alb_listener
// -> loadbalancer.listener.

import { num, str } from '../../../../../kit/values.ts';
import type { LoadbalancerListenerProps, NetworkVpcProps } from '../../../../../model/kinds.ts';
import type { Resource } from '../../../../../model/resource.ts';
import { elbPolicyMinTls } from '../../../../../providers/aws/elb.ts';
import type { TfResourceRecord } from '../../records.ts';
import { blocks, buildResource, firstBlock, gapAt, refOf, resourceUid } from '../common.ts';
import type { AwsContext } from './context.ts';
import { parseRef } from './link.ts';

/** What else an aws_flow_log can capture (provider docs: exactly one of these or vpc_id). */
const FLOW_LOG_TARGETS = ['subnet_id', 'eni_id', 'transit_gateway_id', 'transit_gateway_attachment_id'];

const VPC_TYPES = ['aws_vpc', 'aws_default_vpc'];

export function mapVpcs(ctx: AwsContext): Resource[] {
  // The default VPC, adopted by aws_default_vpc, is a VPC like any other (flow logs attach by its id).
  const vpcs = ctx.index.ofType('aws_vpc', 'aws_default_vpc');
  const logs = new Map<TfResourceRecord, string[]>(vpcs.map((v) => [v, []]));
  let unresolvedLogs = 0;
  for (const flowLog of ctx.index.ofType('aws_flow_log')) {
    const vpcId = flowLog.values.vpc_id;
    if (vpcId === undefined) {
      // A subnet, ENI or transit gateway flow log; with none of them it captures nothing (the
      // provider requires exactly one), so it is reported rather than silently dropped.
      if (!FLOW_LOG_TARGETS.some((attr) => flowLog.values[attr] !== undefined))
        ctx.gaps.push(
          gapAt(
            flowLog,
            'other',
            `declares no target (${['vpc_id', ...FLOW_LOG_TARGETS].join(', ')}); it captures no network's traffic`,
          ),
        );
      continue;
    }
    const vpc = ctx.index.link(flowLog, vpcId, VPC_TYPES, 'id');
    if (vpc) logs.get(vpc)?.push(resourceUid(flowLog));
    else {
      // A reference to another (missing) aws_vpc cannot be one of these VPCs; a variable or id could.
      if (!VPC_TYPES.includes(parseRef(refOf(vpcId) ?? '')?.type ?? '')) unresolvedLogs += 1;
      const what = refOf(vpcId) ?? str(vpcId) ?? 'an unknown value';
      ctx.gaps.push(
        gapAt(
          flowLog,
          'unresolved-reference',
          `VPC ${what} is not defined in the scanned files; this flow log was not linked to any VPC`,
        ),
      );
    }
  }
  return vpcs.map((vpc) => {
    const props: NetworkVpcProps = {};
    const cidrs = [str(vpc.values.cidr_block), str(vpc.values.ipv6_cidr_block)].filter(
      (c): c is string => c !== undefined,
    );
    if (cidrs.length > 0) props.cidrBlocks = cidrs;
    const flowLogs = logs.get(vpc) ?? [];
    props.flowLogs = flowLogs;
    // A flow log we could not link might belong to this VPC: then only a positive answer is certain.
    if (flowLogs.length > 0 || unresolvedLogs === 0) props.flowLogsEnabled = flowLogs.length > 0;
    return buildResource(vpc, ctx.sourceId, 'network.vpc', props, { propAttrs: { cidrBlocks: 'cidr_block' } });
  });
}

const WEB_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TLS']);

function listener(ctx: AwsContext, r: TfResourceRecord): Resource<'loadbalancer.listener'> {
  const v = r.values;
  const props: LoadbalancerListenerProps = {};
  const defaulted: string[] = [];
  let protocol = str(v.protocol)?.toUpperCase();
  if (protocol === undefined && v.protocol === undefined) {
    // Provider docs: for Application Load Balancers the protocol defaults to HTTP
    // (aws_lb load_balancer_type defaults to "application").
    const lb = ctx.index.link(r, v.load_balancer_arn, ['aws_lb', 'aws_alb'], 'arn');
    if (lb && (lb.values.load_balancer_type === undefined || lb.values.load_balancer_type === 'application')) {
      protocol = 'HTTP';
      defaulted.push('protocol');
    }
  }
  if (protocol) props.protocol = protocol;
  const port = num(v.port);
  if (port !== undefined) props.port = port;
  const redirect = blocks(v.default_action).some(
    (a) => a.type === 'redirect' && str(firstBlock(a.redirect)?.protocol)?.toUpperCase() === 'HTTPS',
  );
  props.redirectsToHttps = redirect;
  const sslPolicy = str(v.ssl_policy);
  if (sslPolicy) props.sslPolicy = sslPolicy;
  const tls: NonNullable<LoadbalancerListenerProps['tls']> = {};
  // TCP, UDP and the like may carry TLS end to end: only HTTP(S) and TLS listeners say whether it is required.
  if (protocol && WEB_PROTOCOLS.has(protocol)) tls.required = protocol === 'HTTPS' || protocol === 'TLS' || redirect;
  else if (redirect) tls.required = true;
  const minVersion = sslPolicy ? elbPolicyMinTls(sslPolicy) : undefined;
  if (minVersion) tls.minVersion = minVersion;
  if (Object.keys(tls).length > 0) props.tls = tls;
  return buildResource(r, ctx.sourceId, 'loadbalancer.listener', props, {
    defaulted,
    propAttrs: {
      protocol: 'protocol',
      port: 'port',
      redirectsToHttps: 'default_action',
      sslPolicy: 'ssl_policy',
      'tls.required': 'protocol',
      'tls.minVersion': 'ssl_policy',
    },
  });
}

export function mapListeners(ctx: AwsContext): Resource[] {
  return [
    ...ctx.index.ofType('aws_lb_listener', 'aws_alb_listener').map((r) => listener(ctx, r)),
    ...ctx.index.ofType('aws_elb').flatMap((r) => classicListeners(ctx, r)),
  ];
}

/**
 * The `listener` blocks of a classic load balancer (aws_elb), one loadbalancer.listener each:
 * lb_protocol HTTP, HTTPS, TCP or SSL; a classic load balancer cannot redirect HTTP to HTTPS.
 */
function classicListeners(ctx: AwsContext, r: TfResourceRecord): Resource<'loadbalancer.listener'>[] {
  return blocks(r.values.listener).map((block, i) => {
    const props: LoadbalancerListenerProps = { redirectsToHttps: false };
    const protocol = str(block.lb_protocol)?.toUpperCase();
    if (protocol) props.protocol = protocol;
    const port = num(block.lb_port);
    if (port !== undefined) props.port = port;
    if (protocol === 'HTTP' || protocol === 'HTTPS' || protocol === 'SSL')
      props.tls = { required: protocol !== 'HTTP' };
    return buildResource(r, ctx.sourceId, 'loadbalancer.listener', props, {
      part: `listener[${port ?? i}]`,
      line: r.attrLines?.listener,
    });
  });
}
