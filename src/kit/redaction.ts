// Redaction: every secret a run resolves (a bind password read from a file, the password in a
// URL's userinfo) is registered here once, and every text that leaves the process (stderr and
// stdout lines, written files) passes through `redact`. Collectors never print, so this is the one
// place where a secret could still slip out, and the faces route all output of a collection
// through it.

/** What a secret is replaced with. */
export const REDACTED = '***';

/** Shorter values would match ordinary text; such a password is refused by every server anyway. */
const MIN_SECRET_LENGTH = 3;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret value; values too short to redact safely are ignored. */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return;
    this.secrets.add(secret);
    // A secret may be echoed in an encoded form (a URL, a JSON string): register those too.
    for (const form of [encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
      if (form !== secret) this.secrets.add(form);
    }
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

  /** `text` with every registered secret replaced by `***`; the same string when there is none. */
  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }
}
