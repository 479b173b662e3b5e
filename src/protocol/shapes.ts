/**
 * The normalised form of an AWS API model, as `scripts/codegen` writes it into `generated/`.
 *
 * The official (aws-sdk v2 "min") models mix shared shapes (`"shape": "Sbs"`) with shapes inlined
 * at their single use, and put serialization traits (`locationName`, `queryName`, `flattened`,
 * `timestampFormat`) sometimes on the shape and sometimes on the reference. The generator resolves
 * all of that once, so that at run time:
 * - every compound shape (structure, list, map) has a name and lives in `shapes`;
 * - every reference to a shape is a {@link MemberRef} naming either a compound shape or a scalar
 *   type (lower-case keyword), and carrying every serialization trait that applies there;
 * - shapes carry only structure (members, required, list member, map key/value).
 */

export type ScalarType =
  | "string"
  | "integer"
  | "long"
  | "float"
  | "double"
  | "boolean"
  | "timestamp"
  | "blob";

export const scalarTypes: ReadonlySet<string> = new Set<ScalarType>([
  "string",
  "integer",
  "long",
  "float",
  "double",
  "boolean",
  "timestamp",
  "blob",
]);

export interface MemberRef {
  /** A compound shape name in `ServiceModel.shapes`, or a {@link ScalarType}. */
  readonly shape: string;
  readonly locationName?: string;
  readonly queryName?: string;
  readonly flattened?: boolean;
  readonly timestampFormat?: string;
}

export interface StructureShape {
  readonly type: "structure";
  readonly members: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
}

export interface ListShape {
  readonly type: "list";
  readonly member: MemberRef;
}

export interface MapShape {
  readonly type: "map";
  readonly key: MemberRef;
  readonly value: MemberRef;
}

export type Shape = StructureShape | ListShape | MapShape;

export interface OperationModel {
  /** Name of the input structure; absent when the operation takes no parameters. */
  readonly input?: string;
  /** Name of the output structure; absent when the operation returns nothing. */
  readonly output?: string;
  /** query protocol: the element wrapping the output (`GetCallerIdentityResult`). */
  readonly resultWrapper?: string;
}

/**
 * Conventions of a service that the model does not say, kept in
 * `scripts/codegen/services.json` next to the generator.
 */
export interface ServiceConventions {
  /** xmlns of responses (EC2 answers with a trailing slash the model lacks). */
  readonly responseXmlNamespace?: string;
  /** Name of the service in AWS's `NoSuchVersion` message (`AmazonEC2`). */
  readonly versionErrorServiceName?: string;
  /** EC2 answers `<return>true</return>` for operations that have no output shape. */
  readonly emptyOutputReturnsTrue?: boolean;
  /** aws-json: the code a service uses for request validation errors. */
  readonly validationErrorCode?: string;
}

/** `Ops` maps each implemented operation to its TypeScript input and output types (phantom). */
export interface OperationTypes {
  readonly [operation: string]: { readonly input: object; readonly output: object };
}

export interface ServiceModel<Ops extends OperationTypes = OperationTypes> {
  /** Never set: carries the operation types for the protocol functions' signatures. */
  readonly __types?: Ops;
  /** Our name of the service, the SigV4 signing name (`ec2`, `sts`, `logs`, `directconnect`). */
  readonly name: string;
  readonly protocol: "ec2" | "query" | "json";
  readonly apiVersion: string;
  readonly xmlNamespace?: string;
  readonly targetPrefix?: string;
  readonly jsonVersion?: string;
  readonly conventions: ServiceConventions;
  /** Every operation of the model, implemented or not. */
  readonly operationNames: readonly string[];
  /** The operations vpcsim implements (listed in `scripts/codegen/operations.json`). */
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** Input of an operation `K` of a typed service. */
export type InputOf<Ops extends OperationTypes, K extends keyof Ops> = Ops[K]["input"];
/** Output of an operation `K` of a typed service. */
export type OutputOf<Ops extends OperationTypes, K extends keyof Ops> = Ops[K]["output"];

/** A parsed request: the operation and its input, discriminated by operation name. */
export type ParsedRequest<Ops extends OperationTypes> = {
  [K in keyof Ops & string]: { readonly operation: K; readonly input: Ops[K]["input"] };
}[keyof Ops & string];

export function isScalar(shape: string): shape is ScalarType {
  return scalarTypes.has(shape);
}

/** Looks up a compound shape; a dangling name is a generator bug, not a client error. */
export function shapeOf(service: ServiceModel, name: string): Shape {
  const shape = service.shapes[name];
  if (shape === undefined) throw new Error(`protocol: shape ${name} is not in the ${service.name} model`);
  return shape;
}

/**
 * Per-service, per-purpose caches of compiled lookup tables (wire name → member, serializers).
 * Keyed by the service object, so models built in tests get their own.
 */
const caches = new WeakMap<ServiceModel, Map<string, unknown>>();

export function cached<T>(service: ServiceModel, key: string, build: () => T): T {
  let perService = caches.get(service);
  if (perService === undefined) {
    perService = new Map();
    caches.set(service, perService);
  }
  if (perService.has(key)) return perService.get(key) as T;
  const value = build();
  perService.set(key, value);
  return value;
}

/** The model's operation names as a set (answers "is this an action of the service at all?"). */
export function operationNameSet(service: ServiceModel): ReadonlySet<string> {
  return cached(service, "operationNames", () => new Set(service.operationNames));
}
