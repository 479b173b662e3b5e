/**
 * Turns one HTTP request into one HTTP response: identify the service, the account (from the
 * access key) and the region (from the SigV4 credential scope), parse the input by the model,
 * run the operation's handler in a store transaction, serialize the output or the error.
 *
 * Every failure a client can cause becomes an AWS error in the service's own format; anything
 * else becomes `InternalError` (HTTP 500) without a stack trace, and is reported to `onInternalError`.
 */
import { randomUUID } from "node:crypto";
import type { ControlConfig, Env } from "../control/context.js";
import { AwsError, DryRunOperation } from "../control/errors.js";
import { ensureScope, inRead, inWrite, type ResourceStore } from "../control/index.js";
import { ADVANCERS } from "../control/settle.js";
import { settleTransitions } from "../control/transitions.js";
import type { Clock } from "../model/clock.js";
import type { IdGenerator } from "../model/ids.js";
import { findRegion } from "../model/regions.js";
import { decodeForm } from "../protocol/form.js";
import { directconnectService } from "../protocol/generated/directconnect.js";
import { ec2Service } from "../protocol/generated/ec2.js";
import { logsService } from "../protocol/generated/logs.js";
import { stsService } from "../protocol/generated/sts.js";
import {
  ec2ContentType,
  identifyService,
  jsonContentType,
  ProtocolError,
  parseEc2Request,
  parseJsonRequest,
  parseQueryRequest,
  queryContentType,
  serializeEc2Error,
  serializeEc2Response,
  serializeJsonError,
  serializeJsonResponse,
  serializeQueryError,
  serializeQueryResponse,
} from "../protocol/index.js";
import type { OperationTypes, ServiceModel } from "../protocol/shapes.js";
import { directConnectHandlers } from "./directconnect/registry.js";
import { ec2Handlers } from "./ec2/registry.js";
import type { Handler } from "./handler.js";
import { logsHandlers } from "./logs/registry.js";
import { stsHandlers } from "./sts/registry.js";

export interface AccountSettings {
  /** Access key id → account id. A 12-digit access key id is its own account. */
  readonly accessKeys?: Readonly<Record<string, string>>;
  /** The account of every other access key, and of unsigned requests. */
  readonly defaultAccount: string;
  /** The region of requests whose credential scope names none (unsigned requests). */
  readonly defaultRegion: string;
}

export const DEFAULT_ACCOUNT_SETTINGS: AccountSettings = {
  defaultAccount: "000000000000",
  defaultRegion: "us-east-1",
};

export interface DispatcherOptions {
  readonly store: ResourceStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly config: ControlConfig;
  readonly accounts: AccountSettings;
  readonly requestIds?: () => string;
  readonly onInternalError?: (error: unknown, operation: string | undefined) => void;
}

export interface ApiRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly body: string | Uint8Array | undefined;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** For logs: the service and operation, when they could be identified, and the error code. */
  readonly service: string;
  readonly operation?: string;
  readonly errorCode?: string;
}

/** Resolves the account an access key belongs to. */
export function accountOf(accessKeyId: string | undefined, settings: AccountSettings): string {
  if (accessKeyId === undefined) return settings.defaultAccount;
  if (/^\d{12}$/.test(accessKeyId)) return accessKeyId;
  return settings.accessKeys?.[accessKeyId] ?? settings.defaultAccount;
}

function headerValue(headers: ApiRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value[0];
}

function isFormBody(headers: ApiRequest["headers"]): boolean {
  const type = headerValue(headers, "content-type");
  return type === undefined || type.toLowerCase().startsWith("application/x-www-form-urlencoded");
}

interface Protocol {
  readonly service: ServiceModel;
  readonly handlers: Readonly<Record<string, Handler<unknown, unknown>>>;
  readonly parse: (params: [string, string][], request: ApiRequest) => { operation: string; input: unknown };
  readonly success: (operation: string, output: unknown, requestId: string) => string;
  readonly error: (code: string, message: string, requestId: string, status: number) => string;
  readonly contentType: string;
}

/** An AWS JSON 1.1 service: the operation from `X-Amz-Target`, the input from the JSON body. */
function jsonProtocol<Ops extends OperationTypes>(
  service: ServiceModel<Ops>,
  handlers: Readonly<Record<string, Handler<unknown, unknown>>>,
): Protocol {
  return {
    service,
    handlers,
    parse: (_params, request) =>
      parseJsonRequest(service, headerValue(request.headers, "x-amz-target"), request.body),
    success: (operation, output) =>
      serializeJsonResponse(service as ServiceModel<OperationTypes>, operation, output as object),
    error: (code, message, requestId) => serializeJsonError(service, code, message, requestId).body,
    contentType: jsonContentType(service),
  };
}

