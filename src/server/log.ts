/**
 * Structured logs: one JSON line per event (`{"level":"info","time":…,"msg":"request",…}`), the
 * shape pino writes, without the dependency.
 */
export type LogLevel = "silent" | "error" | "warn" | "info" | "debug";

const RANK: { readonly [L in LogLevel]: number } = { silent: 99, error: 50, warn: 40, info: 30, debug: 20 };

export interface Logger {
  error(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(
  level: LogLevel,
  sink: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const threshold = RANK[level];
  const make =
    (name: Exclude<LogLevel, "silent">) =>
    (msg: string, fields: Record<string, unknown> = {}): void => {
      if (RANK[name] < threshold) return;
      sink(`${JSON.stringify({ level: name, time: new Date().toISOString(), msg, ...fields })}\n`);
    };
  return { error: make("error"), warn: make("warn"), info: make("info"), debug: make("debug") };
}
