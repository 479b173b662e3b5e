import { describe, expect, it } from "vitest";
import { DEFAULT_QUOTAS } from "./context.js";
import {
  attachInternetGateway,
  createInternetGateway,
  deleteInternetGateway,
  detachInternetGateway,
} from "./internet-gateways.js";
import {
  associateRouteTable,
  createRoute,
  createRouteTable,
  deleteRoute,
  deleteRouteTable,
  describeRouteTables,
  disassociateRouteTable,
  replaceRoute,
  replaceRouteTableAssociation,
  routeTableOfSubnet,
} from "./route-tables.js";
import { createSubnet } from "./subnets.js";
import { errorCode, testPlane } from "./test-support.js";
import { createVpc } from "./vpcs.js";

function setup() {
  const plane = testPlane();
  const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
  const { subnet } = plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" }));
  const { internetGateway: igw } = plane.write((ctx) => createInternetGateway(ctx, {}));
  plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: igw.id, vpcId: vpc.id }));
  const { routeTable } = plane.write((ctx) => createRouteTable(ctx, { vpcId: vpc.id }));
  const main = plane.read((ctx) =>
    describeRouteTables(ctx, { filters: [{ name: "association.main", values: ["true"] }] }),
  ).routeTables[0]!;
  return { plane, vpc, subnet, igw, routeTable, main };
}

