/**
 * CloudWatch Logs filter patterns (CloudWatch Logs User Guide, "Filter pattern syntax for metric
 * filters, subscription filters, filter log events, and Live Tail"), compiled once into a
 * predicate over an event's message:
 *
 * - terms (unstructured events): `ERROR` (the event contains the term; case-sensitive), several
 *   terms must all appear, `"quoted phrases"` (needed for anything but letters, digits and `_`),
 *   `?ERROR ?WARN` (any of the `?` terms), `-term` (the term must not appear), `%regex%`;
 * - space-delimited events: `[ip, user, ..., status=4*, bytes>=1000]`, the event split into
 *   fields at spaces (a `"…"` or `[…]` group is one field), `...` standing for any number of
 *   fields, conditions `= != < <= > >=` against numbers or strings (with `*` wildcards), joined in
 *   one column by `&&` and `||`;
 * - JSON events: `{ $.level = "ERROR" && ($.latency > 100 || $.retry IS TRUE) }` with selectors
 *   `$.a.b`, `$.list[0]`, `IS NULL`, `IS TRUE`, `IS FALSE`, `NOT EXISTS`.
 *
 * A malformed pattern is AWS's `InvalidParameterException`.
 */
import { LogsInvalidParameter } from "./errors.js";

export type EventMatcher = (message: string) => boolean;

const matchAll: EventMatcher = () => true;

function invalidPattern(detail?: string): never {
  throw new LogsInvalidParameter(detail ?? "Invalid filter pattern");
}

const cache = new Map<string, EventMatcher>();

/** The predicate of a filter pattern; an empty or absent pattern matches every event. */
export function compileFilterPattern(pattern: string | undefined): EventMatcher {
  if (pattern === undefined) return matchAll;
  const cached = cache.get(pattern);
  if (cached) return cached;
  const text = pattern.trim();
  let matcher: EventMatcher;
  if (text === "") matcher = matchAll;
  else if (text.startsWith("{")) matcher = compileJsonPattern(text);
  else if (text.startsWith("[")) matcher = compileSpaceDelimitedPattern(text);
  else matcher = compileTermPattern(text);
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, matcher);
  return matcher;
}

// ---- values: wildcards, numbers, regular expressions ------------------------------------------

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** `*` matches any run of characters; everything else is literal. The whole value must match. */
function wildcardRegExp(value: string): RegExp {
  return new RegExp(`^${value.split("*").map(escapeRegExp).join("[\\s\\S]*")}$`);
}

function regexOf(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    return invalidPattern(`Invalid regular expression: %${source}%`);
  }
}

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

function asNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

type Operator = "=" | "!=" | "<" | "<=" | ">" | ">=";

interface ValueTest {
  readonly op: Operator;
  /** The literal as written (quotes removed). */
  readonly text: string;
  readonly quoted: boolean;
  readonly regex?: RegExp;
}

/** Compares one field value with a condition's literal, as numbers when the literal is one. */
function compareValue(actual: string | number | boolean | null, test: ValueTest): boolean {
  if (test.regex) {
    if (typeof actual !== "string" && typeof actual !== "number") return test.op === "!=";
    const found = test.regex.test(String(actual));
    return test.op === "!=" ? !found : found;
  }
  const expectedNumber = test.quoted ? undefined : asNumber(test.text);
  if (expectedNumber !== undefined) {
    const actualNumber =
      typeof actual === "number" ? actual : typeof actual === "string" ? asNumber(actual) : undefined;
    if (actualNumber === undefined) return test.op === "!=";
    switch (test.op) {
      case "=":
        return actualNumber === expectedNumber;
      case "!=":
        return actualNumber !== expectedNumber;
      case "<":
        return actualNumber < expectedNumber;
      case "<=":
        return actualNumber <= expectedNumber;
      case ">":
        return actualNumber > expectedNumber;
      case ">=":
        return actualNumber >= expectedNumber;
    }
  }
  if (actual === null || typeof actual === "boolean") {
    const equal = String(actual) === test.text;
    return test.op === "=" ? equal : !equal;
  }
  const equal = wildcardRegExp(test.text).test(String(actual));
  return test.op === "=" ? equal : !equal;
}

