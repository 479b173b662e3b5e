/**
 * Random requests through the whole stack (HTTP → protocol → control plane → store): whatever a
 * client sends, the answer is a well-formed AWS response or AWS error, never a 500, and the server
 * keeps serving. The protocol layer has its own, finer fuzz tests; this one hunts for control-plane
 * inputs that would escape as InternalError.
 */
import fc from "fast-check";
import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ec2Handlers } from "../../src/api/ec2/registry.js";
import { ec2Service } from "../../src/protocol/generated/ec2.js";
import type { RunningServer } from "../../src/server/server.js";
import { startTestServer } from "./support.js";

let server: RunningServer;
let pool: Pool;

async function post(body: string): Promise<{ statusCode: number; body: string }> {
  const response = await pool.request({
    path: "/",
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  return { statusCode: response.statusCode, body: await response.body.text() };
}
let internalErrors = 0;
let successes = 0;

beforeAll(async () => {
  server = await startTestServer({
    defaultVpc: true,
    quotas: { vpcsPerRegion: 1000, internetGatewaysPerRegion: 1000 },
  });
  pool = new Pool(server.endpoint, { connections: 4 });
  // Seed some resources so that random ids sometimes hit real ones.
  for (const body of ["Action=CreateVpc&CidrBlock=10.0.0.0/16", "Action=CreateInternetGateway"]) {
    await post(`${body}&Version=2016-11-15`);
  }
});
afterAll(async () => {
  await pool.close();
  await server.close();
});

const operations = Object.keys(ec2Service.operations);
// Mostly implemented operations, so that the control plane (not the 501 path) takes the hits.
const implemented = operations.filter((op) => !ec2Handlers[op as keyof typeof ec2Handlers].planned);

const idLike = fc.constantFrom(
  "vpc-0123456789abcdef0",
  "subnet-0123456789abcdef0",
  "rtb-0123456789abcdef0",
  "igw-0123456789abcdef0",
  "rtbassoc-0123456789abcdef0",
  "vpc-cidr-assoc-0123456789abcdef0",
  "vpc-",
  "vpc-XYZ",
  "local",
  "",
);
const cidrLike = fc.constantFrom(
  "10.0.0.0/16",
  "10.0.1.0/24",
  "10.0.0.1/16",
  "0.0.0.0/0",
  "10.0.0.0/8",
  "10.0.0.0/33",
  "::/0",
  "2600:1f10::/56",
  "2600:1f10::/64",
  "300.1.1.1/24",
  "10.0.0.0",
  "/",
);
const junk = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.integer().map(String),
);
const value = fc.oneof(
  idLike,
  cidrLike,
  fc.constantFrom("true", "false", "5", "1000", "-1", "us-east-1a", "use1-az1", "vpc", "subnet"),
  junk,
);

const paramName = fc.constantFrom(
  "VpcId",
  "SubnetId",
  "RouteTableId",
  "InternetGatewayId",
  "AssociationId",
  "CidrBlock",
  "Ipv6CidrBlock",
  "AmazonProvidedIpv6CidrBlock",
  "DestinationCidrBlock",
  "DestinationIpv6CidrBlock",
  "DestinationPrefixListId",
  "GatewayId",
  "NatGatewayId",
  "LocalTarget",
  "AvailabilityZone",
  "AvailabilityZoneId",
  "InstanceTenancy",
  "Attribute",
  "MaxResults",
  "NextToken",
  "DryRun",
  "EnableDnsHostnames.Value",
  "MapPublicIpOnLaunch.Value",
  "VpcId.1",
  "SubnetId.1",
  "ResourceId.1",
  "ResourceId.2",
  "Tag.1.Key",
  "Tag.1.Value",
  "TagSpecification.1.ResourceType",
  "TagSpecification.1.Tag.1.Key",
  "TagSpecification.1.Tag.1.Value",
  "Filter.1.Name",
  "Filter.1.Value.1",
  "Filter.2.Name",
  "Filter.2.Value.1",
  "RegionName.1",
  "ZoneName.1",
  "AttributeName.1",
);

const request = fc.record({
  action: fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...implemented) },
    { weight: 1, arbitrary: fc.constantFrom(...operations) },
  ),
  params: fc.array(fc.tuple(paramName, value), { maxLength: 8 }),
});

describe("fuzzing the endpoint", () => {
  it("never answers 500 to a request a client can send", async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ action, params }) => {
        const body = new URLSearchParams([
          ["Action", action],
          ["Version", "2016-11-15"],
          ...params,
        ]).toString();
        const response = await post(body);
        if (response.statusCode === 500) internalErrors++;
        expect(response.statusCode, `${body}\n${response.body}`).not.toBe(500);
        if (response.statusCode === 200) {
          successes++;
          expect(response.body).toMatch(new RegExp(`<${action}Response xmlns=`));
        } else {
          expect(response.body).toMatch(/<Response><Errors><Error><Code>[A-Za-z.]+<\/Code><Message>/);
        }
      }),
      { numRuns: 1500 },
    );
    expect(internalErrors).toBe(0);
    // The generator must reach the control plane's success paths, not only validation errors.
    expect(successes).toBeGreaterThan(20);
  });
});
