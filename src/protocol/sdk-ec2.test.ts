/**
 * The real client is the judge: `@aws-sdk/client-ec2` must read every response we write, and
 * every request it writes must parse back to the input it was given.
 */

import * as sdk from "@aws-sdk/client-ec2";
import { HttpResponse } from "@smithy/core/protocols";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalize, toServiceModel } from "../../scripts/codegen/generate.js";
import { parseEc2Request, serializeEc2Error, serializeEc2Response } from "./ec2-query.js";
import { ProtocolError } from "./errors.js";
import { decodeForm } from "./form.js";
import { ec2Service } from "./generated/ec2.js";
import type { ServiceModel } from "./shapes.js";
import { valueArbitrary, withoutEmpty } from "./testing/model-arbitraries.js";

/** The EC2 model without its operation types, for loops over operation names. */
const ec2: ServiceModel = ec2Service;

interface Captured {
  body: string;
  headers: Record<string, string>;
}

/** An EC2 client whose requests never leave the process: `respond` answers them. */
function clientWith(respond: (body: string) => { status: number; xml: string }): {
  client: sdk.EC2Client;
  captured: Captured[];
} {
  const captured: Captured[] = [];
  const requestHandler = {
    async handle(request: { body?: unknown; headers: Record<string, string> }) {
      const body = String(request.body ?? "");
      captured.push({ body, headers: request.headers });
      const { status, xml } = respond(body);
      return {
        response: new HttpResponse({
          statusCode: status,
          // The SDK takes $metadata.requestId from this header, not from the body.
          headers: {
            "content-type": "text/xml;charset=UTF-8",
            "x-amzn-requestid":
              /<Request(?:ID|Id)>([^<]*)</.exec(xml)?.[1] ?? /<requestId>([^<]*)</.exec(xml)?.[1] ?? "",
          },
          body: Buffer.from(xml, "utf8"),
        }),
      };
    },
  };
  const client = new sdk.EC2Client({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    requestHandler,
    maxAttempts: 1,
  });
  return { client, captured };
}

type CommandClass = new (input: object) => Parameters<sdk.EC2Client["send"]>[0];

function commandFor(operation: string): CommandClass {
  const command = (sdk as unknown as Record<string, CommandClass | undefined>)[`${operation}Command`];
  if (command === undefined) throw new Error(`no SDK command for ${operation}`);
  return command;
}

async function send(client: sdk.EC2Client, operation: string, input: object): Promise<unknown> {
  const Command = commandFor(operation);
  const { $metadata: _, ...output } = (await client.send(new Command(input))) as { $metadata: unknown };
  return output;
}

/** Parses what the SDK sent; answers with an empty, valid response. */
function echoClient(service: ServiceModel = ec2Service): { client: sdk.EC2Client; captured: Captured[] } {
  return clientWith((body) => {
    const operation = decodeForm(body).find(([k]) => k === "Action")?.[1] ?? "";
    return { status: 200, xml: serializeEc2Response(service, operation, {}, "r") };
  });
}

