// What every AWS mapper module receives: the records (indexed for linking), where gaps go,
// and which policy documents were consumed by a referencing resource.
import type { Gap } from '../../../../../model/resource.ts';
import type { TfResourceRecord } from '../../records.ts';
import type { RecordIndex } from './link.ts';

export interface AwsContext {
  index: RecordIndex;
  sourceId: string;
  gaps: Gap[];
  /** Policy document data sources resolved into another resource (not reported on their own). */
  usedDocuments: Set<TfResourceRecord>;
}