// ---- a small tokenizer shared by the three syntaxes -----------------------------------------

interface Token {
  readonly kind: "word" | "string" | "regex" | "op" | "punct";
  readonly text: string;
}

const OPERATORS = ["&&", "||", "!=", "<=", ">=", "=", "<", ">"];

function tokenize(text: string, punctuation: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      let value = "";
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      if (i >= text.length) invalidPattern("Unterminated quoted string in filter pattern");
      i++;
      tokens.push({ kind: "string", text: value });
      continue;
    }
    if (ch === "%") {
      const end = text.indexOf("%", i + 1);
      if (end === -1) invalidPattern("Unterminated regular expression in filter pattern");
      tokens.push({ kind: "regex", text: text.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: "op", text: op });
      i += op.length;
      continue;
    }
    if (punctuation.includes(ch)) {
      tokens.push({ kind: "punct", text: ch });
      i++;
      continue;
    }
    let word = "";
    while (
      i < text.length &&
      !/\s/.test(text[i]!) &&
      !punctuation.includes(text[i]!) &&
      text[i] !== '"' &&
      !OPERATORS.some((o) => text.startsWith(o, i))
    ) {
      word += text[i];
      i++;
    }
    tokens.push({ kind: "word", text: word });
  }
  return tokens;
}

// ---- terms ---------------------------------------------------------------------------------

const BARE_TERM = /^[A-Za-z0-9_]+$/;

function compileTermPattern(text: string): EventMatcher {
  if (
    text.startsWith("%") &&
    text.endsWith("%") &&
    text.length > 1 &&
    text.indexOf("%", 1) === text.length - 1
  ) {
    const regex = regexOf(text.slice(1, -1));
    return (message) => regex.test(message);
  }
  const required: ((m: string) => boolean)[] = [];
  const excluded: ((m: string) => boolean)[] = [];
  const optional: ((m: string) => boolean)[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    let mode: "required" | "excluded" | "optional" = "required";
    if (text[i] === "?") {
      mode = "optional";
      i++;
    } else if (text[i] === "-") {
      mode = "excluded";
      i++;
    }
    let test: (m: string) => boolean;
    if (text[i] === '"') {
      let phrase = "";
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) i++;
        phrase += text[i];
        i++;
      }
      if (i >= text.length) invalidPattern("Unterminated quoted string in filter pattern");
      i++;
      test = (m) => m.includes(phrase);
    } else if (text[i] === "%") {
      const end = text.indexOf("%", i + 1);
      if (end === -1) invalidPattern("Unterminated regular expression in filter pattern");
      const regex = regexOf(text.slice(i + 1, end));
      i = end + 1;
      test = (m) => regex.test(m);
    } else {
      let term = "";
      while (i < text.length && !/\s/.test(text[i]!)) {
        term += text[i];
        i++;
      }
      // Filter pattern syntax: terms with characters other than letters, digits and `_` must be quoted.
      if (!BARE_TERM.test(term)) invalidPattern(`Invalid character(s) in term '${term}'`);
      test = (m) => m.includes(term);
    }
    (mode === "required" ? required : mode === "excluded" ? excluded : optional).push(test);
  }
  return (message) =>
    required.every((t) => t(message)) &&
    !excluded.some((t) => t(message)) &&
    (optional.length === 0 || optional.some((t) => t(message)));
}

// ---- space-delimited events ----------------------------------------------------------------

