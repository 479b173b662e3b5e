/**
 * Writes the "Supported operations" section of README.md from the handler registries, so that the
 * list is never written by hand. `npm run docs:operations`; a test fails when the README is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { directConnectHandlers } from "../src/api/directconnect/registry.js";
import { ec2Handlers } from "../src/api/ec2/registry.js";
import { logsHandlers } from "../src/api/logs/registry.js";
import { stsHandlers } from "../src/api/sts/registry.js";
import { DEFAULT_QUOTAS } from "../src/control/context.js";

export const BEGIN = "<!-- BEGIN GENERATED OPERATIONS (npm run docs:operations) -->";
export const END = "<!-- END GENERATED OPERATIONS -->";

function implemented(handlers: Readonly<Record<string, { readonly planned?: true }>>): string[] {
  return Object.keys(handlers).filter((op) => !handlers[op]!.planned);
}

export function operationsSection(): string {
  const services: [string, string[]][] = [
    ["EC2", implemented(ec2Handlers)],
    ["STS", implemented(stsHandlers)],
    ["Direct Connect", implemented(directConnectHandlers)],
    ["CloudWatch Logs", implemented(logsHandlers)],
  ];
  const lines = [BEGIN, ""];
  for (const [name, operations] of services) {
    // A service whose operations are all still planned is not listed yet.
    if (operations.length === 0) continue;
    lines.push(
      `**${name}** (${operations.length}): ${[...operations]
        .sort()
        .map((op) => `\`${op}\``)
        .join(", ")}`,
      "",
    );
  }
  lines.push(END);
  return lines.join("\n");
}

export const QUOTAS_BEGIN = "<!-- BEGIN GENERATED QUOTAS (npm run docs:operations) -->";
export const QUOTAS_END = "<!-- END GENERATED QUOTAS -->";

export function quotasSection(): string {
  const rows = Object.entries(DEFAULT_QUOTAS).map(([name, value]) => `| \`${name}\` | ${value} |`);
  return [QUOTAS_BEGIN, "", "| quota | AWS's default |", "|---|---|", ...rows, "", QUOTAS_END].join("\n");
}

function replaceBetween(text: string, begin: string, end: string, section: string): string {
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start === -1 || stop === -1) throw new Error(`README.md has no section ${begin}`);
  return text.slice(0, start) + section + text.slice(stop + end.length);
}

export function renderReadme(readme: string): string {
  const withOperations = replaceBetween(readme, BEGIN, END, operationsSection());
  return replaceBetween(withOperations, QUOTAS_BEGIN, QUOTAS_END, quotasSection());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = new URL("../README.md", import.meta.url);
  writeFileSync(path, renderReadme(readFileSync(path, "utf8")));
}
