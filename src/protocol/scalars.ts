/**
 * Text ↔ value conversions of scalar types, shared by the protocols. Parsers return `undefined`
 * for text that is not a value of the type; callers turn that into the protocol's error.
 */

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function parseBooleanText(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  return undefined;
}

/** `integer` is 32-bit, as in AWS's models; `long` is limited to what a JS number holds exactly. */
export function parseIntegerText(text: string, type: "integer" | "long"): number | undefined {
  if (!/^[+-]?\d{1,20}$/.test(text)) return undefined;
  const value = Number(text);
  if (type === "integer") return value >= INT32_MIN && value <= INT32_MAX ? value : undefined;
  return Number.isSafeInteger(value) ? value : undefined;
}

export function parseFloatText(text: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** Milliseconds since the epoch, or undefined outside what a `Date` holds. */
function dateFromMillis(ms: number): Date | undefined {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * ISO 8601 (`2024-01-02T03:04:05Z`, with fractional seconds or an offset, or a bare date taken
 * as UTC midnight) or seconds since the epoch (`1704164645`, `1704164645.5`).
 */
export function parseTimestampText(text: string): Date | undefined {
  if (/^[+-]?\d{1,15}(\.\d{1,9})?$/.test(text)) return dateFromMillis(Math.round(Number(text) * 1000));
  const m = isoPattern.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return undefined;
  const base = Date.UTC(
    year,
    month - 1,
    day,
    hour,
    minute,
    Math.min(second, 59),
    Number(frac.padEnd(3, "0").slice(0, 3)),
  );
  const check = new Date(base);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
  let offsetMinutes = 0;
  if (zone !== "Z" && zone !== "z") {
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (oh * 60 + om);
  }
  return dateFromMillis(base - offsetMinutes * 60_000);
}

export function parseBase64Text(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, "base64"));
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** `2024-01-02T03:04:05.000Z`: what EC2 and the Query services send. */
export function isoTimestamp(date: Date): string | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
