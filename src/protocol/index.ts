/**
 * The wire protocols, driven by the official AWS API models (see `generated/`). Nothing here
 * knows about VPCs: it turns requests into typed inputs and typed outputs into responses.
 */

export {
  jsonContentType,
  parseJsonRequest,
  serializeJsonError,
  serializeJsonResponse,
} from "./aws-json.js";
export {
  ec2ContentType,
  envelopeParameters,
  parseEc2Request,
  serializeEc2Error,
  serializeEc2Response,
} from "./ec2-query.js";
export {
  type CredentialScope,
  identifyService,
  parseCredentialScope,
  type RequestEnvelope,
  type ServiceIdentity,
} from "./envelope.js";
export { messages, ProtocolError, protocolErrorStatus } from "./errors.js";
export { decodeForm, type FormParams } from "./form.js";
export * from "./generated/index.js";
export { parseQueryRequest, queryContentType, serializeQueryError, serializeQueryResponse } from "./query.js";
export { maxListMembers } from "./query-parser.js";
export type {
  InputOf,
  ListShape,
  MapShape,
  MemberRef,
  OperationModel,
  OperationTypes,
  OutputOf,
  ParsedRequest,
  ScalarType,
  ServiceConventions,
  ServiceModel,
  Shape,
  StructureShape,
} from "./shapes.js";
export { escapeXml } from "./xml.js";
