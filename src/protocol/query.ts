/**
 * The AWS Query protocol (STS): form-encoded requests with `Action` and `Version`, lists as
 * `Name.member.N` (or `Name.N` when the model flattens them), maps as `Name.entry.N.key`; XML
 * responses wrapped in `<OpResponse><OpResult>…</OpResult><ResponseMetadata>…`.
 *
 * Wire names follow botocore's `QuerySerializer`: a member's `locationName`, else its member
 * name; a flattened list takes its element's `locationName` when it has one.
 */

import { envelopeParameters, firstParam, toPairs } from "./ec2-query.js";
import { messages, ProtocolError } from "./errors.js";
import { buildParamTree, type QueryDialect, QueryInputParser } from "./query-parser.js";
import {
  cached,
  type OperationTypes,
  operationNameSet,
  type ParsedRequest,
  type ServiceModel,
} from "./shapes.js";
import { escapeXml, structureContent, xmlDeclaration } from "./xml.js";

export const queryDialect: QueryDialect = {
  name: "query",
  memberWireName: (memberName, ref, target) => {
    if (ref.flattened && target?.type === "list" && target.member.locationName !== undefined) {
      return target.member.locationName;
    }
    return ref.locationName ?? memberName;
  },
  listItemSegment: (ref, list) => (ref.flattened ? undefined : (list.member.locationName ?? "member")),
  mapEntrySegment: (ref) => (ref.flattened ? undefined : "entry"),
  mapKeyName: (key) => key.locationName ?? "key",
  mapValueName: (value) => value.locationName ?? "value",
};

const actionAndVersion: ReadonlySet<string> = new Set(["Action", "Version"]);

/**
 * Parses a Query-protocol request. Errors: `MissingAction`; `InvalidAction` ("Could not find
 * operation Foo for version 2011-06-15") for an unknown action or a `Version` other than the
 * model's; `NotImplemented` (501); `UnknownParameter`, `MissingParameter`, `InvalidParameterValue`.
 */
export function parseQueryRequest<Ops extends OperationTypes>(
  service: ServiceModel<Ops>,
  params: URLSearchParams | Iterable<readonly [string, string]>,
): ParsedRequest<Ops> {
  const pairs = toPairs(params);
  const action = firstParam(pairs, "Action");
  if (action === undefined || action === "")
    throw new ProtocolError("MissingAction", messages.missingQueryAction());
  const version = firstParam(pairs, "Version") ?? service.apiVersion;
  if (version !== service.apiVersion || !operationNameSet(service).has(action)) {
    throw new ProtocolError("InvalidAction", messages.invalidQueryAction(action, version));
  }
  const operation = service.operations[action];
  if (operation === undefined)
    throw new ProtocolError("NotImplemented", messages.notImplemented(action), 501);
  const tree = buildParamTree(pairs, actionAndVersion);
  const parser = cached(service, "query:parser", () => new QueryInputParser(service, queryDialect));
  const input = parser.parseInput(operation.input, tree, envelopeParameters);
  return { operation: action, input } as ParsedRequest<Ops>;
}

/**
 * `<?xml …?>\n<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
 * <GetCallerIdentityResult>…</GetCallerIdentityResult><ResponseMetadata><RequestId>…</RequestId>
 * </ResponseMetadata></GetCallerIdentityResponse>` (without the line breaks).
 */
export function serializeQueryResponse<Ops extends OperationTypes, K extends keyof Ops & string>(
  service: ServiceModel<Ops>,
  operation: K,
  output: Ops[K]["output"],
  requestId: string,
): string {
  const model = service.operations[operation];
  if (model === undefined)
    throw new Error(`protocol: ${operation} is not an implemented operation of ${service.name}`);
  const namespace = service.conventions.responseXmlNamespace ?? service.xmlNamespace ?? "";
  let result = "";
  if (model.output !== undefined) {
    const content =
      typeof output === "object" && output !== null
        ? structureContent(service, "query", model.output, output)
        : "";
    const wrapper = model.resultWrapper ?? `${operation}Result`;
    result = `<${wrapper}>${content}</${wrapper}>`;
  }
  return (
    `${xmlDeclaration}<${operation}Response xmlns="${escapeXml(namespace)}">${result}` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${operation}Response>`
  );
}

/**
 * `<ErrorResponse xmlns="…"><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error>
 * <RequestId>…</RequestId></ErrorResponse>`. `Type` is `Receiver` for server-side (5xx) errors.
 */
export function serializeQueryError(
  service: ServiceModel,
  code: string,
  message: string,
  requestId: string,
  httpStatus = 400,
): string {
  const namespace = service.conventions.responseXmlNamespace ?? service.xmlNamespace ?? "";
  const type = httpStatus >= 500 ? "Receiver" : "Sender";
  return (
    `${xmlDeclaration}<ErrorResponse xmlns="${escapeXml(namespace)}"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}

export const queryContentType = "text/xml";
