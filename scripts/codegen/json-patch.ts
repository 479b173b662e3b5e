/**
 * A small RFC 6902 (JSON Patch) implementation for `model-patches.json`: the day an official
 * model is wrong, the fix is data next to the generator, not a special case in code.
 *
 * Each entry of `model-patches.json` is a JSON Patch operation plus the model file it applies to:
 * `{ "model": "ec2-2016-11-15", "op": "add", "path": "/operations/CreateVpc/input/required", "value": ["CidrBlock"], "why": "…" }`.
 */

export interface ModelPatch {
  readonly model: string;
  readonly op: "add" | "remove" | "replace" | "test" | "copy" | "move";
  readonly path: string;
  readonly value?: unknown;
  readonly from?: string;
  readonly why?: string;
}

type Json = unknown;

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`model patch: bad JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function isContainer(value: Json): value is Record<string, Json> | Json[] {
  return typeof value === "object" && value !== null;
}

function child(container: Json, token: string, pointer: string): Json {
  if (Array.isArray(container)) {
    const index = Number(token);
    if (!/^\d+$/.test(token) || index >= container.length) {
      throw new Error(`model patch: ${pointer} does not exist`);
    }
    return container[index];
  }
  if (isContainer(container) && Object.hasOwn(container, token))
    return (container as Record<string, Json>)[token];
  throw new Error(`model patch: ${pointer} does not exist`);
}

function parentOf(document: Json, pointer: string): { parent: Record<string, Json> | Json[]; token: string } {
  const tokens = parsePointer(pointer);
  const token = tokens.pop();
  if (token === undefined) throw new Error("model patch: cannot patch the document root");
  let parent: Json = document;
  for (const t of tokens) parent = child(parent, t, pointer);
  if (!isContainer(parent)) throw new Error(`model patch: parent of ${pointer} is not a container`);
  return { parent, token };
}

function get(document: Json, pointer: string): Json {
  let node: Json = document;
  for (const token of parsePointer(pointer)) node = child(node, token, pointer);
  return node;
}

function add(document: Json, pointer: string, value: Json): void {
  const { parent, token } = parentOf(document, pointer);
  if (Array.isArray(parent)) {
    const index = token === "-" ? parent.length : Number(token);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw new Error(`model patch: bad array index in ${pointer}`);
    }
    parent.splice(index, 0, value);
  } else {
    parent[token] = value;
  }
}

function remove(document: Json, pointer: string): Json {
  const { parent, token } = parentOf(document, pointer);
  const old = child(parent, token, pointer);
  if (Array.isArray(parent)) parent.splice(Number(token), 1);
  else delete parent[token];
  return old;
}

/** Applies the patches meant for `modelName` to `document` in place. */
export function applyModelPatches(document: Json, modelName: string, patches: readonly ModelPatch[]): void {
  for (const patch of patches) {
    if (patch.model !== modelName) continue;
    const value = structuredClone(patch.value);
    switch (patch.op) {
      case "add":
        add(document, patch.path, value);
        break;
      case "remove":
        remove(document, patch.path);
        break;
      case "replace":
        remove(document, patch.path);
        add(document, patch.path, value);
        break;
      case "test":
        if (JSON.stringify(get(document, patch.path)) !== JSON.stringify(value)) {
          throw new Error(`model patch: test failed at ${patch.path} of ${modelName}`);
        }
        break;
      case "copy":
        add(document, patch.path, structuredClone(get(document, patch.from ?? "")));
        break;
      case "move":
        add(document, patch.path, remove(document, patch.from ?? ""));
        break;
      default:
        throw new Error(`model patch: unknown op ${(patch as { op: string }).op}`);
    }
  }
}
