/** The Query protocol, judged by `@aws-sdk/client-sts`. */

import * as sdk from "@aws-sdk/client-sts";
import { HttpResponse } from "@smithy/core/protocols";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalize, toServiceModel } from "../../scripts/codegen/generate.js";
import { ProtocolError } from "./errors.js";
import { decodeForm } from "./form.js";
import { stsService } from "./generated/sts.js";
import { parseQueryRequest, serializeQueryError, serializeQueryResponse } from "./query.js";
import type { ServiceModel } from "./shapes.js";
import { valueArbitrary, withoutEmpty } from "./testing/model-arbitraries.js";

function clientWith(respond: (body: string) => { status: number; xml: string }): {
  client: sdk.STSClient;
  bodies: string[];
} {
  const bodies: string[] = [];
  const requestHandler = {
    async handle(request: { body?: unknown }) {
      const body = String(request.body ?? "");
      bodies.push(body);
      const { status, xml } = respond(body);
      const requestId = /<RequestId>([^<]*)</.exec(xml)?.[1] ?? "";
      return {
        response: new HttpResponse({
          statusCode: status,
          headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
          body: Buffer.from(xml, "utf8"),
        }),
      };
    },
  };
  const client = new sdk.STSClient({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    requestHandler,
    maxAttempts: 1,
  });
  return { client, bodies };
}

type CommandClass = new (input: object) => Parameters<sdk.STSClient["send"]>[0];

async function send(client: sdk.STSClient, operation: string, input: object): Promise<unknown> {
  const Command = (sdk as unknown as Record<string, CommandClass>)[`${operation}Command`];
  if (Command === undefined) throw new Error(`no SDK command for ${operation}`);
  const { $metadata: _, ...output } = (await client.send(new Command(input))) as { $metadata: unknown };
  return output;
}

describe("STS GetCallerIdentity", () => {
  it("round trips through the SDK", async () => {
    const output = { UserId: "AKIDEXAMPLE", Account: "123456789012", Arn: "arn:aws:iam::123456789012:root" };
    const { client, bodies } = clientWith((body) => {
      const parsed = parseQueryRequest(stsService, decodeForm(body));
      return { status: 200, xml: serializeQueryResponse(stsService, parsed.operation, output, "req-1") };
    });
    expect(await send(client, "GetCallerIdentity", {})).toEqual(output);
    expect(bodies[0]).toBe("Action=GetCallerIdentity&Version=2011-06-15");
  });

  it("writes AWS's envelope", () => {
    expect(serializeQueryResponse(stsService, "GetCallerIdentity", { Account: "1" }, "r-1")).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
        "<GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult>" +
        "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
    );
  });

  it("errors reach the SDK with our code, message, status and request id", async () => {
    const { client } = clientWith(() => ({
      status: 403,
      xml: serializeQueryError(
        stsService,
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
        "r-2",
        403,
      ),
    }));
    const error = await send(client, "GetCallerIdentity", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "InvalidClientTokenId",
      message: "The security token included in the request is invalid.",
      $metadata: { httpStatusCode: 403, requestId: "r-2" },
    });
    expect(serializeQueryError(stsService, "InternalError", "x", "r", 500)).toContain(
      "<Type>Receiver</Type>",
    );
  });

  it("refuses what is not an STS call", () => {
    const parse = (body: string) => () => parseQueryRequest(stsService, decodeForm(body));
    expect(parse("Version=2011-06-15")).toThrow(new ProtocolError("MissingAction", "Missing Action"));
    expect(parse("Action=DescribeVpcs&Version=2011-06-15")).toThrow(
      "Could not find operation DescribeVpcs for version 2011-06-15",
    );
    expect(parse("Action=GetCallerIdentity&Version=2010-01-01")).toThrow(
      "Could not find operation GetCallerIdentity for version 2010-01-01",
    );
    expect(parse("Action=AssumeRole&Version=2011-06-15")).toThrow(
      expect.objectContaining({ code: "NotImplemented", httpStatus: 501 }),
    );
    expect(parse("Action=GetCallerIdentity&Version=2011-06-15&Foo=1")).toThrow(
      "The parameter Foo is not recognized",
    );
  });
});

describe("the Query protocol on every STS operation (test-only model)", () => {
  const all: ServiceModel = toServiceModel(normalize("sts", stsService.operationNames));

  it("parses `Name.member.N` lists, structures in lists and empty lists", () => {
    const parsed = parseQueryRequest(
      all,
      decodeForm(
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=s" +
          "&PolicyArns=&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1&DurationSeconds=900",
      ),
    );
    expect(parsed).toEqual({
      operation: "AssumeRole",
      input: {
        RoleArn: "arn:aws:iam::1:role/r",
        RoleSessionName: "s",
        PolicyArns: [],
        Tags: [
          { Key: "a", Value: "1" },
          { Key: "b", Value: "2" },
        ],
        DurationSeconds: 900,
      },
    });
  });

  it("round trips random inputs and outputs of every operation through the SDK", async () => {
    let respond: (body: string) => string = () => "";
    const { client, bodies } = clientWith((body) => ({ status: 200, xml: respond(body) }));
    for (const [operation, model] of Object.entries(all.operations)) {
      const inputs = model.input
        ? valueArbitrary(all, { shape: model.input }, { honourRequired: true })
        : fc.constant({});
      const outputs = model.output
        ? valueArbitrary(all, { shape: model.output }, { strings: "xml" })
        : fc.constant({});
      await fc.assert(
        fc.asyncProperty(inputs, outputs, async (input, output) => {
          bodies.length = 0;
          respond = () => serializeQueryResponse(all, operation, output as object, "r");
          const received = await send(client, operation, input as object);
          expect(received).toEqual(output);
          const parsed = parseQueryRequest(all, decodeForm(bodies[0] ?? ""));
          // The Query protocol sends empty lists (`PolicyArns=`), so they come back.
          expect(parsed).toEqual({ operation, input: withoutEmpty(input, { keepEmptyLists: true }) });
        }),
        { numRuns: 25 },
      );
    }
  });
});
