import { describe, expect, it } from "vitest";
import { parseEc2Request, serializeEc2Error, serializeEc2Response } from "./ec2-query.js";
import { ProtocolError } from "./errors.js";
import { decodeForm } from "./form.js";
import { ec2Service } from "./generated/ec2.js";
import { maxListMembers } from "./query-parser.js";

const parse = (body: string) => parseEc2Request(ec2Service, decodeForm(body));

function errorOf(body: string): ProtocolError {
  try {
    parse(body);
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error(`parsed without error: ${body}`);
}

describe("parseEc2Request", () => {
  it("parses nested lists, structures and typed values into model member names", () => {
    expect(
      parse(
        "Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16&AmazonProvidedIpv6CidrBlock=TRUE&Ipv4NetmaskLength=24" +
          "&TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=my+vpc" +
          "&TagSpecification.1.Tag.2.Key=empty&TagSpecification.1.Tag.2.Value=&DryRun=false",
      ),
    ).toEqual({
      operation: "CreateVpc",
      input: {
        CidrBlock: "10.0.0.0/16",
        AmazonProvidedIpv6CidrBlock: true,
        Ipv4NetmaskLength: 24,
        TagSpecifications: [
          {
            ResourceType: "vpc",
            Tags: [
              { Key: "Name", Value: "my vpc" },
              { Key: "empty", Value: "" },
            ],
          },
        ],
        DryRun: false,
      },
    });
  });

  it("parses filters, sorting members by index and tolerating gaps", () => {
    expect(
      parse(
        "Action=DescribeSubnets&Filter.10.Name=b&Filter.10.Value.1=y&Filter.2.Name=a&Filter.2.Value.3=x3&Filter.2.Value.1=x1" +
          "&SubnetId.99999999999999999999=subnet-2&SubnetId.0=subnet-1",
      ),
    ).toEqual({
      operation: "DescribeSubnets",
      input: {
        Filters: [
          { Name: "a", Values: ["x1", "x3"] },
          { Name: "b", Values: ["y"] },
        ],
        SubnetIds: ["subnet-1", "subnet-2"],
      },
    });
  });

  it("reads ModifyVpcAttribute's {Value} structures", () => {
    expect(parse("Action=ModifyVpcAttribute&VpcId=vpc-1&EnableDnsHostnames.Value=true")).toEqual({
      operation: "ModifyVpcAttribute",
      input: { VpcId: "vpc-1", EnableDnsHostnames: { Value: true } },
    });
    expect(errorOf("Action=ModifyVpcAttribute&VpcId=vpc-1&EnableDnsHostnames=true")).toMatchObject({
      code: "UnknownParameter",
      message: "The parameter EnableDnsHostnames is not recognized",
    });
  });

  it("accepts a URLSearchParams, keeps the first of repeated parameters, ignores signature parameters", () => {
    const params = new URLSearchParams(
      "Action=DeleteVpc&VpcId=vpc-1&VpcId=vpc-2&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb&X-Amz-Signature=s&AWSAccessKeyId=AK",
    );
    expect(parseEc2Request(ec2Service, params)).toEqual({
      operation: "DeleteVpc",
      input: { VpcId: "vpc-1" },
    });
  });

  it("accepts an operation without parameters", () => {
    expect(parse("Action=DescribeRegions&Version=2016-11-15")).toEqual({
      operation: "DescribeRegions",
      input: {},
    });
  });

  it.each([
    ["Version=2016-11-15", "MissingAction", "The request must contain the parameter Action", 400],
    ["Action=&Version=2016-11-15", "MissingAction", "The request must contain the parameter Action", 400],
    ["Action=CreateVpcs", "InvalidAction", "The action CreateVpcs is not valid for this web service.", 400],
    [
      "Action=AttachVolume",
      "NotImplemented",
      "The operation AttachVolume is not implemented by vpcsim.",
      501,
    ],
    [
      "Action=DescribeVpcs&Version=2015-10-01",
      "NoSuchVersion",
      "The requested version (2015-10-01) of service AmazonEC2 does not exist",
      400,
    ],
    [
      "Action=DescribeVpcs&Version=",
      "NoSuchVersion",
      "The requested version () of service AmazonEC2 does not exist",
      400,
    ],
    ["Action=DescribeVpcs&Foo=1", "UnknownParameter", "The parameter Foo is not recognized", 400],
    ["Action=DescribeVpcs&vpcId.1=vpc-1", "UnknownParameter", "The parameter vpcId is not recognized", 400],
    [
      "Action=DescribeVpcs&Filter.1.Nam=x",
      "UnknownParameter",
      "The parameter Filter.1.Nam is not recognized",
      400,
    ],
    [
      "Action=DescribeVpcs&Filter.x.Name=x",
      "UnknownParameter",
      "The parameter Filter.x is not recognized",
      400,
    ],
    [
      "Action=DescribeVpcs&Filter.-1.Name=x",
      "UnknownParameter",
      "The parameter Filter.-1 is not recognized",
      400,
    ],
    [
      "Action=DescribeVpcs&Filter.1.Value=x",
      "UnknownParameter",
      "The parameter Filter.1.Value is not recognized",
      400,
    ],
    [
      "Action=DescribeVpcs&MaxResults.1=5",
      "UnknownParameter",
      "The parameter MaxResults.1 is not recognized",
      400,
    ],
    ["Action=DeleteVpc", "MissingParameter", "The request must contain the parameter VpcId", 400],
    [
      "Action=CreateTags&ResourceId.1=vpc-1",
      "MissingParameter",
      "The request must contain the parameter Tag",
      400,
    ],
    [
      "Action=DescribeVpcs&MaxResults=abc",
      "InvalidParameterValue",
      "Value (abc) for parameter maxResults is invalid. Expecting an integer.",
      400,
    ],
    [
      "Action=DescribeVpcs&MaxResults=5.5",
      "InvalidParameterValue",
      "Value (5.5) for parameter maxResults is invalid. Expecting an integer.",
      400,
    ],
    [
      "Action=DescribeVpcs&MaxResults=2147483648",
      "InvalidParameterValue",
      "Value (2147483648) for parameter maxResults is invalid. Expecting an integer.",
      400,
    ],
    [
      "Action=DescribeVpcs&DryRun=yes",
      "InvalidParameterValue",
      "Value (yes) for parameter dryRun is invalid. Expecting a boolean (true or false).",
      400,
    ],
    [
      "Action=DescribeVpcs&Filter.1%ZZ=x",
      "MalformedQueryString",
      'The query string is malformed: bad percent-encoding at "%ZZ"',
      400,
    ],
  ])("%s → %s", (body, code, message, status) => {
    const error = errorOf(body);
    expect({ code: error.code, message: error.message, status: error.httpStatus }).toEqual({
      code,
      message,
      status,
    });
  });

  it("refuses lists with more than the maximum number of members", () => {
    const many = Array.from({ length: maxListMembers + 1 }, (_, i) => `VpcId.${i + 1}=vpc-${i}`).join("&");
    expect(errorOf(`Action=DescribeVpcs&${many}`)).toMatchObject({
      code: "InvalidParameterValue",
      message: `The parameter VpcId has too many members. The maximum is ${maxListMembers}.`,
    });
    const enough = Array.from({ length: maxListMembers }, (_, i) => `VpcId.${i + 1}=vpc-${i}`).join("&");
    expect((parse(`Action=DescribeVpcs&${enough}`).input as { VpcIds: string[] }).VpcIds).toHaveLength(
      maxListMembers,
    );
  });
});

describe("serializeEc2Response", () => {
  it("writes EC2's XML: locationNames, item lists, omitted undefined members, escaped text", () => {
    const xml = serializeEc2Response(
      ec2Service,
      "CreateVpc",
      {
        Vpc: {
          VpcId: "vpc-1",
          CidrBlock: "10.0.0.0/16",
          IsDefault: false,
          State: undefined,
          Tags: [{ Key: "a&b", Value: "<c>" }],
          Ipv6CidrBlockAssociationSet: [],
        },
      },
      "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE",
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<CreateVpcResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">' +
        "<requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>" +
        "<vpc><cidrBlock>10.0.0.0/16</cidrBlock><vpcId>vpc-1</vpcId><ipv6CidrBlockAssociationSet/>" +
        "<isDefault>false</isDefault><tagSet><item><key>a&amp;b</key><value>&lt;c&gt;</value></item></tagSet></vpc>" +
        "</CreateVpcResponse>",
    );
  });

  it("writes numbers in decimal and an empty answer as an empty set", () => {
    expect(
      serializeEc2Response(
        ec2Service,
        "DescribeSubnets",
        { Subnets: [{ AvailableIpAddressCount: 251 }] },
        "r",
      ),
    ).toContain("<subnetSet><item><availableIpAddressCount>251</availableIpAddressCount></item></subnetSet>");
    expect(serializeEc2Response(ec2Service, "DescribeVpcs", { Vpcs: [] }, "r")).toContain("<vpcSet/>");
  });

  it("writes AWS's error envelope", () => {
    expect(serializeEc2Error("InvalidParameterValue", "Value (x) for parameter <y> is invalid.", "req")).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidParameterValue</Code>' +
        "<Message>Value (x) for parameter &lt;y&gt; is invalid.</Message></Error></Errors><RequestID>req</RequestID></Response>",
    );
  });

  it("refuses an operation that is not implemented (a programming error, not a client error)", () => {
    expect(() => serializeEc2Response(ec2Service, "AttachVolume" as "DescribeVpcs", {}, "r")).toThrow(Error);
  });
});

describe("frozen outputs", () => {
  it("serialize the same as unfrozen ones, and keep doing so", () => {
    const vpc = {
      VpcId: "vpc-0123456789abcdef0",
      CidrBlock: "10.0.0.0/16",
      IsDefault: false,
      Tags: [{ Key: "a&b", Value: "<x>" }],
    };
    const plain = serializeEc2Response(ec2Service, "DescribeVpcs", { Vpcs: [vpc] }, "r");
    const frozen = Object.freeze({
      ...vpc,
      Tags: Object.freeze([Object.freeze({ Key: "a&b", Value: "<x>" })]),
    });
    expect(serializeEc2Response(ec2Service, "DescribeVpcs", { Vpcs: [frozen] }, "r")).toBe(plain);
    const twice = serializeEc2Response(ec2Service, "DescribeVpcs", { Vpcs: [frozen, frozen] }, "r");
    expect(twice.split("<vpcId>vpc-0123456789abcdef0</vpcId>")).toHaveLength(3);
    expect(twice).toContain("<key>a&amp;b</key><value>&lt;x&gt;</value>");
  });
});
