// AWS::ElasticLoadBalancingV2::Listener and each Listeners entry of a classic
// AWS::ElasticLoadBalancing::LoadBalancer -> loadbalancer.listener.

import { num, str } from '../../../../kit/values.ts';
import type { LoadbalancerListenerProps } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import { elbPolicyMinTls } from '../../../../providers/aws/elb.ts';
import { arr, type MapContext, obj } from '../context.ts';

export function mapListeners(ctx: MapContext): Resource[] {
  return ctx.ofType('AWS::ElasticLoadBalancingV2::Listener').map((listener) => {
    const p = listener.props;
    const protocol = str(p.Protocol)?.toUpperCase();
    const sslPolicy = str(p.SslPolicy);
    const actions = arr(p.DefaultActions).map(obj);
    const props: LoadbalancerListenerProps = {
      protocol,
      port: num(p.Port),
      sslPolicy,
      redirectsToHttps:
        actions.length > 0 && actions.every((a) => a !== undefined)
          ? actions.some(
              (a) =>
                str(a?.Type)?.toLowerCase() === 'redirect' &&
                str(obj(a?.RedirectConfig)?.Protocol)?.toUpperCase() === 'HTTPS',
            )
          : undefined,
      tls:
        protocol === undefined
          ? undefined
          : {
              required: protocol === 'HTTPS' || protocol === 'TLS',
              minVersion: sslPolicy ? elbPolicyMinTls(sslPolicy) : undefined,
            },
    };
    return ctx.build(listener, 'loadbalancer.listener', props, {
      propLines: {
        protocol: ctx.lineOf(p, 'Protocol'),
        'tls.required': ctx.lineOf(p, 'Protocol'),
        'tls.minVersion': ctx.lineOf(p, 'SslPolicy'),
        redirectsToHttps: ctx.lineOf(p, 'DefaultActions'),
      },
    });
  });
}

/** Classic load balancers declare their listeners inline: one loadbalancer.listener per entry. */
export function mapClassicListeners(ctx: MapContext): Resource[] {
  return ctx.ofType('AWS::ElasticLoadBalancing::LoadBalancer').flatMap((balancer) => {
    const list = balancer.props.Listeners;
    return arr(list).flatMap((item, index) => {
      const entry = obj(item);
      if (!entry) return [];
      const protocol = str(entry.Protocol)?.toUpperCase();
      const port = num(entry.LoadBalancerPort);
      const props: LoadbalancerListenerProps = {
        protocol,
        port,
        // Classic listeners cannot redirect; HTTPS and SSL are their encrypted protocols.
        redirectsToHttps: false,
        tls: protocol === undefined ? undefined : { required: protocol === 'HTTPS' || protocol === 'SSL' },
      };
      return [
        ctx.build(balancer, 'loadbalancer.listener', props, {
          part: `listener/${port ?? index}`,
          line: ctx.itemLine(list, index),
          propLines: { protocol: ctx.lineOf(entry, 'Protocol'), 'tls.required': ctx.lineOf(entry, 'Protocol') },
        }),
      ];
    });
  });
}