describe("routes", () => {
  it("creates a 0.0.0.0/0 route to an attached internet gateway, active", () => {
    const { plane, igw, routeTable } = setup();
    plane.write((ctx) =>
      createRoute(ctx, { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }),
    );
    const table = plane.read((ctx) => describeRouteTables(ctx, { routeTableIds: [routeTable.id] }))
      .routeTables[0]!;
    expect(table.routes.map((r) => [r.destination, r.target.id, r.origin, r.state])).toEqual([
      [{ kind: "ipv4", cidr: "10.0.0.0/16" }, "local", "CreateRouteTable", "active"],
      [{ kind: "ipv4", cidr: "0.0.0.0/0" }, igw.id, "CreateRoute", "active"],
    ]);
  });

  it("rejects duplicates, bad destinations and targets with AWS's codes", () => {
    const { plane, igw, routeTable } = setup();
    const create = (input: Record<string, unknown>) =>
      errorCode(() => plane.write((ctx) => createRoute(ctx, { routeTableId: routeTable.id, ...input })));
    plane.write((ctx) =>
      createRoute(ctx, { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }),
    );
    expect(create({ destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id })).toBe("RouteAlreadyExists");
    expect(create({ destinationCidrBlock: "10.0.0.0/16", gatewayId: igw.id })).toBe("RouteAlreadyExists");
    expect(create({ destinationCidrBlock: "10.0.5.0/24", gatewayId: igw.id })).toBe("InvalidParameterValue");
    expect(create({ destinationCidrBlock: "nope", gatewayId: igw.id })).toBe("InvalidParameterValue");
    expect(create({ gatewayId: igw.id })).toBe("MissingParameter");
    expect(create({ destinationCidrBlock: "1.0.0.0/8" })).toBe("MissingParameter");
    expect(
      create({ destinationCidrBlock: "1.0.0.0/8", gatewayId: igw.id, natGatewayId: "nat-0123456789abcdef0" }),
    ).toBe("InvalidParameterCombination");
    expect(create({ destinationCidrBlock: "1.0.0.0/8", gatewayId: "igw-0123456789abcdef0" })).toBe(
      "InvalidGatewayID.NotFound",
    );
    expect(create({ destinationCidrBlock: "1.0.0.0/8", natGatewayId: "nat-0123456789abcdef0" })).toBe(
      "InvalidNatGatewayID.NotFound",
    );
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createRoute(ctx, {
            routeTableId: "rtb-0123456789abcdef0",
            destinationCidrBlock: "1.0.0.0/8",
            gatewayId: igw.id,
          }),
        ),
      ),
    ).toBe("InvalidRouteTableID.NotFound");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createRoute(ctx, { routeTableId: "rtb-!", destinationCidrBlock: "1.0.0.0/8", gatewayId: igw.id }),
        ),
      ),
    ).toBe("InvalidRouteTableId.Malformed");
  });

  it("refuses a gateway of another VPC", () => {
    const { plane, routeTable } = setup();
    const other = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.9.0.0/16" })).vpc;
    const igw2 = plane.write((ctx) => createInternetGateway(ctx, {})).internetGateway;
    plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: igw2.id, vpcId: other.id }));
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createRoute(ctx, {
            routeTableId: routeTable.id,
            destinationCidrBlock: "0.0.0.0/0",
            gatewayId: igw2.id,
          }),
        ),
      ),
    ).toBe("InvalidParameterValue");
  });

  it("canonicalizes destinations with host bits set", () => {
    const { plane, igw, routeTable } = setup();
    plane.write((ctx) =>
      createRoute(ctx, {
        routeTableId: routeTable.id,
        destinationCidrBlock: "100.68.0.18/18",
        gatewayId: igw.id,
      }),
    );
    const table = plane.read((ctx) => describeRouteTables(ctx, { routeTableIds: [routeTable.id] }))
      .routeTables[0]!;
    expect(table.routes[1]!.destination).toEqual({ kind: "ipv4", cidr: "100.68.0.0/18" });
  });

  it("replaces and deletes routes, never the local one", () => {
    const { plane, igw, routeTable } = setup();
    const base = { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0" };
    expect(errorCode(() => plane.write((ctx) => replaceRoute(ctx, { ...base, gatewayId: igw.id })))).toBe(
      "InvalidParameterValue",
    );
    plane.write((ctx) => createRoute(ctx, { ...base, gatewayId: igw.id }));
    plane.write((ctx) => replaceRoute(ctx, { ...base, gatewayId: igw.id }));
    plane.write((ctx) => deleteRoute(ctx, base));
    expect(errorCode(() => plane.write((ctx) => deleteRoute(ctx, base)))).toBe("InvalidRoute.NotFound");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          deleteRoute(ctx, { routeTableId: routeTable.id, destinationCidrBlock: "10.0.0.0/16" }),
        ),
      ),
    ).toBe("InvalidParameterValue");
  });

  it("shows a route to a detached or deleted gateway as blackhole", () => {
    const { plane, vpc, igw, routeTable } = setup();
    plane.write((ctx) =>
      createRoute(ctx, { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }),
    );
    plane.write((ctx) => detachInternetGateway(ctx, { internetGatewayId: igw.id, vpcId: vpc.id }));
    const state = () =>
      plane.read((ctx) => describeRouteTables(ctx, { routeTableIds: [routeTable.id] })).routeTables[0]!
        .routes[1]!.state;
    expect(state()).toBe("blackhole");
    plane.write((ctx) => deleteInternetGateway(ctx, { internetGatewayId: igw.id }));
    expect(state()).toBe("blackhole");
    expect(
      plane.read((ctx) =>
        describeRouteTables(ctx, { filters: [{ name: "route.state", values: ["blackhole"] }] }),
      ).routeTables,
    ).toHaveLength(1);
  });

  it("enforces the routes-per-table quota", () => {
    const plane = testPlane({ config: { quotas: { ...DEFAULT_QUOTAS, routesPerRouteTable: 2 } } });
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    const igw = plane.write((ctx) => createInternetGateway(ctx, {})).internetGateway;
    plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: igw.id, vpcId: vpc.id }));
    const rtb = plane.write((ctx) => createRouteTable(ctx, { vpcId: vpc.id })).routeTable;
    for (const d of ["1.0.0.0/8", "2.0.0.0/8"]) {
      plane.write((ctx) =>
        createRoute(ctx, { routeTableId: rtb.id, destinationCidrBlock: d, gatewayId: igw.id }),
      );
    }
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createRoute(ctx, { routeTableId: rtb.id, destinationCidrBlock: "3.0.0.0/8", gatewayId: igw.id }),
        ),
      ),
    ).toBe("RouteLimitExceeded");
  });
});

