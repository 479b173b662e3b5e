/**
 * Errors a client can cause at the protocol level: the request could not be understood, before
 * any control-plane rule ran. Each carries AWS's code, a message in AWS's wording and the HTTP
 * status AWS answers with.
 *
 * The protocol functions throw nothing else for malformed input: a fuzz test proves it.
 */

export class ProtocolError extends Error {
  override readonly name = "ProtocolError";

  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number = 400,
  ) {
    super(message);
  }
}

/** The codes this layer produces, with the HTTP status each carries. */
export const protocolErrorStatus: Readonly<Record<string, number>> = {
  MissingAction: 400,
  InvalidAction: 400,
  NotImplemented: 501,
  NoSuchVersion: 400,
  UnknownParameter: 400,
  MissingParameter: 400,
  InvalidParameterValue: 400,
  MalformedQueryString: 400,
  // aws-json services
  UnknownOperationException: 400,
  SerializationException: 400,
  InvalidParameterException: 400,
  DirectConnectClientException: 400,
};

/** AWS's message templates. The parameter names are wire names (`Filter.1.Name`). */
export const messages = {
  invalidAction: (action: string): string => `The action ${action} is not valid for this web service.`,
  invalidQueryAction: (action: string, version: string): string =>
    `Could not find operation ${action} for version ${version}`,
  notImplemented: (operation: string): string => `The operation ${operation} is not implemented by vpcsim.`,
  missingAction: (): string => "The request must contain the parameter Action",
  missingQueryAction: (): string => "Missing Action",
  noSuchVersion: (version: string, service: string): string =>
    `The requested version (${version}) of service ${service} does not exist`,
  unknownParameter: (name: string): string => `The parameter ${name} is not recognized`,
  missingParameter: (name: string): string => `The request must contain the parameter ${name}`,
  invalidValue: (value: string, name: string, expecting: string): string =>
    `Value (${value}) for parameter ${name} is invalid. ${expecting}`,
  tooManyMembers: (name: string, limit: number): string =>
    `The parameter ${name} has too many members. The maximum is ${limit}.`,
};
