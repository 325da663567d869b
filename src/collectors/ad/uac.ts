// userAccountControl bits (MS-ADTS 2.2.16) that decide the identity.user props.

export const UAC = {
  ACCOUNTDISABLE: 0x2,
  PASSWD_NOTREQD: 0x20,
  ENCRYPTED_TEXT_PWD_ALLOWED: 0x80,
  NORMAL_ACCOUNT: 0x200,
  WORKSTATION_TRUST_ACCOUNT: 0x1000,
  SERVER_TRUST_ACCOUNT: 0x2000,
  DONT_EXPIRE_PASSWORD: 0x10000,
  TRUSTED_FOR_DELEGATION: 0x80000,
  NOT_DELEGATED: 0x100000,
  DONT_REQ_PREAUTH: 0x400000,
  TRUSTED_TO_AUTH_FOR_DELEGATION: 0x1000000,
} as const;

export interface UacFlags {
  enabled: boolean;
  passwordNotRequired: boolean;
  reversibleEncryption: boolean;
  passwordNeverExpires: boolean;
  trustedForDelegation: boolean;
  preAuthNotRequired: boolean;
  isDomainController: boolean;
  /** Names of every known bit that is set, for evidence. */
  names: string[];
}

/** The flags of a userAccountControl value (a decimal string, possibly negative when bit 31 is set). */
export function parseUac(value: string): UacFlags | undefined {
  if (!/^-?\d+$/.test(value.trim())) return undefined;
  const n = Number(value) >>> 0;
  if (Number(value) > 0xffffffff || Number(value) < -0x80000000) return undefined;
  const set = (bit: number) => (n & bit) !== 0;
  return {
    enabled: !set(UAC.ACCOUNTDISABLE),
    passwordNotRequired: set(UAC.PASSWD_NOTREQD),
    reversibleEncryption: set(UAC.ENCRYPTED_TEXT_PWD_ALLOWED),
    passwordNeverExpires: set(UAC.DONT_EXPIRE_PASSWORD),
    trustedForDelegation: set(UAC.TRUSTED_FOR_DELEGATION),
    preAuthNotRequired: set(UAC.DONT_REQ_PREAUTH),
    isDomainController: set(UAC.SERVER_TRUST_ACCOUNT),
    names: Object.entries(UAC)
      .filter(([, bit]) => set(bit))
      .map(([name]) => name),
  };
}
