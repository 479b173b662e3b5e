/**
 * The EC2 protocol: form-encoded requests (`Action`, `Version`, `Name.N`, `Name.Field`,
 * `Filter.N.Name` / `Filter.N.Value.M`) in, XML out.
 *
 * Wire names follow botocore's `EC2Serializer`: a member's `queryName` if it has one, else its
 * `locationName` with the first letter capitalised, else its member name. Lists are always
 * flattened (`VpcId.1`), whatever the model says, and the list's own member name plays no part.
 */

import { messages, ProtocolError } from "./errors.js";
import type { FormParams } from "./form.js";
import { buildParamTree, type QueryDialect, QueryInputParser } from "./query-parser.js";
import {
  cached,
  type OperationTypes,
  operationNameSet,
  type ParsedRequest,
  type ServiceModel,
} from "./shapes.js";
import { escapeXml, structureContent, xmlDeclaration } from "./xml.js";

export const ec2Dialect: QueryDialect = {
  name: "ec2",
  memberWireName: (memberName, ref) => {
    if (ref.queryName !== undefined) return ref.queryName;
    if (ref.locationName !== undefined)
      return ref.locationName.charAt(0).toUpperCase() + ref.locationName.slice(1);
    return memberName;
  },
  listItemSegment: () => undefined,
  mapEntrySegment: (ref) => (ref.flattened ? undefined : "entry"),
  mapKeyName: (key) => key.queryName ?? key.locationName ?? "key",
  mapValueName: (value) => value.queryName ?? value.locationName ?? "value",
};

/** Parameters every Query request may carry that are not operation parameters (SigV2, SigV4 presigning). */
export const envelopeParameters: ReadonlySet<string> = new Set([
  "Action",
  "Version",
  "AWSAccessKeyId",
  "Signature",
  "SignatureMethod",
  "SignatureVersion",
  "Timestamp",
  "Expires",
  "SecurityToken",
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Signature",
  "X-Amz-Security-Token",
]);

const actionAndVersion: ReadonlySet<string> = new Set(["Action", "Version"]);

/** The first value of a parameter, or undefined. */
export function firstParam(pairs: FormParams, name: string): string | undefined {
  for (const [key, value] of pairs) if (key === name) return value;
  return undefined;
}

export function toPairs(params: URLSearchParams | Iterable<readonly [string, string]>): FormParams {
  return Array.isArray(params) ? (params as FormParams) : [...params];
}

/**
 * Parses an EC2 request. `params` are the decoded form body (or query string) parameters, in
 * order: a `URLSearchParams`, or `[key, value]` pairs from {@link decodeForm}.
 *
 * Errors, all {@link ProtocolError}: `MissingAction`; `NoSuchVersion` when `Version` is present
 * and not the model's; `InvalidAction` for an action EC2 does not have; `NotImplemented` (501) for
 * an EC2 action vpcsim does not implement; `UnknownParameter`, `MissingParameter`,
 * `InvalidParameterValue`.
 */
export function parseEc2Request<Ops extends OperationTypes>(
  service: ServiceModel<Ops>,
  params: URLSearchParams | Iterable<readonly [string, string]>,
): ParsedRequest<Ops> {
  const pairs = toPairs(params);
  const action = firstParam(pairs, "Action");
  if (action === undefined || action === "")
    throw new ProtocolError("MissingAction", messages.missingAction());
  const version = firstParam(pairs, "Version");
  if (version !== undefined && version !== service.apiVersion) {
    const serviceName = service.conventions.versionErrorServiceName ?? service.name;
    throw new ProtocolError("NoSuchVersion", messages.noSuchVersion(version, serviceName));
  }
  if (!operationNameSet(service).has(action))
    throw new ProtocolError("InvalidAction", messages.invalidAction(action));
  const operation = service.operations[action];
  if (operation === undefined)
    throw new ProtocolError("NotImplemented", messages.notImplemented(action), 501);
  const tree = buildParamTree(pairs, actionAndVersion);
  const parser = cached(service, "ec2:parser", () => new QueryInputParser(service, ec2Dialect));
  const input = parser.parseInput(operation.input, tree, envelopeParameters);
  return { operation: action, input } as ParsedRequest<Ops>;
}

/**
 * The XML of a successful EC2 response:
 * `<?xml …?>\n<CreateVpcResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>…</requestId>…</CreateVpcResponse>`.
 * An operation without an output shape answers `<return>true</return>`, as EC2 does.
 */
export function serializeEc2Response<Ops extends OperationTypes, K extends keyof Ops & string>(
  service: ServiceModel<Ops>,
  operation: K,
  output: Ops[K]["output"],
  requestId: string,
): string {
  const model = service.operations[operation];
  if (model === undefined)
    throw new Error(`protocol: ${operation} is not an implemented operation of ${service.name}`);
  const namespace = service.conventions.responseXmlNamespace ?? service.xmlNamespace ?? "";
  let body = "";
  if (model.output !== undefined) {
    body =
      typeof output === "object" && output !== null
        ? structureContent(service, "ec2", model.output, output)
        : "";
  } else if (service.conventions.emptyOutputReturnsTrue) {
    body = "<return>true</return>";
  }
  return (
    `${xmlDeclaration}<${operation}Response xmlns="${escapeXml(namespace)}">` +
    `<requestId>${escapeXml(requestId)}</requestId>${body}</${operation}Response>`
  );
}

/**
 * The XML of an EC2 error:
 * `<?xml …?>\n<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>…</RequestID></Response>`.
 */
export function serializeEc2Error(code: string, message: string, requestId: string): string {
  return (
    `${xmlDeclaration}<Response><Errors><Error><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${escapeXml(requestId)}</RequestID></Response>`
  );
}

export const ec2ContentType = "text/xml;charset=UTF-8";
