/**
 * The AWS JSON protocol (1.0 and 1.1; Direct Connect and CloudWatch Logs use 1.1): `POST /` with
 * `X-Amz-Target: <targetPrefix>.<Operation>` and a JSON body, answered with JSON.
 *
 * Like AWS's JSON services, the parser ignores members the input shape does not have and treats
 * `null` as absent. A value of the wrong JSON type is `SerializationException`; missing required
 * members are reported together, in the wording of AWS's validation layer ("1 validation error
 * detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null"),
 * under the service's validation error code (`InvalidParameterException` for CloudWatch Logs,
 * `DirectConnectClientException` for Direct Connect; see `scripts/codegen/services.json`).
 * Timestamps travel as seconds since the epoch (a JSON number, fractional for milliseconds),
 * blobs as base64.
 */

import { ProtocolError } from "./errors.js";
import { base64, parseBase64Text, parseTimestampText } from "./scalars.js";
import {
  cached,
  isScalar,
  type MemberRef,
  type OperationTypes,
  operationNameSet,
  type ParsedRequest,
  type ServiceModel,
  shapeOf,
} from "./shapes.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function jsonContentType(service: ServiceModel): string {
  return `application/x-amz-json-${service.jsonVersion ?? "1.0"}`;
}

function serializationError(message: string): ProtocolError {
  return new ProtocolError("SerializationException", message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const jsonTypeNames: Readonly<Record<string, string>> = {
  string: "a string",
  integer: "an integer",
  long: "an integer",
  float: "a number",
  double: "a number",
  boolean: "a boolean",
  timestamp: "a timestamp (seconds since the epoch)",
  blob: "base64-encoded data",
  structure: "an object",
  list: "an array",
  map: "an object",
};

class JsonInputParser {
  readonly missing: string[] = [];

  constructor(private readonly service: ServiceModel) {}

  private mismatch(path: string, expected: string): ProtocolError {
    return serializationError(`Expected ${jsonTypeNames[expected] ?? expected} at '${path || "$"}'.`);
  }

  structure(shapeName: string, value: unknown, path: string): Record<string, unknown> {
    const shape = shapeOf(this.service, shapeName);
    if (shape.type !== "structure") throw new Error(`protocol: ${shapeName} is not a structure`);
    if (!isPlainObject(value)) throw this.mismatch(path, "structure");
    const out: Record<string, unknown> = {};
    for (const [memberName, ref] of Object.entries(shape.members)) {
      const jsonName = ref.locationName ?? memberName;
      if (!Object.hasOwn(value, jsonName)) continue;
      const member = value[jsonName];
      if (member === null || member === undefined) continue;
      out[memberName] = this.value(ref, member, path === "" ? jsonName : `${path}.${jsonName}`);
    }
    for (const required of shape.required ?? []) {
      if (out[required] === undefined) {
        const jsonName = shape.members[required]?.locationName ?? required;
        this.missing.push(path === "" ? jsonName : `${path}.${jsonName}`);
      }
    }
    return out;
  }

  private value(ref: MemberRef, value: unknown, path: string): unknown {
    if (isScalar(ref.shape)) return this.scalar(ref.shape, value, path);
    const shape = shapeOf(this.service, ref.shape);
    switch (shape.type) {
      case "structure":
        return this.structure(ref.shape, value, path);
      case "list": {
        if (!Array.isArray(value)) throw this.mismatch(path, "list");
        const out: unknown[] = [];
        value.forEach((element, index) => {
          if (element !== null && element !== undefined) {
            out.push(this.value(shape.member, element, `${path}.${index + 1}.member`));
          }
        });
        return out;
      }
      case "map": {
        if (!isPlainObject(value)) throw this.mismatch(path, "map");
        const out: Record<string, unknown> = {};
        for (const [key, element] of Object.entries(value)) {
          if (element === null || element === undefined) continue;
          Object.defineProperty(out, key, {
            value: this.value(shape.value, element, `${path}.${key}`),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      }
    }
  }

  private scalar(type: string, value: unknown, path: string): unknown {
    switch (type) {
      case "string":
        if (typeof value !== "string") throw this.mismatch(path, type);
        return value;
      case "boolean":
        if (typeof value !== "boolean") throw this.mismatch(path, type);
        return value;
      case "integer":
      case "long": {
        const limit = type === "integer" ? 2147483647 : Number.MAX_SAFE_INTEGER;
        if (typeof value !== "number" || !Number.isInteger(value) || value > limit || value < -limit - 1) {
          throw this.mismatch(path, type);
        }
        return value;
      }
      case "float":
      case "double":
        if (typeof value !== "number" || !Number.isFinite(value)) throw this.mismatch(path, type);
        return value;
      case "timestamp": {
        const date =
          typeof value === "number" && Number.isFinite(value)
            ? new Date(Math.round(value * 1000))
            : typeof value === "string"
              ? parseTimestampText(value)
              : undefined;
        if (date === undefined || Number.isNaN(date.getTime())) throw this.mismatch(path, type);
        return date;
      }
      case "blob": {
        const bytes = typeof value === "string" ? parseBase64Text(value) : undefined;
        if (bytes === undefined) throw this.mismatch(path, type);
        return bytes;
      }
      default:
        throw new Error(`protocol: unknown scalar type ${type}`);
    }
  }
}

/**
 * Parses an AWS JSON request. `target` is the `X-Amz-Target` header; `body` the raw body.
 * Errors: `UnknownOperationException` for a missing or foreign target or an operation the model
 * does not have, `NotImplemented` (501), `SerializationException` for a body that is not JSON or
 * has a value of the wrong type, and the service's validation code for missing required members.
 */
export function parseJsonRequest<Ops extends OperationTypes>(
  service: ServiceModel<Ops>,
  target: string | undefined,
  body: string | Uint8Array | undefined,
): ParsedRequest<Ops> {
  const prefix = `${service.targetPrefix ?? ""}.`;
  if (target === undefined || !target.startsWith(prefix)) {
    throw new ProtocolError(
      "UnknownOperationException",
      `The target ${target ?? "(none)"} is not an operation of this service.`,
    );
  }
  const action = target.slice(prefix.length);
  if (!operationNameSet(service).has(action)) {
    throw new ProtocolError(
      "UnknownOperationException",
      `The operation ${action} is not an operation of this service.`,
    );
  }
  const operation = service.operations[action];
  if (operation === undefined) {
    throw new ProtocolError("NotImplemented", `The operation ${action} is not implemented by vpcsim.`, 501);
  }
  let text: string;
  try {
    text = body === undefined ? "" : typeof body === "string" ? body : utf8.decode(body);
  } catch {
    throw serializationError("The request body is not valid UTF-8.");
  }
  let document: unknown = {};
  if (text.trim() !== "") {
    try {
      document = JSON.parse(text);
    } catch {
      throw serializationError("The request body is not valid JSON.");
    }
  }
  if (!isPlainObject(document)) throw serializationError("The request body must be a JSON object.");
  let input: Record<string, unknown> = {};
  if (operation.input !== undefined) {
    const parser = new JsonInputParser(service);
    input = parser.structure(operation.input, document, "");
    if (parser.missing.length > 0) {
      const count = parser.missing.length;
      const details = parser.missing
        .map((path) => `Value null at '${path}' failed to satisfy constraint: Member must not be null`)
        .join("; ");
      throw new ProtocolError(
        service.conventions.validationErrorCode ?? "ValidationException",
        `${count} validation error${count === 1 ? "" : "s"} detected: ${details}`,
      );
    }
  }
  return { operation: action, input } as ParsedRequest<Ops>;
}

type JsonWriter = (value: unknown) => unknown;

function jsonScalarWriter(type: string): JsonWriter {
  switch (type) {
    case "timestamp":
      return (v) =>
        v instanceof Date
          ? Number.isNaN(v.getTime())
            ? undefined
            : v.getTime() / 1000
          : typeof v === "number"
            ? v
            : undefined;
    case "blob":
      return (v) => (v instanceof Uint8Array ? base64(v) : typeof v === "string" ? v : undefined);
    case "integer":
    case "long":
    case "float":
    case "double":
      return (v) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : undefined);
    default:
      return (v) =>
        typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
  }
}

function jsonWriter(service: ServiceModel, ref: MemberRef): JsonWriter {
  if (isScalar(ref.shape)) return jsonScalarWriter(ref.shape);
  return cached(service, `json:out:${ref.shape}`, (): JsonWriter => {
    const shape = shapeOf(service, ref.shape);
    if (shape.type === "structure") {
      const members = Object.entries(shape.members).map(
        ([memberName, member]) => [memberName, member.locationName ?? memberName, member] as const,
      );
      return (v) => {
        if (!isPlainObject(v)) return undefined;
        const out: Record<string, unknown> = {};
        for (const [memberName, jsonName, member] of members) {
          const value = v[memberName];
          if (value === undefined || value === null) continue;
          const written = jsonWriter(service, member)(value);
          if (written !== undefined) out[jsonName] = written;
        }
        return out;
      };
    }
    if (shape.type === "list") {
      return (v) => {
        if (!Array.isArray(v)) return undefined;
        const write = jsonWriter(service, shape.member);
        return v.map(write).filter((element) => element !== undefined);
      };
    }
    return (v) => {
      if (!isPlainObject(v)) return undefined;
      const write = jsonWriter(service, shape.value);
      const out: Record<string, unknown> = {};
      for (const [key, element] of Object.entries(v)) {
        const written = element === null || element === undefined ? undefined : write(element);
        if (written !== undefined) {
          Object.defineProperty(out, key, {
            value: written,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      }
      return out;
    };
  });
}

/** The JSON body of a successful response (`{}` for operations without output). */
export function serializeJsonResponse<Ops extends OperationTypes, K extends keyof Ops & string>(
  service: ServiceModel<Ops>,
  operation: K,
  output: Ops[K]["output"],
): string {
  const model = service.operations[operation];
  if (model === undefined)
    throw new Error(`protocol: ${operation} is not an implemented operation of ${service.name}`);
  if (model.output === undefined) return "{}";
  return JSON.stringify(jsonWriter(service, { shape: model.output })(output) ?? {});
}

/**
 * An error response: HTTP `httpStatus` (400 unless stated), header `x-amzn-errortype: <Code>` and
 * body `{"__type":"<Code>","message":"…"}`, which is how both Direct Connect and CloudWatch Logs
 * answer (no namespace prefix in `__type`, lower-case `message`).
 */
export function serializeJsonError(
  service: ServiceModel,
  code: string,
  message: string,
  requestId: string,
): { readonly body: string; readonly headers: Readonly<Record<string, string>> } {
  return {
    body: JSON.stringify({ __type: code, message }),
    headers: {
      "content-type": jsonContentType(service),
      "x-amzn-errortype": code,
      "x-amzn-requestid": requestId,
    },
  };
}
