/** Writes a normalised service as a TypeScript module: types, then the runtime model. */

import type { MemberRef, Shape } from "../../src/protocol/shapes.js";
import type { NormalizedService } from "./model.js";
import { pascalCase } from "./naming.js";

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(name: string): string {
  return identifier.test(name) ? name : JSON.stringify(name);
}

function scalarType(shape: string): string | undefined {
  switch (shape) {
    case "string":
      return "string";
    case "integer":
    case "long":
    case "float":
    case "double":
      return "number";
    case "boolean":
      return "boolean";
    case "timestamp":
      return "Date";
    case "blob":
      return "Uint8Array";
    default:
      return undefined;
  }
}

function typeOf(service: NormalizedService, ref: MemberRef): string {
  const scalar = scalarType(ref.shape);
  if (scalar !== undefined) return scalar;
  const shape = service.shapes[ref.shape];
  if (shape === undefined) throw new Error(`codegen: unknown shape ${ref.shape}`);
  if (shape.type === "structure") return ref.shape;
  if (shape.type === "list") {
    const element = typeOf(service, shape.member);
    return /^[A-Za-z0-9_]+$/.test(element) ? `readonly ${element}[]` : `readonly (${element})[]`;
  }
  return `Readonly<Record<string, ${typeOf(service, shape.value)}>>`;
}

function emitInterface(service: NormalizedService, name: string, lines: string[]): void {
  const shape = service.shapes[name];
  if (shape === undefined || shape.type !== "structure")
    throw new Error(`codegen: ${name} is not a structure`);
  const contexts = service.structureContexts.get(name);
  // Required members are required only of requests: AWS's outputs leave anything out.
  const required = new Set(contexts?.has("input") ? (shape.required ?? []) : []);
  const members = Object.entries(shape.members);
  if (members.length === 0) {
    lines.push(`export type ${name} = Record<string, never>;`, "");
    return;
  }
  lines.push(`export interface ${name} {`);
  for (const [memberName, ref] of members) {
    lines.push(
      `  readonly ${key(memberName)}${required.has(memberName) ? "" : "?"}: ${typeOf(service, ref)};`,
    );
  }
  lines.push("}", "");
}