const PROTOCOLS: Readonly<Record<string, Protocol>> = {
  ec2: {
    service: ec2Service,
    handlers: ec2Handlers as unknown as Protocol["handlers"],
    parse: (params) => parseEc2Request(ec2Service, params),
    success: (operation, output, requestId) =>
      serializeEc2Response(
        ec2Service as ServiceModel<OperationTypes>,
        operation,
        output as object,
        requestId,
      ),
    error: (code, message, requestId) => serializeEc2Error(code, message, requestId),
    contentType: ec2ContentType,
  },
  sts: {
    service: stsService,
    handlers: stsHandlers as unknown as Protocol["handlers"],
    parse: (params) => parseQueryRequest(stsService, params),
    success: (operation, output, requestId) =>
      serializeQueryResponse(
        stsService as ServiceModel<OperationTypes>,
        operation,
        output as object,
        requestId,
      ),
    error: (code, message, requestId, status) =>
      serializeQueryError(stsService, code, message, requestId, status),
    contentType: queryContentType,
  },
  directconnect: jsonProtocol(directconnectService, directConnectHandlers as unknown as Protocol["handlers"]),
  logs: jsonProtocol(logsService, logsHandlers as unknown as Protocol["handlers"]),
};

export type Dispatcher = (request: ApiRequest) => ApiResponse;

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const nextRequestId = options.requestIds ?? randomUUID;

  return (request) => {
    const requestId = nextRequestId();
    let params: [string, string][] = [];
    let service = "ec2";
    let operation: string | undefined;
    const respond = (status: number, body: string, contentType: string, errorCode?: string): ApiResponse => ({
      status,
      headers: { "content-type": contentType, "x-amzn-requestid": requestId },
      body,
      service,
      ...(operation !== undefined ? { operation } : {}),
      ...(errorCode !== undefined ? { errorCode } : {}),
    });
    const fail = (protocol: Protocol, code: string, message: string, status: number): ApiResponse => {
      const response = respond(
        status,
        protocol.error(code, message, requestId, status),
        protocol.contentType,
        code,
      );
      // AWS JSON services name the error in a header too; clients read it from there first.
      return protocol.service.protocol === "json"
        ? { ...response, headers: { ...response.headers, "x-amzn-errortype": code } }
        : response;
    };

    let protocol = PROTOCOLS.ec2!;
    try {
      params = decodeForm(request.query);
      if (request.body !== undefined && request.body.length > 0 && isFormBody(request.headers)) {
        params = params.concat(decodeForm(request.body));
      }
    } catch (error) {
      if (error instanceof ProtocolError) return fail(protocol, error.code, error.message, error.httpStatus);
      throw error;
    }

    const identity = identifyService({ method: request.method, headers: request.headers, params });
    service = identity.service;
    const found = PROTOCOLS[identity.service];
    if (!found) {
      return fail(protocol, "NotImplemented", `vpcsim does not serve the ${identity.service} API.`, 501);
    }
    protocol = found;

    const regionName = identity.region ?? options.accounts.defaultRegion;
    if (!findRegion(regionName)) {
      return fail(
        protocol,
        "AuthFailure",
        `The region '${regionName}' of the request's credential scope is not a region vpcsim simulates.`,
        401,
      );
    }
    const env: Env = {
      scope: { account: accountOf(identity.accessKeyId, options.accounts), region: regionName },
      clock: options.clock,
      ids: options.ids,
      config: options.config,
    };

    try {
      const parsed = protocol.parse(params, request);
      operation = parsed.operation;
      const handler = protocol.handlers[parsed.operation];
      if (!handler)
        throw new ProtocolError(
          "NotImplemented",
          `The operation ${parsed.operation} is not implemented by vpcsim.`,
          501,
        );
      const input = parsed.input as { DryRun?: boolean };
      ensureScope(options.store, env);
      settleTransitions(options.store, env, ADVANCERS);
      const output =
        handler.mode === "write"
          ? inWrite(options.store, env, (ctx) => {
              const result = handler.run(ctx, input);
              // A dry run does everything a real one does, then rolls back.
              if (input.DryRun === true) throw new DryRunOperation();
              return result;
            })
          : inRead(options.store, env, (ctx) => {
              const result = handler.run(ctx, input);
              if (input.DryRun === true) throw new DryRunOperation();
              return result;
            });
      return respond(200, protocol.success(parsed.operation, output, requestId), protocol.contentType);
    } catch (error) {
      if (error instanceof AwsError || error instanceof ProtocolError) {
        return fail(protocol, error.code, error.message, error.httpStatus);
      }
      options.onInternalError?.(error, operation);
      return fail(protocol, "InternalError", "An internal error has occurred", 500);
    }
  };
}