describe("associations", () => {
  it("associates a subnet once, and the subnet then uses that table instead of the main one", () => {
    const { plane, vpc, subnet, routeTable, main } = setup();
    expect(plane.read(({ tx, scope }) => routeTableOfSubnet(tx, scope, vpc.id, subnet.id)?.id)).toBe(main.id);
    const { associationId } = plane.write((ctx) =>
      associateRouteTable(ctx, { routeTableId: routeTable.id, subnetId: subnet.id }),
    );
    expect(associationId).toMatch(/^rtbassoc-/);
    expect(plane.read(({ tx, scope }) => routeTableOfSubnet(tx, scope, vpc.id, subnet.id)?.id)).toBe(
      routeTable.id,
    );
    expect(
      errorCode(() =>
        plane.write((ctx) => associateRouteTable(ctx, { routeTableId: main.id, subnetId: subnet.id })),
      ),
    ).toBe("Resource.AlreadyAssociated");
    plane.write((ctx) => disassociateRouteTable(ctx, { associationId }));
    expect(plane.read(({ tx, scope }) => routeTableOfSubnet(tx, scope, vpc.id, subnet.id)?.id)).toBe(main.id);
    expect(errorCode(() => plane.write((ctx) => disassociateRouteTable(ctx, { associationId })))).toBe(
      "InvalidAssociationID.NotFound",
    );
  });

  it("refuses a subnet of another VPC, and deleting a table in use", () => {
    const { plane, subnet, routeTable, main } = setup();
    const other = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.9.0.0/16" })).vpc;
    const foreign = plane.write((ctx) => createRouteTable(ctx, { vpcId: other.id })).routeTable;
    expect(
      errorCode(() =>
        plane.write((ctx) => associateRouteTable(ctx, { routeTableId: foreign.id, subnetId: subnet.id })),
      ),
    ).toBe("InvalidParameterValue");
    expect(errorCode(() => plane.write((ctx) => deleteRouteTable(ctx, { routeTableId: main.id })))).toBe(
      "DependencyViolation",
    );
    plane.write((ctx) => associateRouteTable(ctx, { routeTableId: routeTable.id, subnetId: subnet.id }));
    expect(
      errorCode(() => plane.write((ctx) => deleteRouteTable(ctx, { routeTableId: routeTable.id }))),
    ).toBe("DependencyViolation");
  });

  it("moves the main association with ReplaceRouteTableAssociation, and refuses to disassociate it", () => {
    const { plane, vpc, subnet, routeTable, main } = setup();
    const mainAssociation = main.associations.find((a) => a.main)!;
    expect(
      errorCode(() =>
        plane.write((ctx) => disassociateRouteTable(ctx, { associationId: mainAssociation.id })),
      ),
    ).toBe("InvalidParameterValue");
    const { newAssociationId } = plane.write((ctx) =>
      replaceRouteTableAssociation(ctx, { associationId: mainAssociation.id, routeTableId: routeTable.id }),
    );
    expect(newAssociationId).not.toBe(mainAssociation.id);
    const mains = plane.read((ctx) =>
      describeRouteTables(ctx, { filters: [{ name: "association.main", values: ["true"] }] }),
    ).routeTables;
    expect(mains.map((t) => t.id)).toEqual([routeTable.id]);
    expect(plane.read(({ tx, scope }) => routeTableOfSubnet(tx, scope, vpc.id, subnet.id)?.id)).toBe(
      routeTable.id,
    );
    // The old main table has no association left and can be deleted now.
    plane.write((ctx) => deleteRouteTable(ctx, { routeTableId: main.id }));
  });

  it("filters association.main per association: a table without associations matches neither value", () => {
    const { plane, vpc, subnet, routeTable, main } = setup();
    const { subnet: other } = plane.write((ctx) =>
      createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.2.0/24" }),
    );
    const { routeTable: unused } = plane.write((ctx) => createRouteTable(ctx, { vpcId: vpc.id }));
    const ids = (value: string) =>
      plane
        .read((ctx) => describeRouteTables(ctx, { filters: [{ name: "association.main", values: [value] }] }))
        .routeTables.map((t) => t.id)
        .sort();
    expect(ids("true")).toEqual([main.id]);
    expect(ids("false")).toEqual([]);
    plane.write((ctx) => associateRouteTable(ctx, { routeTableId: routeTable.id, subnetId: subnet.id }));
    expect(ids("false")).toEqual([routeTable.id]);
    // The main table with an explicit subnet association has a main and a non-main association.
    plane.write((ctx) => associateRouteTable(ctx, { routeTableId: main.id, subnetId: other.id }));
    expect(ids("false")).toEqual([main.id, routeTable.id].sort());
    expect(ids("true")).toEqual([main.id]);
    expect(ids("false")).not.toContain(unused.id);
  });

  it("associates an internet gateway as an edge association, once", () => {
    const { plane, igw, routeTable, main } = setup();
    plane.write((ctx) => associateRouteTable(ctx, { routeTableId: routeTable.id, gatewayId: igw.id }));
    expect(
      errorCode(() =>
        plane.write((ctx) => associateRouteTable(ctx, { routeTableId: main.id, gatewayId: igw.id })),
      ),
    ).toBe("Resource.AlreadyAssociated");
    expect(
      plane
        .read((ctx) =>
          describeRouteTables(ctx, { filters: [{ name: "association.gateway-id", values: [igw.id] }] }),
        )
        .routeTables.map((t) => t.id),
    ).toEqual([routeTable.id]);
  });
});