/** Splits an event into fields at whitespace; `"…"` and `[…]` groups are single fields. */
export function splitSpaceDelimited(message: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < message.length) {
    while (i < message.length && /\s/.test(message[i]!)) i++;
    if (i >= message.length) break;
    const open = message[i];
    if (open === '"' || open === "[") {
      const close = open === '"' ? '"' : "]";
      const end = message.indexOf(close, i + 1);
      if (end !== -1) {
        fields.push(message.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    let field = "";
    while (i < message.length && !/\s/.test(message[i]!)) {
      field += message[i];
      i++;
    }
    fields.push(field);
  }
  return fields;
}

type Condition = (values: ReadonlyMap<string, string>) => boolean;

interface Column {
  readonly name: string;
  readonly condition?: Condition;
}

const COLUMN_NAME = /^[A-Za-z0-9_-]+$/;

function compileSpaceDelimitedPattern(text: string): EventMatcher {
  if (!text.endsWith("]")) invalidPattern("Space-delimited filter pattern must end with ']'");
  const tokens = tokenize(text.slice(1, -1), ",");
  const columns: Column[] = [];
  let current: Token[] = [];
  const flush = () => {
    columns.push(compileColumn(current));
    current = [];
  };
  for (const token of tokens) {
    if (token.kind === "punct" && token.text === ",") flush();
    else current.push(token);
  }
  flush();
  const ellipsis = columns.findIndex((c) => c.name === "...");
  if (ellipsis !== -1 && columns.findIndex((c, i) => i > ellipsis && c.name === "...") !== -1) {
    invalidPattern("A space-delimited filter pattern may use '...' only once");
  }
  const before = ellipsis === -1 ? columns : columns.slice(0, ellipsis);
  const after = ellipsis === -1 ? [] : columns.slice(ellipsis + 1);
  const conditions = columns.flatMap((c) => (c.condition ? [c.condition] : []));
  return (message) => {
    const fields = splitSpaceDelimited(message);
    if (ellipsis === -1 ? fields.length !== columns.length : fields.length < before.length + after.length) {
      return false;
    }
    const values = new Map<string, string>();
    before.forEach((c, i) => {
      values.set(c.name, fields[i]!);
    });
    after.forEach((c, i) => {
      values.set(c.name, fields[fields.length - after.length + i]!);
    });
    return conditions.every((condition) => condition(values));
  };
}

function compileColumn(tokens: readonly Token[]): Column {
  const first = tokens[0];
  if (first?.kind !== "word") return invalidPattern();
  if (first.text === "...") {
    if (tokens.length > 1) invalidPattern("'...' cannot have a condition");
    return { name: "..." };
  }
  if (!COLUMN_NAME.test(first.text)) invalidPattern(`Invalid field name '${first.text}'`);
  if (tokens.length === 1) return { name: first.text };
  let position = 0;
  const comparison = (): Condition => {
    const name = tokens[position];
    const op = tokens[position + 1];
    const value = tokens[position + 2];
    if (name?.kind !== "word" || op?.kind !== "op" || value === undefined || value.kind === "op") {
      return invalidPattern();
    }
    position += 3;
    const test = valueTest(op.text, value);
    return (values) => {
      const actual = values.get(name.text);
      return actual !== undefined && compareValue(actual, test);
    };
  };
  const conjunction = (): Condition => {
    const parts = [comparison()];
    while (tokens[position]?.text === "&&") {
      position++;
      parts.push(comparison());
    }
    return (values) => parts.every((p) => p(values));
  };
  const alternatives = [conjunction()];
  while (tokens[position]?.text === "||") {
    position++;
    alternatives.push(conjunction());
  }
  if (position !== tokens.length) invalidPattern();
  return { name: first.text, condition: (values) => alternatives.some((a) => a(values)) };
}

function valueTest(operator: string, token: Token): ValueTest {
  if (operator === "&&" || operator === "||") return invalidPattern();
  const op = operator as Operator;
  if (token.kind === "regex") return { op, text: token.text, quoted: true, regex: regexOf(token.text) };
  const quoted = token.kind === "string";
  if (op !== "=" && op !== "!=" && (quoted || asNumber(token.text) === undefined)) {
    invalidPattern(`Invalid numeric value in comparison: ${token.text}`);
  }
  return { op, text: token.text, quoted };
}

// ---- JSON events ---------------------------------------------------------------------------

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type JsonCondition = (document: JsonValue) => boolean;
type Step = { readonly key: string } | { readonly index: number };

/** Parses `$.a.b[0].c` into steps. */
function parseSelector(text: string): Step[] {
  if (!text.startsWith("$")) return invalidPattern(`Invalid selector '${text}'`);
  const steps: Step[] = [];
  let i = 1;
  while (i < text.length) {
    if (text[i] === ".") {
      let key = "";
      i++;
      while (i < text.length && text[i] !== "." && text[i] !== "[") {
        key += text[i];
        i++;
      }
      if (key === "") invalidPattern(`Invalid selector '${text}'`);
      steps.push({ key });
    } else if (text[i] === "[") {
      const end = text.indexOf("]", i);
      const index = end === -1 ? Number.NaN : Number(text.slice(i + 1, end));
      if (!Number.isInteger(index) || index < 0) invalidPattern(`Invalid selector '${text}'`);
      steps.push({ index });
      i = end + 1;
    } else {
      invalidPattern(`Invalid selector '${text}'`);
    }
  }
  return steps;
}

const MISSING = Symbol("missing");

function select(document: JsonValue, steps: readonly Step[]): JsonValue | typeof MISSING {
  let node: JsonValue = document;
  for (const step of steps) {
    if (node === null || typeof node !== "object") return MISSING;
    if ("index" in step) {
      if (!Array.isArray(node) || step.index >= node.length) return MISSING;
      node = node[step.index]!;
    } else {
      if (Array.isArray(node) || !Object.hasOwn(node, step.key)) return MISSING;
      node = (node as { [key: string]: JsonValue })[step.key]!;
    }
  }
  return node;
}

function compileJsonPattern(text: string): EventMatcher {
  if (!text.endsWith("}")) invalidPattern("JSON filter pattern must end with '}'");
  const tokens = tokenize(text.slice(1, -1), "()");
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++] ?? invalidPattern();
  const comparison = (): JsonCondition => {
    const selectorToken = next();
    if (selectorToken.kind !== "word") return invalidPattern();
    const steps = parseSelector(selectorToken.text);
    const after = next();
    if (after.kind === "word" && (after.text === "IS" || after.text === "NOT")) {
      const what = next().text;
      if (after.text === "NOT") {
        if (what !== "EXISTS") invalidPattern();
        return (doc) => select(doc, steps) === MISSING;
      }
      if (what === "NULL") return (doc) => select(doc, steps) === null;
      if (what === "TRUE") return (doc) => select(doc, steps) === true;
      if (what === "FALSE") return (doc) => select(doc, steps) === false;
      return invalidPattern();
    }
    if (after.kind !== "op" || after.text === "&&" || after.text === "||") return invalidPattern();
    const valueToken = next();
    if (valueToken.kind === "op" || valueToken.kind === "punct") return invalidPattern();
    const test = valueTest(after.text, valueToken);
    return (doc) => {
      const value = select(doc, steps);
      if (value === MISSING || (typeof value === "object" && value !== null)) return false;
      return compareValue(value, test);
    };
  };
  const primary = (): JsonCondition => {
    if (peek()?.kind === "punct" && peek()?.text === "(") {
      position++;
      const inner = disjunction();
      const close = next();
      if (close.text !== ")") invalidPattern();
      return inner;
    }
    return comparison();
  };
  const conjunction = (): JsonCondition => {
    const parts = [primary()];
    while (peek()?.text === "&&") {
      position++;
      parts.push(primary());
    }
    return (doc) => parts.every((p) => p(doc));
  };
  const disjunction = (): JsonCondition => {
    const parts = [conjunction()];
    while (peek()?.text === "||") {
      position++;
      parts.push(conjunction());
    }
    return (doc) => parts.some((p) => p(doc));
  };
  const condition = disjunction();
  if (position !== tokens.length) invalidPattern();
  return (message) => {
    let document: JsonValue;
    try {
      document = JSON.parse(message) as JsonValue;
    } catch {
      return false;
    }
    return condition(document);
  };
}
