import { describe, expect, it } from "vitest";
import { identifyService, parseCredentialScope } from "./envelope.js";

const sigv4 = (scope: string) =>
  `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=content-type;host;x-amz-date, Signature=abc123`;

describe("identifyService", () => {
  it("reads the SigV4 credential scope of the Authorization header", () => {
    expect(
      identifyService({
        method: "POST",
        headers: { Authorization: sigv4("AKIAIOSFODNN7EXAMPLE/20240101/eu-west-1/ec2/aws4_request") },
        params: [["Action", "DescribeVpcs"]],
      }),
    ).toEqual({ service: "ec2", accessKeyId: "AKIAIOSFODNN7EXAMPLE", region: "eu-west-1" });
    expect(
      identifyService({
        headers: { authorization: [sigv4("123456789012/20240101/us-east-2/sts/aws4_request")] },
        params: new URLSearchParams("Action=GetCallerIdentity&Version=2011-06-15"),
      }),
    ).toEqual({ service: "sts", accessKeyId: "123456789012", region: "us-east-2" });
  });

  it("reads a presigned URL's X-Amz-Credential", () => {
    expect(
      identifyService({
        method: "GET",
        headers: {},
        params: new URLSearchParams(
          "Action=DescribeVpcs&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240101%2Fap-south-1%2Fec2%2Faws4_request",
        ),
      }),
    ).toEqual({ service: "ec2", accessKeyId: "AKID", region: "ap-south-1" });
  });

  it("lets X-Amz-Target name a JSON service, keeping key and region from the scope", () => {
    expect(
      identifyService({
        headers: {
          "X-Amz-Target": "Logs_20140328.DescribeLogGroups",
          authorization: sigv4("AKID/20240101/us-west-2/logs/aws4_request"),
        },
      }),
    ).toEqual({ service: "logs", accessKeyId: "AKID", region: "us-west-2" });
    expect(identifyService({ headers: { "x-amz-target": "OvertureService.DescribeLocations" } })).toEqual({
      service: "directconnect",
    });
  });

  it("falls back to Action: STS actions to STS, anything else to EC2", () => {
    expect(identifyService({ headers: {}, params: [["Action", "GetCallerIdentity"]] })).toEqual({
      service: "sts",
    });
    expect(identifyService({ headers: {}, params: [["Action", "DescribeVpcs"]] })).toEqual({
      service: "ec2",
    });
    expect(identifyService({ headers: {} })).toEqual({ service: "ec2" });
    expect(identifyService({ headers: {}, params: [["AWSAccessKeyId", "AKIDV2"]] })).toEqual({
      service: "ec2",
      accessKeyId: "AKIDV2",
    });
  });

  it("passes on the signing name of a service it does not know; ignores a malformed scope", () => {
    expect(
      identifyService({ headers: { authorization: sigv4("AKID/20240101/us-east-1/s3/aws4_request") } }),
    ).toEqual({
      service: "s3",
      accessKeyId: "AKID",
      region: "us-east-1",
    });
    expect(identifyService({ headers: { authorization: "AWS4-HMAC-SHA256 Credential=garbage" } })).toEqual({
      service: "ec2",
    });
    expect(parseCredentialScope("AKID/20240101/us-east-1/ec2")).toBeUndefined();
    expect(parseCredentialScope("AKID/20240101/us-east-1/ec2/aws4_request")).toEqual({
      accessKeyId: "AKID",
      date: "20240101",
      region: "us-east-1",
      service: "ec2",
    });
  });
});
