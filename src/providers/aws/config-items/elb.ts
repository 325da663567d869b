// AWS::ElasticLoadBalancingV2::Listener and the listeners of a classic load balancer
// (AWS::ElasticLoadBalancing::LoadBalancer) -> loadbalancer.listener, TLS read from the security
// policy's documented name (../elb.ts).
import { num, str } from '../../../kit/values.ts';
import { elbPolicyMinTls } from '../elb.ts';
import { arr, type ConfigItem, type MapResult, obj, single } from './item.ts';

const ENCRYPTED = new Set(['HTTPS', 'TLS']);

export function mapListener(item: ConfigItem): MapResult {
  const c = item.configuration;
  const protocol = str(c.Protocol ?? c.protocol);
  const sslPolicy = str(c.SslPolicy ?? c.sslPolicy);
  const actions = arr(c.DefaultActions ?? c.defaultActions).map((action) => obj(action) ?? {});
  const redirectsToHttps = actions.some(
    (action) =>
      str(action.Type ?? action.type) === 'redirect' &&
      str(obj(action.RedirectConfig ?? action.redirectConfig)?.Protocol ?? obj(action.RedirectConfig)?.protocol) ===
        'HTTPS',
  );
  return single('loadbalancer.listener', {
    protocol,
    port: num(c.Port ?? c.port),
    redirectsToHttps,
    sslPolicy,
    tls: protocol
      ? { required: ENCRYPTED.has(protocol), minVersion: sslPolicy ? elbPolicyMinTls(sslPolicy) : undefined }
      : undefined,
  });
}

/**
 * A classic load balancer: one loadbalancer.listener per listener. Classic listeners cannot
 * redirect. A listener's policy names hold the predefined security policy when one is used; a
 * custom negotiation policy's TLS versions are not in the item, so its minimum stays unknown.
 */
export function mapClassicLoadBalancer(item: ConfigItem): MapResult {
  const c = item.configuration;
  const name = str(c.loadBalancerName ?? c.LoadBalancerName) ?? item.resourceId;
  const descriptions = arr(c.listenerDescriptions ?? c.ListenerDescriptions).map((d) => obj(d) ?? {});
  const problems: string[] = [];
  const resources = descriptions.flatMap((description, index) => {
    const listener = obj(description.listener ?? description.Listener) ?? {};
    const protocol = str(listener.protocol ?? listener.Protocol)?.toUpperCase();
    const port = num(listener.loadBalancerPort ?? listener.LoadBalancerPort);
    if (protocol === undefined || port === undefined) {
      problems.push(`listener ${index + 1} has no protocol or port; not evaluated`);
      return [];
    }
    const policies = arr(description.policyNames ?? description.PolicyNames).map((p) => str(p));
    const minVersions = policies.map((p) => (p ? elbPolicyMinTls(p) : undefined)).filter((v) => v !== undefined);
    const encrypted = CLASSIC_ENCRYPTED.has(protocol);
    return [
      {
        kind: 'loadbalancer.listener' as const,
        part: `listener/${port}`,
        name: `${name}:${port}`,
        nativeType: 'AWS::ElasticLoadBalancing::LoadBalancer listener',
        props: {
          protocol,
          port,
          redirectsToHttps: false,
          sslPolicy: policies.find((p) => p !== undefined && elbPolicyMinTls(p) !== undefined),
          tls: { required: encrypted, minVersion: encrypted ? minVersions[0] : undefined },
        },
      },
    ];
  });
  return { resources, problems };
}

const CLASSIC_ENCRYPTED = new Set(['HTTPS', 'SSL']);
