// What may be written about a server: its URL without user name, password, query or fragment, and error
// messages without the API key or those URL parts (a gateway may echo the bearer token or the URL).
import { AttemptError } from "./retry.ts";

/** The URL as rows, `--out` and logs record it; unchanged when it holds nothing to strip. */
export function publicUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!parsed.username && !parsed.password && !parsed.search && !parsed.hash) return url;
  parsed.username = "";
  parsed.password = "";
  parsed.search = "";
  parsed.hash = "";
  return parsed.toString();
}

/** Replaces every secret (and the URL's private parts) in a text with `***`. */
export function redactor(apiKey: string | undefined, url: string | undefined): (text: string) => string {
  const secrets = new Set<string>();
  if (apiKey) secrets.add(apiKey);
  let raw: string | undefined;
  if (url && publicUrl(url) !== url) {
    raw = url;
    const parsed = new URL(url);
    const decoded = (part: string): string => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part; // kept encoded
      }
    };
    // The user name too: a token is often given as `https://<token>@host` (no password).
    for (const part of [parsed.username, decoded(parsed.username), parsed.password, decoded(parsed.password), parsed.search.slice(1), parsed.hash.slice(1)]) {
      if (part) secrets.add(part);
    }
    for (const value of parsed.searchParams.values()) if (value) secrets.add(value);
  }
  const list = [...secrets].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = raw ? text.replaceAll(raw, publicUrl(raw)) : text;
    for (const secret of list) out = out.replaceAll(secret, "***");
    return out;
  };
}

/** The same failure with its message redacted. */
export function redactError(error: AttemptError, redact: (text: string) => string): AttemptError {
  const message = redact(error.message);
  return message === error.message ? error : new AttemptError(error.errorClass, message, error.retryable, error.retryAfterMs, error.finishReason);
}
