/**
 * Writes the "Supported operations" section of README.md from the handler registries, so that the
 * list is never written by hand. `npm run docs:operations`; a test fails when the README is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ec2Handlers } from "../src/api/ec2/registry.js";
import { stsHandlers } from "../src/api/sts/registry.js";

export const BEGIN = "<!-- BEGIN GENERATED OPERATIONS (npm run docs:operations) -->";
export const END = "<!-- END GENERATED OPERATIONS -->";

function implemented(handlers: Readonly<Record<string, { readonly planned?: true }>>): string[] {
  return Object.keys(handlers).filter((op) => !handlers[op]!.planned);
}

export function operationsSection(): string {
  const services: [string, string[]][] = [
    ["EC2", implemented(ec2Handlers)],
    ["STS", implemented(stsHandlers)],
  ];
  const lines = [BEGIN, ""];
  for (const [name, operations] of services) {
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

export function renderReadme(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) throw new Error("README.md has no generated operations section");
  return readme.slice(0, start) + operationsSection() + readme.slice(end + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = new URL("../README.md", import.meta.url);
  writeFileSync(path, renderReadme(readFileSync(path, "utf8")));
}
