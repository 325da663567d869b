// AWS::ElasticLoadBalancingV2::Listener -> loadbalancer.listener, TLS read from the security
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
