// Redaction: every secret a run resolves (a bind password read from a file, the password in a
// URL's userinfo) or detects (a token the secret scanner found in a file) is registered here once,
// in memory only, and every text that leaves the process passes through `redact`: the snapshot
// and the results before they are serialized or rendered (`redactDeep`), and every stdout and
// stderr line of the faces. The password of any `scheme://user:password@` URL is redacted whether
// it was registered or not.

/** What a secret is replaced with. */
export const REDACTED = '***';

/** Shorter values would match ordinary text; such a password is refused by every server anyway. */
const MIN_SECRET_LENGTH = 3;

/**
 * A detected value is replaced everywhere only when it cannot be ordinary text: a committed
 * `password = "postgres"` must not turn every "postgres" engine into `***` (it is masked where it
 * stands instead, see maskSecretValues).
 */
const MIN_DETECTED_LENGTH = 8;

/** At most this many clean keys are remembered (a snapshot's property names are the user's). */
const MAX_CLEAN_KEYS = 4096;

/** `scheme://user:password@`: the password part (group 2) is a credential wherever it appears. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"<>]*:)([^\s/@'"<>]+)@/gi;

/** Whether a detected value is distinctive enough to be replaced in any text without mangling it. */
export function isDistinctive(value: string): boolean {
  if (value.length < MIN_DETECTED_LENGTH || /\s/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(value)).length;
  return classes >= 2;
}

export class Redactor {
  private readonly secrets = new Set<string>();
  /** All secrets as one pattern, longest first so a secret that contains another is replaced whole. */
  private pattern: RegExp | undefined;
  /**
   * Keys found to hold nothing to redact since the last secret was added. A results document repeats
   * the same few hundred keys (uid, location, ...) hundreds of thousands of times.
   */
  private readonly cleanKeys = new Set<string>();

  /** Registers a secret value; values too short to redact safely are ignored. */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return;
    this.secrets.add(secret);
    // A secret may be echoed in an encoded form (a URL, a JSON string): register those too.
    for (const form of [encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
      if (form !== secret) this.secrets.add(form);
    }
    this.pattern = undefined;
    this.cleanKeys.clear();
  }

  /** Registers a value a detector found, when it is distinctive enough to be replaced anywhere. */
  addDetected(value: string): void {
    if (isDistinctive(value)) this.add(value);
  }

  /** Registers the password of a URL's userinfo (`ldaps://user:password@host`); other text is ignored. */
  addUrlCredentials(value: string): void {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return;
    }
    if (url.password === '') return;
    this.add(url.password);
    try {
      this.add(decodeURIComponent(url.password));
    } catch {
      // Not valid percent-encoding: the raw form is registered already.
    }
  }

  /**
   * Whether no replacement `redact` makes can span a line end: no registered secret holds a "\n",
   * and a URL password stops at whitespace. Then a text redacted line by line (in pieces that each
   * end with "\n") is redacted exactly as it is whole.
   */
  redactsWithinLines(): boolean {
    for (const secret of this.secrets) if (secret.includes('\n')) return false;
    return true;
  }

  /** `text` with every registered secret and every URL password replaced by `***`. */
  redact(text: string): string {
    const out = text.includes('://') ? text.replace(URL_CREDENTIALS, `$1${REDACTED}@`) : text;
    if (this.secrets.size === 0) return out;
    this.pattern ??= new RegExp(
      [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return out.replace(this.pattern, REDACTED);
  }

  /**
   * `value` with every string (keys included) redacted; other values are kept. What holds no secret
   * is returned as it is, not copied: results and snapshots of a large run share most of their
   * objects, and a deep copy of them would double the memory a run needs.
   */
  redactDeep<T>(value: T): T {
    return this.walk(value, new Map()) as T;
  }

  /** `key` redacted; keys seen clean before are not searched again. */
  private redactKey(key: string): string {
    if (this.secrets.size === 0) return this.redact(key);
    if (this.cleanKeys.has(key)) return key;
    const out = this.redact(key);
    if (out === key && this.cleanKeys.size < MAX_CLEAN_KEYS) this.cleanKeys.add(key);
    return out;
  }

  /**
   * `walked` holds the containers met before in this walk and what they became: an object a
   * document holds many times (the controls list every finding of a rule shares) is walked once,
   * and stays one object when it is redacted.
   */
  private walk(value: unknown, walked: Map<object, unknown>): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value === null || typeof value !== 'object') return value;
    // Only lists of objects are remembered: the shared ones are such lists, and remembering every
    // container costs more than walking again the few shared ones.
    if (!Array.isArray(value) || typeof value[0] !== 'object') return this.walkContainer(value, walked);
    const before = walked.get(value);
    if (before !== undefined) return before;
    const after = this.walkContainer(value, walked);
    walked.set(value, after);
    return after;
  }

  private walkContainer(value: object, walked: Map<object, unknown>): unknown {
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        // Strings and other values that hold nothing are handled here, without a call per leaf.
        const item =
          typeof v === 'string' ? this.redact(v) : v === null || typeof v !== 'object' ? v : this.walk(v, walked);
        if (item !== v) out ??= value.slice(0, i);
        out?.push(item);
      }
      return out ?? value;
    }
    // A Date (or anything else with its own JSON form) is redacted as it will be written.
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return this.walk(json.call(value), walked);
    const record = value as Record<string, unknown>;
    // for-in, not Object.keys: V8 reads each member through the object's enum cache, with no array of
    // keys made and no generic keyed load per member (the walk of the results of .bench/tf: 28 -> 22 ms).
    // It also lists inherited enumerable members: those are skipped, but for plain objects (Object's
    // prototype has none), which the results and snapshots are made of.
    const proto: unknown = Object.getPrototypeOf(record);
    const plain = proto === Object.prototype || proto === null;
    let out: Record<string, unknown> | undefined;
    let i = 0; // own members before k
    for (const k in record) {
      if (!plain && !Object.hasOwn(record, k)) continue;
      const key = this.redactKey(k);
      const v = record[k];
      const item =
        typeof v === 'string' ? this.redact(v) : v === null || typeof v !== 'object' ? v : this.walk(v, walked);
      if (out === undefined && (key !== k || item !== v)) {
        out = {};
        for (const earlier of Object.keys(record).slice(0, i)) ownProperty(out, earlier, record[earlier]);
      }
      if (out !== undefined) ownProperty(out, key, item);
      i++;
    }
    return out ?? value;
  }
}

/** Sets `key` as an own property, even "__proto__" (which assignment would take as the prototype). */
function ownProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
