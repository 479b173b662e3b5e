/**
 * `MaxResults`/`NextToken` for every paged Describe call. Tokens are opaque to clients: we encode
 * the offset into the filtered result and a fingerprint of the request, so a token replayed with
 * different filters is rejected as AWS rejects a foreign token.
 */
import { createHash } from "node:crypto";
import { InvalidMaxResults, InvalidNextToken } from "./errors.js";

export interface PageRequest {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

export interface PageLimits {
  readonly min: number;
  readonly max: number;
}

/** Most EC2 Describe calls accept 5–1000. */
export const DEFAULT_PAGE_LIMITS: PageLimits = { min: 5, max: 1000 };

const TOKEN_VERSION = "1";

function fingerprint(parts: readonly unknown[]): string {
  return createHash("sha1").update(JSON.stringify(parts)).digest("base64url").slice(0, 10);
}

export function encodeToken(offset: number, requestFingerprint: string): string {
  return Buffer.from(`${TOKEN_VERSION}:${offset}:${requestFingerprint}`).toString("base64url");
}

function decodeToken(token: string, requestFingerprint: string): number {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const match = /^1:(\d{1,9}):([A-Za-z0-9_-]+)$/.exec(text);
  if (!match || match[2] !== requestFingerprint) throw new InvalidNextToken(token);
  return Number(match[1]);
}

/**
 * Validates the paging parameters and returns one page of `items`. `requestShape` is everything
 * besides the paging parameters that decides the result (filters, ids), so that a token only
 * works with the request that produced it.
 */
export function paginate<T>(
  items: readonly T[],
  page: PageRequest,
  requestShape: readonly unknown[],
  limits: PageLimits = DEFAULT_PAGE_LIMITS,
): Page<T> {
  const { maxResults, nextToken } = page;
  if (maxResults !== undefined && (maxResults < limits.min || maxResults > limits.max)) {
    throw new InvalidMaxResults(maxResults, limits.min, limits.max);
  }
  if (maxResults === undefined && nextToken === undefined) return { items };
  const print = fingerprint(requestShape);
  const offset = nextToken === undefined ? 0 : decodeToken(nextToken, print);
  const size = maxResults ?? limits.max;
  const end = Math.min(items.length, offset + size);
  const slice = items.slice(offset, end);
  return end < items.length ? { items: slice, nextToken: encodeToken(end, print) } : { items: slice };
}