function literal(value: unknown, indent: string): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (Array.isArray(value)) {
    return `[${value.map((v) => literal(v, indent)).join(", ")}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${key(k)}: ${literal(v, indent)}`).join(", ")} }`;
  }
  throw new Error(`codegen: cannot write ${String(value)}`);
}

/** A long list of strings, wrapped at about 100 columns. */
function wrappedStrings(values: readonly string[], indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const value of values) {
    const item = `${JSON.stringify(value)},`;
    if (line !== "" && indent.length + line.length + 1 + item.length > 100) {
      lines.push(indent + line);
      line = item;
    } else {
      line = line === "" ? item : `${line} ${item}`;
    }
  }
  if (line !== "") lines.push(indent + line);
  return `[\n${lines.join("\n")}\n${indent.slice(2)}]`;
}

function emitShape(name: string, shape: Shape, lines: string[]): void {
  if (shape.type !== "structure") {
    const { type, ...rest } = shape;
    lines.push(`    ${key(name)}: ${literal({ type, ...rest }, "    ")},`);
    return;
  }
  lines.push(`    ${key(name)}: {`, `      type: "structure",`);
  const members = Object.entries(shape.members);
  if (members.length === 0) {
    lines.push("      members: {},");
  } else {
    lines.push("      members: {");
    for (const [memberName, ref] of members)
      lines.push(`        ${key(memberName)}: ${literal(ref, "        ")},`);
    lines.push("      },");
  }
  if (shape.required !== undefined) lines.push(`      required: ${literal(shape.required, "      ")},`);
  lines.push("    },");
}

export function emitServiceModule(service: NormalizedService, header: string): string {
  const prefix = pascalCase(service.name);
  const lines: string[] = [header, "", 'import type { ServiceModel } from "../shapes.js";', ""];

  lines.push("// Operation inputs and outputs.", "");
  const emitted = new Set<string>();
  const aliases: string[] = [];
  for (const [operation, model] of Object.entries(service.operations)) {
    for (const side of ["Input", "Output"] as const) {
      const typeName = `${operation}${side}`;
      const shapeName = side === "Input" ? model.input : model.output;
      if (shapeName === undefined) {
        lines.push(`export type ${typeName} = Record<string, never>;`, "");
      } else if (shapeName === typeName) {
        emitInterface(service, typeName, lines);
        emitted.add(typeName);
      } else {
        aliases.push(`export type ${typeName} = ${shapeName};`);
      }
    }
  }
  if (aliases.length > 0) lines.push(...aliases, "");

  const shared = Object.entries(service.shapes).filter(
    ([name, shape]) => shape.type === "structure" && !emitted.has(name),
  );
  if (shared.length > 0) lines.push("// Structures used by the operations above.", "");
  for (const [name] of shared) emitInterface(service, name, lines);

  lines.push(`export type ${prefix}Operations = {`);
  for (const operation of Object.keys(service.operations)) {
    lines.push(
      `  readonly ${operation}: { readonly input: ${operation}Input; readonly output: ${operation}Output };`,
    );
  }
  lines.push("};", "");

  lines.push(`export const ${service.name}Service: ServiceModel<${prefix}Operations> = {`);
  lines.push(`  name: ${JSON.stringify(service.name)},`);
  lines.push(`  protocol: ${JSON.stringify(service.protocol)},`);
  lines.push(`  apiVersion: ${JSON.stringify(service.apiVersion)},`);
  if (service.xmlNamespace !== undefined)
    lines.push(`  xmlNamespace: ${JSON.stringify(service.xmlNamespace)},`);
  if (service.targetPrefix !== undefined)
    lines.push(`  targetPrefix: ${JSON.stringify(service.targetPrefix)},`);
  if (service.jsonVersion !== undefined) lines.push(`  jsonVersion: ${JSON.stringify(service.jsonVersion)},`);
  lines.push(`  conventions: ${literal(service.conventions, "  ")},`);
  lines.push(`  operationNames: ${wrappedStrings(service.operationNames, "    ")},`);
  lines.push("  operations: {");
  for (const [operation, model] of Object.entries(service.operations)) {
    lines.push(`    ${operation}: ${literal(model, "    ")},`);
  }
  lines.push("  },");
  lines.push("  shapes: {");
  for (const [name, shape] of Object.entries(service.shapes)) emitShape(name, shape, lines);
  lines.push("  },");
  lines.push("};", "");
  return lines.join("\n");
}

export interface RegistryEntry {
  readonly name: string;
  readonly protocol: string;
  readonly apiVersion: string;
  readonly signingName: string;
  readonly targetPrefix?: string;
  readonly jsonVersion?: string;
  /** query protocol only: every action, so that a request without a signature can be routed. */
  readonly actions?: readonly string[];
  /** Whether `generated/<name>.ts` exists (the service has implemented operations). */
  readonly generated: boolean;
}

export function emitRegistry(entries: readonly RegistryEntry[], header: string): string {
  const lines: string[] = [header, ""];
  lines.push("export interface ServiceRegistryEntry {");
  lines.push("  readonly name: string;");
  lines.push('  readonly protocol: "ec2" | "query" | "json";');
  lines.push("  readonly apiVersion: string;");
  lines.push("  /** The SigV4 signing name (credential scope service). */");
  lines.push("  readonly signingName: string;");
  lines.push("  readonly targetPrefix?: string;");
  lines.push("  readonly jsonVersion?: string;");
  lines.push("  readonly actions?: readonly string[];");
  lines.push("  readonly generated: boolean;");
  lines.push("}", "");
  lines.push("/** Every service vpcsim knows, whether or not it implements operations of it yet. */");
  lines.push("export const serviceRegistry: readonly ServiceRegistryEntry[] = [");
  for (const entry of entries) {
    lines.push("  {");
    for (const [k, v] of Object.entries(entry)) {
      if (v === undefined) continue;
      if (k === "actions" && Array.isArray(v))
        lines.push(`    actions: ${wrappedStrings(v as string[], "      ")},`);
      else lines.push(`    ${k}: ${literal(v, "    ")},`);
    }
    lines.push("  },");
  }
  lines.push("];", "");
  return lines.join("\n");
}

export function emitIndex(serviceNames: readonly string[], header: string): string {
  const lines = [header, ""];
  for (const name of serviceNames) lines.push(`export * as ${name} from "./${name}.js";`);
  lines.push('export { type ServiceRegistryEntry, serviceRegistry } from "./services.js";', "");
  return lines.join("\n");
}