describe("SDK requests parse back to their input", () => {
  it("DescribeVpcs with ids, filters with several values, MaxResults and DryRun", async () => {
    const { client, captured } = echoClient();
    const input = {
      VpcIds: ["vpc-1", "vpc-2"],
      Filters: [
        { Name: "tag:Name", Values: ["a b", "c&d=e", "100%+"] },
        { Name: "cidr-block-association.cidr-block", Values: ["10.0.0.0/16"] },
      ],
      MaxResults: 5,
      DryRun: false,
    };
    await send(client, "DescribeVpcs", input);
    expect(captured[0]?.body).toContain("Filter.1.Value.2=c%26d%3De");
    expect(parseEc2Request(ec2Service, decodeForm(captured[0]?.body ?? ""))).toEqual({
      operation: "DescribeVpcs",
      input,
    });
  });

  it("CreateVpc with tag specifications; ModifyVpcAttribute with its {Value} structure; CreateTags", async () => {
    const { client, captured } = echoClient();
    const inputs: [string, object][] = [
      [
        "CreateVpc",
        {
          CidrBlock: "10.0.0.0/16",
          AmazonProvidedIpv6CidrBlock: true,
          TagSpecifications: [
            {
              ResourceType: "vpc",
              Tags: [
                { Key: "Name", Value: "main" },
                { Key: "env", Value: "" },
              ],
            },
          ],
        },
      ],
      ["ModifyVpcAttribute", { VpcId: "vpc-1", EnableDnsHostnames: { Value: true } }],
      ["CreateTags", { Resources: ["vpc-1", "subnet-2"], Tags: [{ Key: "a", Value: "é ☃ 😀" }] }],
      ["DescribeAccountAttributes", { AttributeNames: ["supported-platforms", "default-vpc"] }],
      [
        "ModifySubnetAttribute",
        { SubnetId: "subnet-1", MapPublicIpOnLaunch: { Value: false }, EnableLniAtDeviceIndex: 1 },
      ],
    ];
    for (const [operation, input] of inputs) await send(client, operation, input);
    expect(captured[1]?.body).toContain("EnableDnsHostnames.Value=true");
    inputs.forEach(([operation, input], i) => {
      expect(parseEc2Request(ec2Service, decodeForm(captured[i]?.body ?? ""))).toEqual({ operation, input });
    });
  });

  it("every implemented operation, with random inputs", async () => {
    const { client, captured } = echoClient();
    for (const [operation, model] of Object.entries(ec2Service.operations)) {
      if (model.input === undefined) continue;
      const required = new Set(
        ec2Service.shapes[model.input]?.type === "structure"
          ? (ec2Service.shapes[model.input] as { required?: string[] }).required
          : [],
      );
      await fc.assert(
        fc.asyncProperty(
          valueArbitrary(ec2Service, { shape: model.input }, { honourRequired: true }),
          async (input) => {
            captured.length = 0;
            await send(client, operation, input as object);
            const expected = withoutEmpty(input) as Record<string, unknown>;
            // The SDK fills idempotency tokens (ClientToken) the caller left out.
            const sent = Object.fromEntries(decodeForm(captured[0]?.body ?? ""));
            if (expected.ClientToken === undefined && sent.ClientToken !== undefined)
              expected.ClientToken = sent.ClientToken;
            const missing = [...required].filter((name) => expected[name] === undefined);
            const parse = () => parseEc2Request(ec2Service, decodeForm(captured[0]?.body ?? ""));
            if (missing.length > 0) {
              expect(parse).toThrow(ProtocolError);
            } else {
              expect(parse()).toEqual({ operation, input: expected });
            }
          },
        ),
        { numRuns: 25 },
      );
    }
  });
});

