/**
 * The client's secrets — every access token it has sent and the developer API key — and the one function that
 * removes them from text. Every text the client builds from something it does not control (a response body,
 * an error thrown by fetch or a URL parser, a retry event, a log line) passes through `redact` before anyone
 * can read it: servers and proxies echo request URLs and Authorization headers back in error bodies.
 */

export const REDACTED = '[REDACTED]';

/** How many past access tokens are remembered (a refreshed token's predecessor can still be echoed). */
const KEEP_TOKENS = 8;

/** Shorter values are not treated as secrets: replacing them everywhere would garble ordinary text. */
const MIN_SECRET_LENGTH = 4;

/** `hapikey=...`, `access_token=...` and friends in URLs and URL-like text. */
const SECRET_PARAMS = /([?&;\s"']|^)((?:hapikey|access_token|refresh_token|client_secret)=)[^&#\s"']*/gi;
/** An `Authorization: Bearer ...` header quoted in text. */
const BEARER = /(\bbearer\s+)[A-Za-z0-9\-._~+/=:]{4,}/gi;

export class Secrets {
  /** Secrets kept for the client's life (the developer API key). */
  private readonly pinned: string[] = [];
  /** Recent access tokens, oldest first. */
  private readonly tokens: string[] = [];

  /** Registers the developer API key: it is scrubbed from every later text. */
  pin(value: string | undefined): void {
    for (const form of forms(value)) if (!this.pinned.includes(form)) this.pinned.push(form);
  }

  /** Registers an access token the client is about to send. */
  add(value: string | undefined): void {
    for (const form of forms(value)) {
      const at = this.tokens.indexOf(form);
      if (at !== -1) this.tokens.splice(at, 1);
      this.tokens.push(form);
    }
    while (this.tokens.length > KEEP_TOKENS * 3) this.tokens.shift();
  }

  /** `text` with every known secret, `hapikey=` value and bearer credential replaced by `[REDACTED]`. */
  readonly redact = (text: string): string => {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...this.pinned, ...this.tokens].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out.replace(SECRET_PARAMS, `$1$2${REDACTED}`).replace(BEARER, `$1${REDACTED}`);
  };
}

/** A secret as it may appear in text: raw, percent-encoded, form-encoded. */
function forms(value: string | undefined): string[] {
  if (value === undefined || value.length < MIN_SECRET_LENGTH) return [];
  const encoded = encodeURIComponent(value);
  return [...new Set([value, encoded, encoded.replace(/%20/g, '+')])];
}
