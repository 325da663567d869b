// The IAM credential report (GetCredentialReport, CSV) -> identity.user facts: what Config does
// not record about users and the root user (console password, MFA, access keys). Columns are read
// by name, as IAM documents them; "N/A" and "not_supported" are not values.
import type { IdentityUserProps } from '../../model/kinds.ts';

export interface CredentialRow {
  arn: string;
  user: string;
  isRoot: boolean;
  props: IdentityUserProps;
}

const ROOT = '<root_account>';

function flag(value: string | undefined): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function date(value: string | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value : undefined;
}

/** The report's rows; throws when the header lacks the columns every report has. */
export function parseCredentialReport(csv: string): CredentialRow[] {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0]?.split(',') ?? [];
  for (const column of [
    'user',
    'arn',
    'password_enabled',
    'mfa_active',
    'access_key_1_active',
    'access_key_2_active',
  ]) {
    if (!header.includes(column)) throw new Error(`the credential report has no ${column} column`);
  }
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    const get = (column: string) => cells[header.indexOf(column)];
    const isRoot = get('user') === ROOT;
    const accessKeys = [1, 2].flatMap((n) => {
      const active = flag(get(`access_key_${n}_active`));
      const rotated = date(get(`access_key_${n}_last_rotated`));
      // A key slot that was never used has active false and no rotation date: no key.
      if (active === undefined || (!active && rotated === undefined)) return [];
      return [{ active, createdAt: rotated, lastUsed: date(get(`access_key_${n}_last_used_date`)) }];
    });
    const props: IdentityUserProps = {
      isRoot,
      mfaEnabled: flag(get('mfa_active')),
      // The root user always has a password; the report says "not_supported".
      consoleAccess: isRoot ? true : flag(get('password_enabled')),
      accessKeys,
      passwordLastSet: date(get('password_last_changed')),
      lastLogon: date(get('password_last_used')),
    };
    return { arn: get('arn') ?? '', user: get('user') ?? '', isRoot, props };
  });
}
