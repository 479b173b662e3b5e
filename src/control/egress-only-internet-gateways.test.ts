import { describe, expect, it } from "vitest";
import {
  createEgressOnlyInternetGateway,
  deleteEgressOnlyInternetGateway,
  describeEgressOnlyInternetGateways,
} from "./egress-only-internet-gateways.js";
import { createRoute, createRouteTable, describeRouteTables, replaceRoute } from "./route-tables.js";
import { errorCode, testPlane } from "./test-support.js";
import { createVpc, deleteVpc } from "./vpcs.js";

function setup() {
  const plane = testPlane();
  const { vpc } = plane.write((ctx) =>
    createVpc(ctx, { cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true }),
  );
  return { plane, vpc };
}

describe("egress-only internet gateways", () => {
  it("creates one attached gateway per VPC, describes, deletes it", () => {
    const { plane, vpc } = setup();
    const { egressOnlyInternetGateway: eigw } = plane.write((ctx) =>
      createEgressOnlyInternetGateway(ctx, {
        vpcId: vpc.id,
        tagSpecifications: [
          { resourceType: "egress-only-internet-gateway", tags: [{ key: "Name", value: "v6-out" }] },
        ],
      }),
    );
    expect(eigw.id).toMatch(/^eigw-[0-9a-f]{17}$/);
    expect(eigw.attachments).toEqual([{ vpcId: vpc.id, state: "attached" }]);
    expect(
      errorCode(() => plane.write((ctx) => createEgressOnlyInternetGateway(ctx, { vpcId: vpc.id }))),
    ).toBe("Resource.AlreadyAssociated");
    expect(
      errorCode(() =>
        plane.write((ctx) => createEgressOnlyInternetGateway(ctx, { vpcId: "vpc-0123456789abcdef0" })),
      ),
    ).toBe("InvalidVpcID.NotFound");
    const byTag = plane.read((ctx) =>
      describeEgressOnlyInternetGateways(ctx, { filters: [{ name: "tag:Name", values: ["v6-out"] }] }),
    );
    expect(byTag.egressOnlyInternetGateways.map((g) => g.id)).toEqual([eigw.id]);
    expect(
      errorCode(() =>
        plane.read((ctx) =>
          describeEgressOnlyInternetGateways(ctx, {
            filters: [{ name: "attachment.vpc-id", values: [vpc.id] }],
          }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      errorCode(() => plane.read((ctx) => describeEgressOnlyInternetGateways(ctx, { maxResults: 256 }))),
    ).toBe("InvalidParameterValue");
    expect(
      errorCode(() =>
        plane.read((ctx) =>
          describeEgressOnlyInternetGateways(ctx, {
            egressOnlyInternetGatewayIds: ["eigw-0123456789abcdef0"],
          }),
        ),
      ),
    ).toBe("InvalidEgressOnlyInternetGatewayId.NotFound");
    // While attached, the VPC cannot be deleted.
    expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId: vpc.id })))).toBe(
      "DependencyViolation",
    );
    plane.write((ctx) => deleteEgressOnlyInternetGateway(ctx, { egressOnlyInternetGatewayId: eigw.id }));
    expect(
      plane.read((ctx) => describeEgressOnlyInternetGateways(ctx, {})).egressOnlyInternetGateways,
    ).toEqual([]);
    expect(
      errorCode(() =>
        plane.write((ctx) => deleteEgressOnlyInternetGateway(ctx, { egressOnlyInternetGatewayId: eigw.id })),
      ),
    ).toBe("InvalidEgressOnlyInternetGatewayId.NotFound");
    expect(
      errorCode(() =>
        plane.write((ctx) => deleteEgressOnlyInternetGateway(ctx, { egressOnlyInternetGatewayId: "eigw-x" })),
      ),
    ).toBe("InvalidEgressOnlyInternetGatewayId.Malformed");
    plane.write((ctx) => deleteVpc(ctx, { vpcId: vpc.id }));
  });

  it("is the target of IPv6 routes only, of its own VPC, and a route to a deleted one is a blackhole", () => {
    const { plane, vpc } = setup();
    const { egressOnlyInternetGateway: eigw } = plane.write((ctx) =>
      createEgressOnlyInternetGateway(ctx, { vpcId: vpc.id }),
    );
    const { routeTable } = plane.write((ctx) => createRouteTable(ctx, { vpcId: vpc.id }));
    const route = (input: Record<string, string>) =>
      errorCode(() => plane.write((ctx) => createRoute(ctx, { routeTableId: routeTable.id, ...input })));
    expect(route({ destinationCidrBlock: "0.0.0.0/0", egressOnlyInternetGatewayId: eigw.id })).toBe(
      "InvalidParameterValue",
    );
    expect(
      route({ destinationIpv6CidrBlock: "::/0", egressOnlyInternetGatewayId: "eigw-0123456789abcdef0" }),
    ).toBe("InvalidEgressOnlyInternetGatewayId.NotFound");
    expect(route({ destinationIpv6CidrBlock: "::/0", egressOnlyInternetGatewayId: "eigw-x" })).toBe(
      "InvalidEgressOnlyInternetGatewayId.Malformed",
    );
    const other = plane.write((ctx) =>
      createVpc(ctx, { cidrBlock: "10.1.0.0/16", amazonProvidedIpv6CidrBlock: true }),
    ).vpc;
    const foreign = plane.write((ctx) =>
      createEgressOnlyInternetGateway(ctx, { vpcId: other.id }),
    ).egressOnlyInternetGateway;
    expect(route({ destinationIpv6CidrBlock: "::/0", egressOnlyInternetGatewayId: foreign.id })).toBe(
      "InvalidParameterValue",
    );

    plane.write((ctx) =>
      createRoute(ctx, {
        routeTableId: routeTable.id,
        destinationIpv6CidrBlock: "::/0",
        egressOnlyInternetGatewayId: eigw.id,
      }),
    );
    const stateOf = () =>
      plane
        .read((ctx) => describeRouteTables(ctx, { routeTableIds: [routeTable.id] }))
        .routeTables[0]!.routes.find((r) => r.target.kind === "egressOnlyInternetGateway")!;
    expect(stateOf()).toMatchObject({
      destination: { kind: "ipv6", cidr: "::/0" },
      target: { id: eigw.id },
      state: "active",
    });
    expect(
      plane
        .read((ctx) =>
          describeRouteTables(ctx, {
            filters: [{ name: "route.egress-only-internet-gateway-id", values: [eigw.id] }],
          }),
        )
        .routeTables.map((t) => t.id),
    ).toEqual([routeTable.id]);
    plane.write((ctx) => deleteEgressOnlyInternetGateway(ctx, { egressOnlyInternetGatewayId: eigw.id }));
    expect(stateOf().state).toBe("blackhole");
    // A new gateway can take over the route.
    const next = plane.write((ctx) =>
      createEgressOnlyInternetGateway(ctx, { vpcId: vpc.id }),
    ).egressOnlyInternetGateway;
    plane.write((ctx) =>
      replaceRoute(ctx, {
        routeTableId: routeTable.id,
        destinationIpv6CidrBlock: "::/0",
        egressOnlyInternetGatewayId: next.id,
      }),
    );
    expect(stateOf()).toMatchObject({ target: { id: next.id }, state: "active" });
  });
});
