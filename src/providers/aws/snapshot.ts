// Who may restore an EBS or RDS snapshot or launch an AMI: the accounts it is shared with, where
// "all" (RDS `shared_accounts`/the `restore` attribute, EC2's group "all") makes it public.
import type { StorageSnapshotProps } from '../../model/kinds.ts';

export function snapshotSharing(sharedWith: readonly string[]): Pick<StorageSnapshotProps, 'public' | 'sharedWith'> {
  const listed = [...new Set(sharedWith)].sort();
  return { public: listed.some((who) => who.toLowerCase() === 'all'), sharedWith: listed };
}
