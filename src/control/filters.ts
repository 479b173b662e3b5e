/**
 * One filter engine for every Describe call. Each resource declares a table from filter name to
 * the value(s) of an item that the filter compares; the engine adds the tag filters every taggable
 * resource has (`tag:<key>`, `tag-key`, and the older `tag-value`, which the references no longer
 * list but scripts written against them still send). Describe calls of things that cannot carry
 * tags (regions, zones, instance types, AWS's prefix lists) turn the tag filters off, so that they
 * answer "The filter 'tag:x' is invalid" like any other name the call does not know.
 *
 * Semantics (EC2 API reference, "Filtering"): several values of one filter are ORed, several
 * filters are ANDed; values may use `*` (any run of characters) and `?` (one character), escaped
 * with a backslash; matching is case-sensitive. A filter over a list field matches when any
 * element matches.
 */
import type { Tag } from "../model/resources.js";
import { FilterLimitExceeded, InvalidFilter, InvalidParameterValue } from "./errors.js";

export type Scalar = string | number | boolean | undefined | null;
export type FilterValue = Scalar | readonly Scalar[];

export type FilterTable<T> = { readonly [name: string]: (item: T) => FilterValue };

export interface Filter {
  readonly name: string;
  readonly values: readonly string[];
}

/** AWS rejects more than 200 filter values in one call. */
export const MAX_FILTER_VALUES = 200;

type Matcher = (candidate: string) => boolean;

const matcherCache = new Map<string, Matcher>();

/** Compiles one filter value (with `*`, `?` and `\` escapes) into a predicate. */
export function compilePattern(pattern: string): Matcher {
  const cached = matcherCache.get(pattern);
  if (cached) return cached;
  let matcher: Matcher;
  if (!/[*?\\]/.test(pattern)) {
    matcher = (candidate) => candidate === pattern;
  } else {
    let source = "";
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i]!;
      if (ch === "\\" && i + 1 < pattern.length) {
        source += escapeRegExp(pattern[++i]!);
      } else if (ch === "*") {
        source += "[\\s\\S]*";
      } else if (ch === "?") {
        source += "[\\s\\S]";
      } else {
        source += escapeRegExp(ch);
      }
    }
    const re = new RegExp(`^${source}$`);
    matcher = (candidate) => re.test(candidate);
  }
  if (matcherCache.size > 10_000) matcherCache.clear();
  matcherCache.set(pattern, matcher);
  return matcher;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function scalarToString(value: Scalar): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : String(value);
}

function anyMatches(value: FilterValue, matchers: readonly Matcher[]): boolean {
  const candidates = Array.isArray(value) ? (value as readonly Scalar[]) : [value as Scalar];
  for (const candidate of candidates) {
    const text = scalarToString(candidate);
    if (text === undefined) continue;
    for (const m of matchers) if (m(text)) return true;
  }
  return false;
}

interface CompiledFilter<T> {
  readonly test: (item: T) => boolean;
}

export interface FilterOptions {
  /** Whether the call offers `tag:<key>`, `tag-key` and `tag-value` (default: it does). */
  readonly tagFilters?: boolean;
}

function isTagFilter(name: string): boolean {
  return name.startsWith("tag:") || name === "tag-key" || name === "tag-value";
}

/**
 * Validates `filters` against `table` and returns a predicate. Throws AWS's errors for unknown
 * filter names, empty value lists and too many values.
 */
export function compileFilters<T extends { readonly tags: readonly Tag[] }>(
  table: FilterTable<T>,
  filters: readonly Filter[] | undefined,
  options: FilterOptions = {},
): (item: T) => boolean {
  if (!filters || filters.length === 0) return () => true;
  const tagFilters = options.tagFilters ?? true;
  let total = 0;
  const compiled: CompiledFilter<T>[] = [];
  for (const filter of filters) {
    if (!filter.name) throw new InvalidParameterValue("The filter name must not be empty");
    if (filter.values.length === 0) {
      throw new InvalidParameterValue(`The filter '${filter.name}' requires at least one value`);
    }
    total += filter.values.length;
    if (total > MAX_FILTER_VALUES) throw new FilterLimitExceeded(MAX_FILTER_VALUES);
    const matchers = filter.values.map(compilePattern);
    if (isTagFilter(filter.name) && !tagFilters) {
      throw new InvalidFilter(filter.name);
    } else if (filter.name.startsWith("tag:")) {
      const key = filter.name.slice(4);
      compiled.push({
        test: (item) => item.tags.some((t) => t.key === key && matchers.some((m) => m(t.value))),
      });
    } else if (filter.name === "tag-key") {
      compiled.push({ test: (item) => item.tags.some((t) => matchers.some((m) => m(t.key))) });
    } else if (filter.name === "tag-value") {
      compiled.push({ test: (item) => item.tags.some((t) => matchers.some((m) => m(t.value))) });
    } else {
      const accessor = Object.hasOwn(table, filter.name) ? table[filter.name] : undefined;
      if (!accessor) throw new InvalidFilter(filter.name);
      compiled.push({ test: (item) => anyMatches(accessor(item), matchers) });
    }
  }
  return (item) => {
    for (const f of compiled) if (!f.test(item)) return false;
    return true;
  };
}

/** Filter names a table accepts, with the tag filters, for documentation and errors. */
export function filterNames<T>(table: FilterTable<T>, options: FilterOptions = {}): string[] {
  const tags = (options.tagFilters ?? true) ? ["tag:<key>", "tag-key", "tag-value"] : [];
  return [...Object.keys(table), ...tags].sort();
}
