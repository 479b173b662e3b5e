/**
 * Strict `application/x-www-form-urlencoded` decoding for Query-protocol requests.
 *
 * Unlike `URLSearchParams`, which silently keeps a malformed `%` sequence and replaces invalid
 * UTF-8 with U+FFFD, this rejects both: a client that sends them gets `MalformedQueryString`
 * instead of a request that means something it did not say.
 */

import { ProtocolError } from "./errors.js";

export type FormParams = readonly (readonly [string, string])[];

const utf8 = new TextDecoder("utf-8", { fatal: true });

function malformed(reason: string): ProtocolError {
  return new ProtocolError("MalformedQueryString", `The query string is malformed: ${reason}`);
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** Decodes one key or value: `+` is a space, `%XX` a byte; the bytes must be UTF-8. */
export function decodeComponent(text: string): string {
  if (text.indexOf("%") === -1) return text.indexOf("+") === -1 ? text : text.replace(/\+/g, " ");
  let out = "";
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 37 /* % */) {
      const bytes: number[] = [];
      while (i < n && text.charCodeAt(i) === 37) {
        const hi = i + 1 < n ? hexValue(text.charCodeAt(i + 1)) : -1;
        const lo = i + 2 < n ? hexValue(text.charCodeAt(i + 2)) : -1;
        if (hi < 0 || lo < 0) throw malformed(`bad percent-encoding at "${text.slice(i, i + 3)}"`);
        bytes.push(hi * 16 + lo);
        i += 3;
      }
      try {
        out += utf8.decode(Uint8Array.from(bytes));
      } catch {
        throw malformed("percent-encoded bytes are not valid UTF-8");
      }
    } else {
      out += c === 43 /* + */ ? " " : text.charAt(i);
      i++;
    }
  }
  return out;
}

/**
 * Decodes a form body or query string into its `[key, value]` pairs, in order. Empty segments
 * (`a=1&&b=2`, a trailing `&`) are skipped; a key without `=` has the value `""`. Bytes are
 * decoded as UTF-8 and must be valid.
 */
export function decodeForm(body: string | Uint8Array): [string, string][] {
  let text: string;
  if (typeof body === "string") {
    text = body;
  } else {
    try {
      text = utf8.decode(body);
    } catch {
      throw malformed("the body is not valid UTF-8");
    }
  }
  const pairs: [string, string][] = [];
  if (text === "") return pairs;
  for (const segment of text.split("&")) {
    if (segment === "") continue;
    const eq = segment.indexOf("=");
    if (eq === -1) pairs.push([decodeComponent(segment), ""]);
    else pairs.push([decodeComponent(segment.slice(0, eq)), decodeComponent(segment.slice(eq + 1))]);
  }
  return pairs;
}