describe("SDK reads our responses", () => {
  it("DescribeVpcs: lists, nested structures, booleans, empty lists", async () => {
    const output = {
      Vpcs: [
        {
          VpcId: "vpc-0a1b2c3d4e5f67890",
          CidrBlock: "10.0.0.0/16",
          State: "available",
          IsDefault: false,
          Tags: [{ Key: "Name", Value: "a <b> & 'c' \"d\"" }],
          CidrBlockAssociationSet: [
            {
              AssociationId: "vpc-cidr-assoc-1",
              CidrBlock: "10.0.0.0/16",
              CidrBlockState: { State: "associated" },
            },
          ],
          Ipv6CidrBlockAssociationSet: [],
        },
        { VpcId: "vpc-2", IsDefault: true },
      ],
      NextToken: "t",
    };
    const { client } = clientWith(() => ({
      status: 200,
      xml: serializeEc2Response(ec2Service, "DescribeVpcs", output, "req-1"),
    }));
    expect(await send(client, "DescribeVpcs", {})).toEqual(output);
  });

  it("DescribeSubnets and DescribeAvailabilityZones: numbers and deep lists", async () => {
    const subnets = {
      Subnets: [
        {
          SubnetId: "subnet-1",
          AvailableIpAddressCount: 251,
          MapPublicIpOnLaunch: true,
          PrivateDnsNameOptionsOnLaunch: { HostnameType: "ip-name", EnableResourceNameDnsARecord: false },
          Ipv6CidrBlockAssociationSet: [
            { AssociationId: "a", Ipv6CidrBlock: "2600::/64", Ipv6CidrBlockState: { State: "associated" } },
          ],
        },
      ],
    };
    const zones = {
      AvailabilityZones: [
        { ZoneName: "us-east-1a", State: "available", Messages: [{ Message: "ok" }, { Message: "" }] },
      ],
    };
    let next: { operation: string; output: object } = { operation: "DescribeSubnets", output: subnets };
    const { client } = clientWith(() => ({
      status: 200,
      xml: serializeEc2Response(ec2, next.operation, next.output, "r"),
    }));
    expect(await send(client, "DescribeSubnets", {})).toEqual(subnets);
    next = { operation: "DescribeAvailabilityZones", output: zones };
    expect(await send(client, "DescribeAvailabilityZones", {})).toEqual(zones);
  });

  it("timestamps (ISO 8601 with milliseconds) and longs, through an operation outside our list", async () => {
    const model = toServiceModel(normalize("ec2", ["DescribeInstances", "DescribeSnapshots"]));
    const launch = new Date("2024-01-02T03:04:05.678Z");
    const output = {
      Reservations: [
        {
          ReservationId: "r-1",
          Instances: [
            {
              InstanceId: "i-1",
              LaunchTime: launch,
              AmiLaunchIndex: 0,
              State: { Code: 16, Name: "running" },
              NetworkInterfaces: [
                { Attachment: { AttachTime: new Date(0), DeviceIndex: 0, DeleteOnTermination: true } },
              ],
            },
          ],
        },
      ],
    };
    const xml = serializeEc2Response(model, "DescribeInstances", output, "r");
    expect(xml).toContain("<launchTime>2024-01-02T03:04:05.678Z</launchTime>");
    const { client } = clientWith(() => ({ status: 200, xml }));
    expect(await send(client, "DescribeInstances", {})).toEqual(output);
  });

  it("every implemented operation, with random outputs", async () => {
    let xml = "";
    const { client } = clientWith(() => ({ status: 200, xml }));
    for (const [operation, model] of Object.entries(ec2Service.operations)) {
      if (model.output === undefined) continue;
      await fc.assert(
        fc.asyncProperty(
          valueArbitrary(ec2Service, { shape: model.output }, { strings: "xml", nonEmptyMemberLists: true }),
          async (output) => {
            xml = serializeEc2Response(ec2, operation, output as object, "r");
            expect(await send(client, operation, {})).toEqual(output);
          },
        ),
        { numRuns: 25 },
      );
    }
  });

  it("operations without output: <return>true</return>", async () => {
    const xml = serializeEc2Response(ec2Service, "DeleteVpc", {}, "req-9");
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<DeleteVpcResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">' +
        "<requestId>req-9</requestId><return>true</return></DeleteVpcResponse>",
    );
    const { client } = clientWith(() => ({ status: 200, xml }));
    expect(await send(client, "DeleteVpc", { VpcId: "vpc-1" })).toEqual({});
  });

  it("errors: the SDK raises an exception named by our code, with our message and status", async () => {
    const { client } = clientWith(() => ({
      status: 400,
      xml: serializeEc2Error("InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist", "req-e"),
    }));
    const error = await send(client, "DescribeVpcs", { VpcIds: ["vpc-1"] }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "InvalidVpcID.NotFound",
      message: "The vpc ID 'vpc-1' does not exist",
      $metadata: { httpStatusCode: 400, requestId: "req-e" },
    });
    expect((error as { Code?: string }).Code ?? (error as { name: string }).name).toBe(
      "InvalidVpcID.NotFound",
    );
  });

  it("NotImplemented with HTTP 501 reaches the SDK as such", async () => {
    const { client } = clientWith(() => ({
      status: 501,
      xml: serializeEc2Error(
        "NotImplemented",
        "The operation AttachVolume is not implemented by vpcsim.",
        "r",
      ),
    }));
    const error = await send(client, "DescribeVpcs", {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NotImplemented", $metadata: { httpStatusCode: 501 } });
  });
});
