import type { Interval } from "./interval-set.js";

export const MIN_PORT = 0;
export const MAX_PORT = 65535;

/** An inclusive port range; the same shape as `Interval`, so it feeds `IntervalSet` directly. */
export type PortRange = Interval;

export const ALL_PORTS: PortRange = Object.freeze({ from: MIN_PORT, to: MAX_PORT });

export function isValidPort(value: number): boolean {
  return Number.isInteger(value) && value >= MIN_PORT && value <= MAX_PORT;
}

export function isValidPortRange(range: PortRange): boolean {
  return isValidPort(range.from) && isValidPort(range.to) && range.from <= range.to;
}

/**
 * A validated range; throws RangeError otherwise. AWS's `-1` ("all ports" for protocol -1 and ICMP)
 * is a control-layer convention: translate it to `ALL_PORTS` before calling this.
 */
export function portRange(from: number, to: number = from): PortRange {
  const range = { from, to };
  if (!isValidPortRange(range)) throw new RangeError(`invalid port range ${from}-${to}`);
  return Object.freeze(range);
}

const PORT_TEXT = /^(0|[1-9][0-9]{0,4})(?:-(0|[1-9][0-9]{0,4}))?$/;

/** "443" or "1024-65535": decimal, no leading zeros or spaces, from <= to. */
export function parsePortRange(text: string): PortRange | undefined {
  const match = PORT_TEXT.exec(text);
  if (match === null) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  const range = { from, to };
  return isValidPortRange(range) ? Object.freeze(range) : undefined;
}

/** "443" for a single port, "1024-65535" otherwise. */
export function formatPortRange(range: PortRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

export function portRangeContains(range: PortRange, port: number): boolean {
  return port >= range.from && port <= range.to;
}

export function portRangesOverlap(a: PortRange, b: PortRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** `outer` includes every port of `inner`. */
export function portRangeCovers(outer: PortRange, inner: PortRange): boolean {
  return outer.from <= inner.from && inner.to <= outer.to;
}
