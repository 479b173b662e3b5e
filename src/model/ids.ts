import { randomFillSync } from "node:crypto";

/**
 * Resource ids in AWS's long format: a prefix, a dash and 17 lowercase hex digits
 * (`vpc-0a1b2c3d4e5f67890`). Association ids use longer prefixes (`rtbassoc-`, `vpc-cidr-assoc-`).
 */
export type IdGenerator = (prefix: string) => string;

const ID_HEX_DIGITS = 17;

/** Random bytes fetched in blocks: one `randomFillSync` per ~450 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
const ID_BYTES = 9;

/** Cryptographically random ids: the default for a running server. */
export const randomIds: IdGenerator = (prefix) => {
  if (poolOffset + ID_BYTES > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString("hex", poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return `${prefix}-${hex.slice(0, ID_HEX_DIGITS)}`;
};

/**
 * Reproducible ids from a seed (sfc32 PRNG), for tests and demos. Each generator has its own
 * sequence; two generators with the same seed produce the same ids in the same order.
 */
export function seededIds(seed: number): IdGenerator {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  return (prefix) => {
    let hex = "";
    while (hex.length < ID_HEX_DIGITS) hex += next().toString(16).padStart(8, "0");
    return `${prefix}-${hex.slice(0, ID_HEX_DIGITS)}`;
  };
}

/** Matches an id of `prefix` in AWS's short (8 hex) or long (17 hex) form. */
export function isWellFormedId(prefix: string, id: string): boolean {
  if (!id.startsWith(`${prefix}-`)) return false;
  const rest = id.slice(prefix.length + 1);
  return (rest.length === 8 || rest.length === 17) && /^[0-9a-f]+$/.test(rest);
}
