/**
 * boto3 (Debian's python3-boto3 under /usr/bin/python3) against a real server: the Python SDK's
 * query serializer, XML parser, paginators, waiters and error handling on our answers.
 */
import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, startTestServer } from "./support.js";

const exec = promisify(execFile);
let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({ quotas: { vpcsPerRegion: 20 } });
});
afterAll(async () => {
  await server.close();
});

const SCRIPT = String.raw`
import json, sys
import boto3
from botocore.exceptions import ClientError

ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name="eu-west-1",
                   aws_access_key_id=sys.argv[2], aws_secret_access_key="x")
sts = boto3.client("sts", endpoint_url=sys.argv[1], region_name="eu-west-1",
                   aws_access_key_id=sys.argv[2], aws_secret_access_key="x")
out = {}
out["account"] = sts.get_caller_identity()["Account"]
vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16",
                     TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "py"}]}])["Vpc"]
ec2.get_waiter("vpc_available").wait(VpcIds=[vpc["VpcId"]], WaiterConfig={"Delay": 1, "MaxAttempts": 5})
subnet = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.20.1.0/24", AvailabilityZone="eu-west-1b")["Subnet"]
out["subnet"] = {k: subnet[k] for k in ("AvailabilityZone", "AvailabilityZoneId", "AvailableIpAddressCount", "MapPublicIpOnLaunch")}
out["byTag"] = [v["VpcId"] == vpc["VpcId"] for v in ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["py"]}])["Vpcs"]]
for i in range(7):
    ec2.create_vpc(CidrBlock="10.%d.0.0/16" % (30 + i))
pages = [len(p["Vpcs"]) for p in ec2.get_paginator("describe_vpcs").paginate(PaginationConfig={"PageSize": 5})]
out["pages"] = pages
try:
    ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.20.1.128/25")
except ClientError as e:
    out["conflict"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
try:
    ec2.delete_vpc(VpcId="vpc-0123456789abcdef0", DryRun=False)
except ClientError as e:
    out["missing"] = e.response["Error"]["Code"]
try:
    ec2.delete_subnet(SubnetId=subnet["SubnetId"], DryRun=True)
except ClientError as e:
    out["dry"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
print(json.dumps(out))
`;

describe("boto3", () => {
  it("creates, describes, pages, waits and reads errors like against AWS", async () => {
    const { stdout } = await exec("/usr/bin/python3", ["-c", SCRIPT, server.endpoint, ACCOUNT], {
      env: {
        PATH: "/usr/bin:/bin",
        HOME: tmpdir(),
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: "/dev/null",
      },
    });
    const out = JSON.parse(stdout);
    expect(out).toEqual({
      account: ACCOUNT,
      subnet: {
        AvailabilityZone: "eu-west-1b",
        AvailabilityZoneId: "euw1-az2",
        AvailableIpAddressCount: 251,
        MapPublicIpOnLaunch: false,
      },
      byTag: [true],
      pages: [5, 3],
      conflict: ["InvalidSubnet.Conflict", 400],
      missing: "InvalidVpcID.NotFound",
      dry: ["DryRunOperation", 412],
    });
  });
});
