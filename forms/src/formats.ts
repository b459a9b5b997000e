/*
 * Plain regular expressions rather than zod's string formats, which misbehave inside the Temporal
 * workflow sandbox; each pattern is also what the JSON Schema export publishes, so both sides agree.
 */

/** Longest address that fits a mail path (RFC 5321). */
export const EMAIL_MAX_LENGTH = 254;

const EMAIL_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOMAIN_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';

/**
 * One address, `local@domain`: a local part of at most 64 characters, dot-separated runs of the
 * characters HTML's `type=email` allows (no leading, trailing or double dot); a domain of at least
 * two dot-separated labels of letters, digits and inner hyphens. No quoted local parts, no IP
 * literals, no Unicode: the address must also pass JSON Schema's `format: email`.
 */
export const EMAIL_PATTERN = `^(?=[^@]{1,64}@)${EMAIL_ATOM}(?:\\.${EMAIL_ATOM})*@${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})+$`;

/**
 * A mainland China number, optionally after `+86` and one space: a mobile number `1[3-9]` + 9 digits
 * (`13812345678`), or a landline with its area code `0` + 2–3 digits, an optional `-`, then 7–8 digits
 * (`010-12345678`, `0571 88886666` is not accepted: no spaces inside the number).
 */
export const PHONE_PATTERN = '^(?:\\+86 ?)?(?:1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})$';

export const URL_MAX_LENGTH = 2048;

const URL_HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const URL_TOP_LABEL = '[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const PORT = '(?:6553[0-5]|655[0-2]\\d|65[0-4]\\d{2}|6[0-4]\\d{3}|[1-5]\\d{4}|[1-9]\\d{0,3})';
/** A character RFC 3986 allows in a path, query or fragment, or a percent-encoded byte. */
const URI_CHARACTER = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})";

/**
 * An absolute `http` or `https` URL (scheme in any case) as RFC 3986 writes it, so that JSON
 * Schema's `format: uri` agrees: a host name whose last label starts with a letter (`oa`,
 * `www.gov.cn`, `xn--fiqs8s.cn`) or a dotted IPv4 address; an optional port 1–65535; then an
 * optional path, query and fragment of URI characters and `%XX` escapes (no spaces, no raw Chinese:
 * browsers copy such addresses percent-encoded). No user name or password, no IPv6 literal.
 */
export const URL_PATTERN =
  '^[Hh][Tt][Tt][Pp][Ss]?://' +
  `(?:(?:${URL_HOST_LABEL}\\.)*${URL_TOP_LABEL}|(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET})` +
  `(?::${PORT})?` +
  `(?:/${URI_CHARACTER}*)?(?:\\?(?:${URI_CHARACTER}|\\?)*)?(?:#(?:${URI_CHARACTER}|\\?)*)?$`;

const email = new RegExp(EMAIL_PATTERN, 'u');
const phone = new RegExp(PHONE_PATTERN, 'u');
const url = new RegExp(URL_PATTERN, 'u');

export function isEmail(value: string): boolean {
  return value.length <= EMAIL_MAX_LENGTH && email.test(value);
}

export function isPhone(value: string): boolean {
  return phone.test(value);
}

export function isUrl(value: string): boolean {
  return value.length <= URL_MAX_LENGTH && url.test(value);
}

/** The per-file limit of an attachment field that sets none (as the upload endpoint applies it). */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** No attachment field may allow more than this per file. */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

const TOKEN = "[a-z0-9!#$&^_.+-]+";
/** What `accept` lists: `application/pdf` or `image/*`, in lower case. */
export const ACCEPT_PATTERN = new RegExp(`^${TOKEN}/(?:\\*|${TOKEN})$`);
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`);

/** `Image/PNG; q=1` → `image/png`: the media type without parameters, in lower case. */
function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0].replace(/^[\t ]+|[\t ]+$/g, '').toLowerCase();
}

/** Whether a file's content type is a media type that one of the `accept` patterns allows (any, without patterns). */
export function acceptsContentType(accept: readonly string[] | undefined, contentType: string): boolean {
  const type = mediaTypeOf(contentType);
  if (!MEDIA_TYPE.test(type)) return false;
  if (accept === undefined) return true;
  return accept.some((pattern) => (pattern.endsWith('/*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern));
}

const caseless = (text: string) =>
  [...text].map((char) => (/[a-z]/.test(char) ? `[${char}${char.toUpperCase()}]` : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');

/** The regular expression `acceptsContentType` applies, for JSON Schema's `pattern`. */
export function contentTypePattern(accept: readonly string[] | undefined): string {
  const anyToken = '[A-Za-z0-9!#$&^_.+-]+';
  const alternatives =
    accept === undefined
      ? [`${anyToken}/${anyToken}`]
      : accept.map((pattern) => (pattern.endsWith('/*') ? `${caseless(pattern.slice(0, -1))}${anyToken}` : caseless(pattern)));
  return `^[\\t ]*(?:${alternatives.join('|')})[\\t ]*(?:;[\\s\\S]*)?$`;
}
