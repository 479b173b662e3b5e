/**
 * Which service a request is for, and who sends it from where, before any parsing:
 * 1. an `X-Amz-Target` header names a JSON service by its target prefix (`Logs_20140328.…`);
 * 2. else the SigV4 credential scope (`Authorization: AWS4-HMAC-SHA256
 *    Credential=AKID/20240101/us-east-1/ec2/aws4_request, …`, or the presigned `X-Amz-Credential`
 *    query parameter) names the service by its signing name;
 * 3. else `Action` decides: an STS action goes to STS, anything else to EC2.
 * The access key and region come from the credential scope whichever rule picked the service
 * (SigV2's `AWSAccessKeyId` gives the key when there is no scope). Signatures are not verified.
 */

import { type ServiceRegistryEntry, serviceRegistry } from "./generated/services.js";

export interface RequestEnvelope {
  readonly method?: string;
  /** Header names in any case; Node's `IncomingHttpHeaders` fits. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Query-string and form parameters, decoded. */
  readonly params?: URLSearchParams | Iterable<readonly [string, string]>;
}

export interface ServiceIdentity {
  /** A registry service name (`ec2`, `sts`, `logs`, `directconnect`) or, for a service vpcsim does not know, the signing name from the credential scope. */
  readonly service: string;
  readonly accessKeyId?: string;
  readonly region?: string;
}

export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

function header(headers: RequestEnvelope["headers"], name: string): string | undefined {
  const lower = name.toLowerCase();
  // Node's IncomingHttpHeaders are keyed in lower case already: try that before scanning.
  const direct = headers[lower];
  if (direct !== undefined) return typeof direct === "string" ? direct : direct[0];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower || value === undefined) continue;
    return typeof value === "string" ? value : value[0];
  }
  return undefined;
}

/** Parses `AKID/20240101/us-east-1/ec2/aws4_request`. */
export function parseCredentialScope(credential: string): CredentialScope | undefined {
  const parts = credential.trim().split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request") return undefined;
  const [accessKeyId = "", date = "", region = "", service = ""] = parts;
  if (accessKeyId === "" || region === "" || service === "") return undefined;
  return { accessKeyId, date, region, service };
}

function scopeFromAuthorization(authorization: string | undefined): CredentialScope | undefined {
  if (authorization === undefined) return undefined;
  const match = /(?:^|[\s,])Credential=([^,\s]+)/.exec(authorization);
  return match?.[1] === undefined ? undefined : parseCredentialScope(match[1]);
}

function firstParam(params: RequestEnvelope["params"], name: string): string | undefined {
  if (params === undefined) return undefined;
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  for (const [key, value] of params) if (key === name) return value;
  return undefined;
}

function bySigningName(signingName: string): ServiceRegistryEntry | undefined {
  return serviceRegistry.find((entry) => entry.signingName === signingName);
}

/** Identifies the service, access key and region of a request. Pure; never throws. */
export function identifyService(request: RequestEnvelope): ServiceIdentity {
  const scope =
    scopeFromAuthorization(header(request.headers, "authorization")) ??
    (() => {
      const credential = firstParam(request.params, "X-Amz-Credential");
      return credential === undefined ? undefined : parseCredentialScope(credential);
    })();
  const accessKeyId = scope?.accessKeyId ?? firstParam(request.params, "AWSAccessKeyId");
  const who = {
    ...(accessKeyId !== undefined && accessKeyId !== "" ? { accessKeyId } : {}),
    ...(scope !== undefined ? { region: scope.region } : {}),
  };

  const target = header(request.headers, "x-amz-target");
  if (target !== undefined) {
    const prefix = target.slice(0, Math.max(0, target.lastIndexOf(".")));
    const json = serviceRegistry.find((entry) => entry.protocol === "json" && entry.targetPrefix === prefix);
    if (json !== undefined) return { service: json.name, ...who };
  }
  if (scope !== undefined) {
    return { service: bySigningName(scope.service)?.name ?? scope.service, ...who };
  }
  const action = firstParam(request.params, "Action");
  if (action !== undefined) {
    const query = serviceRegistry.find(
      (entry) => entry.protocol === "query" && entry.actions?.includes(action),
    );
    if (query !== undefined) return { service: query.name, ...who };
  }
  return { service: "ec2", ...who };
}
