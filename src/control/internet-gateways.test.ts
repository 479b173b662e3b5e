import { describe, expect, it } from "vitest";
import { DEFAULT_QUOTAS } from "./context.js";
import {
  attachInternetGateway,
  createInternetGateway,
  deleteInternetGateway,
  describeInternetGateways,
  detachInternetGateway,
} from "./internet-gateways.js";
import { errorCode, testPlane } from "./test-support.js";
import { createVpc } from "./vpcs.js";

describe("internet gateways", () => {
  it("attaches one gateway per VPC and one VPC per gateway", () => {
    const plane = testPlane();
    const a = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" })).vpc;
    const b = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.1.0.0/16" })).vpc;
    const g1 = plane.write((ctx) => createInternetGateway(ctx, {})).internetGateway;
    const g2 = plane.write((ctx) => createInternetGateway(ctx, {})).internetGateway;
    expect(g1.id).toMatch(/^igw-[0-9a-f]{17}$/);
    expect(g1.attachments).toEqual([]);
    plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: g1.id, vpcId: a.id }));
    expect(
      errorCode(() =>
        plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: g1.id, vpcId: b.id })),
      ),
    ).toBe("Resource.AlreadyAssociated");
    expect(
      errorCode(() =>
        plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: g2.id, vpcId: a.id })),
      ),
    ).toBe("InvalidParameterValue");
    const described = plane.read((ctx) => describeInternetGateways(ctx, { internetGatewayIds: [g1.id] }))
      .internetGateways[0]!;
    expect(described.attachments).toEqual([{ vpcId: a.id, state: "available" }]);
    expect(
      plane
        .read((ctx) =>
          describeInternetGateways(ctx, { filters: [{ name: "attachment.vpc-id", values: [a.id] }] }),
        )
        .internetGateways.map((g) => g.id),
    ).toEqual([g1.id]);
  });

  it("answers Gateway.NotAttached and DependencyViolation as AWS does", () => {
    const plane = testPlane();
    const vpc = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" })).vpc;
    const igw = plane.write((ctx) => createInternetGateway(ctx, {})).internetGateway;
    expect(
      errorCode(() =>
        plane.write((ctx) => detachInternetGateway(ctx, { internetGatewayId: igw.id, vpcId: vpc.id })),
      ),
    ).toBe("Gateway.NotAttached");
    plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: igw.id, vpcId: vpc.id }));
    expect(
      errorCode(() => plane.write((ctx) => deleteInternetGateway(ctx, { internetGatewayId: igw.id }))),
    ).toBe("DependencyViolation");
    plane.write((ctx) => detachInternetGateway(ctx, { internetGatewayId: igw.id, vpcId: vpc.id }));
    plane.write((ctx) => deleteInternetGateway(ctx, { internetGatewayId: igw.id }));
    expect(
      errorCode(() => plane.write((ctx) => deleteInternetGateway(ctx, { internetGatewayId: igw.id }))),
    ).toBe("InvalidInternetGatewayID.NotFound");
    expect(
      errorCode(() => plane.write((ctx) => deleteInternetGateway(ctx, { internetGatewayId: "igw-zz" }))),
    ).toBe("InvalidInternetGatewayId.Malformed");
  });

  it("enforces the per-region quota", () => {
    const plane = testPlane({ config: { quotas: { ...DEFAULT_QUOTAS, internetGatewaysPerRegion: 1 } } });
    plane.write((ctx) => createInternetGateway(ctx, {}));
    expect(errorCode(() => plane.write((ctx) => createInternetGateway(ctx, {})))).toBe(
      "InternetGatewayLimitExceeded",
    );
  });
});
