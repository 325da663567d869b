// The Config recorders of one account and region, read before anything else: a region where
// Config is off, not recording, or skips a type we evaluate is a gap on the kinds it hides, so the
// controls they decide are not evaluated there, never passed.
import {
  type ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import type { Kind } from '../../model/kinds.ts';
import type { Gap } from '../../model/resource.ts';
import { ADAPTERS, EVALUATED_TYPES } from '../../providers/aws/config-items/index.ts';

/** Every kind the Config adapters produce: what an unreadable region may hide. */
export const ALL_KINDS: Kind[] = [...new Set(Object.values(ADAPTERS).flatMap((a) => a.kinds))];

export interface RecorderState {
  state: 'off' | 'stopped' | 'recording';
  /** The evaluated Config types the recorder records. */
  recorded: Set<string>;
}

/** The recorder's state as gaps: off, not recording, or skipping types we evaluate. */
export async function readRecorder(
  client: ConfigServiceClient,
  where: string,
  gaps: Gap[],
  queries: Set<string>,
): Promise<RecorderState> {
  queries.add('config:DescribeConfigurationRecorders');
  queries.add('config:DescribeConfigurationRecorderStatus');
  const recorders = (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
  const statuses =
    (await client.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
  if (recorders.length === 0) {
    gaps.push({
      reason: 'unreadable',
      message: `AWS Config is off in ${where}: no configuration recorder, nothing there is evaluated`,
      endpoint: where,
      kinds: ALL_KINDS,
    });
    return { state: 'off', recorded: new Set<string>() };
  }
  const recording = statuses.some((s) => s.recording === true);
  if (!recording) {
    gaps.push({
      reason: 'unreadable',
      message: `AWS Config is not recording in ${where}: its items may be stale or missing, nothing there is evaluated`,
      endpoint: where,
      kinds: ALL_KINDS,
    });
    return { state: 'stopped', recorded: new Set<string>() };
  }
  const group = recorders[0]?.recordingGroup;
  const everything = group?.allSupported !== false && (group?.resourceTypes ?? []).length === 0;
  const excluded = new Set<string>(group?.exclusionByResourceTypes?.resourceTypes ?? []);
  const listed = new Set<string>(group?.resourceTypes ?? []);
  const recorded = new Set(EVALUATED_TYPES.filter((t) => (everything ? !excluded.has(t) : listed.has(t))));
  const skipped = EVALUATED_TYPES.filter((t) => !recorded.has(t));
  if (skipped.length > 0) {
    gaps.push({
      reason: 'unreadable',
      message: `AWS Config in ${where} does not record ${skipped.join(', ')}: those resources are not evaluated`,
      endpoint: where,
      kinds: [...new Set(skipped.flatMap((t) => ADAPTERS[t]?.kinds ?? []))],
    });
  }
  return { state: 'recording', recorded };
}
