// AWS::ElasticLoadBalancingV2::Listener and each Listeners entry of a classic
// AWS::ElasticLoadBalancing::LoadBalancer -> loadbalancer.listener.

import { num, str } from '../../../../kit/values.ts';
import type { LoadbalancerListenerProps } from '../../../../model/kinds.ts';
import type { Resource } from '../../../../model/resource.ts';
import { arr, type MapContext, obj } from '../context.ts';

/** Lowest TLS version an ELB security policy accepts, read from its documented name. */
export function minTlsOfPolicy(policy: string): string | undefined {
  if (/TLS13-1-3/.test(policy)) return '1.3';
  if (/TLS13-1-2|TLS-1-2|FS-1-2/.test(policy)) return '1.2';
  if (/TLS13-1-1|TLS-1-1|FS-1-1/.test(policy)) return '1.1';
  if (/TLS13-1-0|ELBSecurityPolicy-(2016-08|2015-05|FS-2018-06)$/.test(policy)) return '1.0';
  return undefined;
}

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
              minVersion: sslPolicy ? minTlsOfPolicy(sslPolicy) : undefined,
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
