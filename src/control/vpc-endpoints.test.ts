import { describe, expect, it } from "vitest";
import { describeVpcEndpointServices, endpointServicesOf } from "./endpoint-services.js";
import { describeNetworkInterfaces } from "./network-interfaces.js";
import {
  addSubnet,
  eniRecord,
  type Network,
  network,
  putSecurityGroup,
  settle,
} from "./network-test-support.js";
import { createRoute, createRouteTable, describeRouteTables } from "./route-tables.js";
import { describeSubnets } from "./subnets.js";
import { errorCode, testPlane } from "./test-support.js";
import {
  createVpcEndpoint,
  DEFAULT_GATEWAY_POLICY,
  DEFAULT_INTERFACE_POLICY,
  deleteVpcEndpoints,
  describeVpcEndpoints,
  modifyVpcEndpoint,
  VPC_ENDPOINT_REQUESTER_ID,
} from "./vpc-endpoints.js";
import { deleteVpc, modifyVpcAttribute } from "./vpcs.js";

const S3 = "com.amazonaws.us-east-1.s3";
const SSM = "com.amazonaws.us-east-1.ssm";

function endpoint(net: Network, id: string) {
  return net.plane.read((ctx) => describeVpcEndpoints(ctx, { vpcEndpointIds: [id] })).vpcEndpoints[0]!;
}

function table(net: Network) {
  return net.plane.write((ctx) => createRouteTable(ctx, { vpcId: net.vpc.id })).routeTable;
}

function routesOf(net: Network, tableId: string) {
  return net.plane.read((ctx) => describeRouteTables(ctx, { routeTableIds: [tableId] })).routeTables[0]!
    .routes;
}

function gateway(
  net: Network,
  routeTableIds: string[],
  extra: Partial<Parameters<typeof createVpcEndpoint>[1]> = {},
) {
  return net.plane.write((ctx) =>
    createVpcEndpoint(ctx, { vpcId: net.vpc.id, serviceName: S3, routeTableIds, ...extra }),
  ).vpcEndpoint;
}

/** A VPC with both DNS attributes on and subnets in two zones. */
function dnsNetwork() {
  const net = network({ internetGateway: false });
  net.plane.write((ctx) => modifyVpcAttribute(ctx, { vpcId: net.vpc.id, enableDnsHostnames: true }));
  const b = addSubnet(net, "10.0.2.0/24", "us-east-1b");
  return { net, a: net.subnet, b };
}

function iface(
  net: Network,
  subnetIds: string[],
  extra: Partial<Parameters<typeof createVpcEndpoint>[1]> = {},
) {
  return net.plane.write((ctx) =>
    createVpcEndpoint(ctx, {
      vpcId: net.vpc.id,
      serviceName: SSM,
      vpcEndpointType: "Interface",
      subnetIds,
      ...extra,
    }),
  ).vpcEndpoint;
}

describe("DescribeVpcEndpointServices", () => {
  it("lists the region's services with AWS's names, types and DNS names", () => {
    const plane = testPlane();
    const { serviceNames, serviceDetails } = plane.read((ctx) => describeVpcEndpointServices(ctx, {}));
    for (const svc of [
      "s3",
      "dynamodb",
      "ssm",
      "ssmmessages",
      "ec2messages",
      "ec2",
      "sts",
      "logs",
      "secretsmanager",
    ]) {
      expect(serviceNames).toContain(`com.amazonaws.us-east-1.${svc}`);
    }
    for (const svc of ["kms", "ecr.api", "ecr.dkr", "execute-api", "sqs", "sns", "monitoring"]) {
      expect(serviceNames).toContain(`com.amazonaws.us-east-1.${svc}`);
    }
    expect(serviceNames).toEqual([...serviceNames].sort());
    expect(serviceDetails.filter((s) => s.serviceName === S3).map((s) => s.serviceType)).toEqual([
      "Gateway",
      "Interface",
    ]);
    const ssm = serviceDetails.find((s) => s.serviceName === SSM)!;
    expect(ssm).toMatchObject({
      serviceType: "Interface",
      owner: "amazon",
      privateDnsName: "ssm.us-east-1.amazonaws.com",
      baseEndpointDnsNames: ["ssm.us-east-1.vpce.amazonaws.com"],
      availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"],
      acceptanceRequired: false,
    });
    expect(ssm.serviceId).toMatch(/^vpce-svc-[0-9a-f]{17}$/);
    expect(serviceDetails.find((s) => s.serviceName.endsWith("ecr.dkr"))!.privateDnsName).toBe(
      "*.dkr.ecr.us-east-1.amazonaws.com",
    );
    expect(serviceDetails.find((s) => s.serviceType === "Gateway" && s.serviceName === S3)).toMatchObject({
      baseEndpointDnsNames: ["s3.us-east-1.amazonaws.com"],
      prefixListId: "pl-63a5400a",
    });
  });

  it("filters, pages, and answers InvalidServiceName for an unknown service", () => {
    const plane = testPlane({ scope: { region: "eu-west-1" } });
    const gateways = plane.read((ctx) =>
      describeVpcEndpointServices(ctx, { filters: [{ name: "service-type", values: ["Gateway"] }] }),
    );
    expect(gateways.serviceNames).toEqual(["com.amazonaws.eu-west-1.dynamodb", "com.amazonaws.eu-west-1.s3"]);
    const named = plane.read((ctx) =>
      describeVpcEndpointServices(ctx, {
        serviceNames: ["com.amazonaws.eu-west-1.s3"],
        filters: [{ name: "service-type", values: ["Interface"] }],
      }),
    );
    expect(named.serviceDetails.map((s) => s.serviceType)).toEqual(["Interface"]);
    const page = plane.read((ctx) => describeVpcEndpointServices(ctx, { maxResults: 5 }));
    expect(page.serviceDetails).toHaveLength(5);
    const rest = plane.read((ctx) =>
      describeVpcEndpointServices(ctx, { maxResults: 1000, nextToken: page.nextToken! }),
    );
    expect(rest.serviceDetails.length + 5).toBe(endpointServicesOf("eu-west-1").length);
    expect(
      errorCode(() =>
        plane.read((ctx) =>
          describeVpcEndpointServices(ctx, {
            serviceNames: ["com.amazonaws.eu-west-1.elasticbeanstalk.health"],
          }),
        ),
      ),
    ).toBe("InvalidServiceName");
    expect(
      errorCode(() =>
        plane.read((ctx) =>
          describeVpcEndpointServices(ctx, { filters: [{ name: "service-id", values: ["x"] }] }),
        ),
      ),
    ).toBe("InvalidParameterValue");
  });
});

describe("gateway endpoints", () => {
  it("routes the service's prefix list to the endpoint in each table, and stops on deletion", () => {
    const net = network();
    const [t1, t2] = [table(net), table(net)];
    const created = gateway(net, [t1.id, t2.id], {
      tagSpecifications: [{ resourceType: "vpc-endpoint", tags: [{ key: "Name", value: "s3" }] }],
    });
    expect(created).toMatchObject({
      endpointType: "Gateway",
      serviceName: S3,
      state: "available",
      vpcId: net.vpc.id,
      policyDocument: DEFAULT_GATEWAY_POLICY,
      routeTableIds: [t1.id, t2.id],
      subnetIds: [],
      networkInterfaceIds: [],
      dnsEntries: [],
      privateDnsEnabled: false,
      tags: [{ key: "Name", value: "s3" }],
    });
    expect(created.id).toMatch(/^vpce-[0-9a-f]{17}$/);
    for (const t of [t1, t2]) {
      expect(routesOf(net, t.id)).toContainEqual({
        destination: { kind: "prefix-list", prefixListId: "pl-63a5400a" },
        target: { kind: "gateway", id: created.id },
        origin: "CreateRoute",
        state: "active",
      });
    }
    // The route is the endpoint's: it cannot be removed, replaced or duplicated by hand.
    expect(
      errorCode(() =>
        net.plane.write((ctx) =>
          createRoute(ctx, {
            routeTableId: t1.id,
            destinationCidrBlock: "52.0.0.0/8",
            gatewayId: created.id,
          }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    const { unsuccessful } = net.plane.write((ctx) =>
      deleteVpcEndpoints(ctx, { vpcEndpointIds: [created.id] }),
    );
    expect(unsuccessful).toEqual([]);
    expect(endpoint(net, created.id).state).toBe("deleting");
    expect(routesOf(net, t1.id).find((r) => r.destination.kind === "prefix-list")?.state).toBe("blackhole");
    settle(net.plane);
    expect(endpoint(net, created.id)).toMatchObject({ state: "deleted", routeTableIds: [] });
    expect(routesOf(net, t1.id).some((r) => r.destination.kind === "prefix-list")).toBe(false);
    settle(net.plane, net.plane.env.config.delays.deletedRetentionMs);
    expect(errorCode(() => endpoint(net, created.id))).toBe("InvalidVpcEndpointId.NotFound");
  });

  it("refuses a second endpoint of the same service in a table, and adds and removes tables", () => {
    const net = network();
    const [t1, t2] = [table(net), table(net)];
    const first = gateway(net, [t1.id]);
    expect(errorCode(() => gateway(net, [t2.id, t1.id]))).toBe("RouteAlreadyExists");
    // A failed create leaves nothing behind (the transaction rolls back).
    expect(routesOf(net, t2.id).some((r) => r.destination.kind === "prefix-list")).toBe(false);
    const ddb = gateway(net, [t1.id], { serviceName: "com.amazonaws.us-east-1.dynamodb" });
    expect(routesOf(net, t1.id).filter((r) => r.destination.kind === "prefix-list")).toHaveLength(2);
    net.plane.write((ctx) =>
      modifyVpcEndpoint(ctx, {
        vpcEndpointId: first.id,
        addRouteTableIds: [t2.id],
        removeRouteTableIds: [t1.id],
      }),
    );
    expect(endpoint(net, first.id).routeTableIds).toEqual([t2.id]);
    expect(endpoint(net, ddb.id).routeTableIds).toEqual([t1.id]);
    net.plane.write((ctx) =>
      modifyVpcEndpoint(ctx, { vpcEndpointId: first.id, policyDocument: '{"Statement":[]}' }),
    );
    expect(endpoint(net, first.id).policyDocument).toBe('{"Statement":[]}');
    net.plane.write((ctx) => modifyVpcEndpoint(ctx, { vpcEndpointId: first.id, resetPolicy: true }));
    expect(endpoint(net, first.id).policyDocument).toBe(DEFAULT_GATEWAY_POLICY);
  });

  it("answers AWS's errors for wrong types, parameters, policies and tables", () => {
    const net = network();
    const t = table(net);
    const other = network({ plane: net.plane, vpcCidr: "10.1.0.0/16", internetGateway: false });
    const otherTable = table(other);
    const code = (extra: Partial<Parameters<typeof createVpcEndpoint>[1]>) =>
      errorCode(() =>
        net.plane.write((ctx) => createVpcEndpoint(ctx, { vpcId: net.vpc.id, serviceName: S3, ...extra })),
      );
    expect(code({ serviceName: "com.amazonaws.us-east-1.nope" })).toBe("InvalidServiceName");
    expect(code({ serviceName: SSM })).toBe("InvalidParameter");
    expect(code({ subnetIds: [net.subnet.id] })).toBe("InvalidParameter");
    expect(code({ securityGroupIds: ["sg-0123456789abcdef0"] })).toBe("InvalidParameter");
    expect(code({ routeTableIds: ["rtb-0123456789abcdef0"] })).toBe("InvalidRouteTableID.NotFound");
    expect(code({ routeTableIds: [otherTable.id] })).toBe("InvalidParameter");
    expect(code({ routeTableIds: [t.id], policyDocument: '{"Statement": [' })).toBe("InvalidPolicyDocument");
    expect(code({ vpcEndpointType: "Tunnel" })).toBe("InvalidParameterValue");
    expect(code({ vpcId: "vpc-0123456789abcdef0" })).toBe("InvalidVpcID.NotFound");
    expect(
      errorCode(() =>
        net.plane.write((ctx) =>
          createVpcEndpoint(ctx, {
            vpcId: net.vpc.id,
            serviceName: SSM,
            vpcEndpointType: "Interface",
            routeTableIds: [t.id],
          }),
        ),
      ),
    ).toBe("InvalidParameter");
  });

  it("blocks DeleteVpc until deleted (AWS's DependencyViolation)", () => {
    const net = network({ internetGateway: false });
    const { plane } = net;
    plane.write((ctx) => {
      for (const s of [net.subnet.id]) ctx.tx.delete("subnet", ctx.scope, s);
    });
    const created = gateway(net, []);
    expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId: net.vpc.id })))).toBe(
      "DependencyViolation",
    );
    plane.write((ctx) => deleteVpcEndpoints(ctx, { vpcEndpointIds: [created.id] }));
    settle(plane);
    plane.write((ctx) => deleteVpc(ctx, { vpcId: net.vpc.id }));
    expect(plane.read(({ tx, scope }) => tx.get("vpc", scope, net.vpc.id))).toBeUndefined();
  });
});

describe("interface endpoints", () => {
  it("places a requester-managed interface in each subnet, with DNS entries, pending then available", () => {
    const { net, a, b } = dnsNetwork();
    const created = iface(net, [a.id, b.id]);
    expect(created).toMatchObject({
      endpointType: "Interface",
      state: "pending",
      privateDnsEnabled: true,
      subnetIds: [a.id, b.id],
      routeTableIds: [],
      policyDocument: DEFAULT_INTERFACE_POLICY,
      ipAddressType: "ipv4",
      dnsRecordIpType: "ipv4",
    });
    const defaultGroup = net.plane.read(
      ({ tx, scope }) => tx.listBy("securityGroup", scope, "vpcId", net.vpc.id).find((g) => g.isDefault)!,
    );
    expect(created.groups).toEqual([{ groupId: defaultGroup.id, groupName: "default" }]);
    const label = `${created.id}-${created.dnsLabel}`;
    expect(created.dnsLabel).toMatch(/^[a-z]{8}$/);
    expect(created.dnsEntries).toEqual([
      { dnsName: `${label}.ssm.us-east-1.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" },
      { dnsName: `${label}-us-east-1a.ssm.us-east-1.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" },
      { dnsName: `${label}-us-east-1b.ssm.us-east-1.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" },
      { dnsName: "ssm.us-east-1.amazonaws.com", hostedZoneId: expect.stringMatching(/^Z0[0-9A-Z]{18}$/) },
    ]);
    const enis = net.plane.read((ctx) =>
      describeNetworkInterfaces(ctx, { networkInterfaceIds: [...created.networkInterfaceIds] }),
    ).networkInterfaces;
    expect(enis.map((e) => e.subnetId)).toEqual([a.id, b.id]);
    for (const eni of enis) {
      expect(eni).toMatchObject({
        interfaceType: "vpc_endpoint",
        description: `VPC Endpoint Interface ${created.id}`,
        requesterManaged: true,
        requesterId: VPC_ENDPOINT_REQUESTER_ID,
        status: "in-use",
        groupIds: [defaultGroup.id],
      });
      expect(eni.attachment).toBeUndefined();
    }
    expect(enis[0]!.addresses[0]!.address).toBe("10.0.1.4");
    settle(net.plane);
    expect(endpoint(net, created.id).state).toBe("available");
  });

  it("needs both VPC DNS attributes and one endpoint per service for private DNS", () => {
    const net = network({ internetGateway: false });
    expect(errorCode(() => iface(net, [net.subnet.id]))).toBe("InvalidParameter");
    const withoutDns = iface(net, [net.subnet.id], { privateDnsEnabled: false });
    expect(withoutDns.privateDnsEnabled).toBe(false);
    expect(withoutDns.dnsEntries.map((d) => d.dnsName)).not.toContain("ssm.us-east-1.amazonaws.com");
    net.plane.write((ctx) => modifyVpcAttribute(ctx, { vpcId: net.vpc.id, enableDnsHostnames: true }));
    net.plane.write((ctx) =>
      modifyVpcEndpoint(ctx, { vpcEndpointId: withoutDns.id, privateDnsEnabled: true }),
    );
    expect(endpoint(net, withoutDns.id).dnsEntries.at(-1)?.dnsName).toBe("ssm.us-east-1.amazonaws.com");
    expect(errorCode(() => iface(net, []))).toBe("InvalidParameter");
    const s3 = iface(net, [net.subnet.id], { serviceName: S3 });
    expect(s3.privateDnsEnabled).toBe(false);
    expect(s3.dnsEntries[0]!.dnsName).toMatch(
      /^\*\.vpce-[0-9a-f]{17}-[a-z]{8}\.s3\.us-east-1\.vpce\.amazonaws\.com$/,
    );
    expect(errorCode(() => iface(net, [], { serviceName: S3, privateDnsEnabled: true }))).toBe(
      "InvalidParameter",
    );
  });

  it("takes one subnet per zone, groups of its VPC, and counts against the quota", () => {
    const { net, a } = dnsNetwork();
    const sameZone = addSubnet(net, "10.0.3.0/24", "us-east-1a");
    expect(errorCode(() => iface(net, [a.id, sameZone.id], { privateDnsEnabled: false }))).toBe(
      "DuplicateSubnetsInSameZone",
    );
    const other = network({ plane: net.plane, vpcCidr: "10.1.0.0/16", internetGateway: false });
    const foreign = putSecurityGroup(net.plane, other.vpc.id, "foreign");
    expect(
      errorCode(() => iface(net, [a.id], { privateDnsEnabled: false, securityGroupIds: [foreign.id] })),
    ).toBe("InvalidGroup.NotFound");
    expect(errorCode(() => iface(net, [other.subnet.id], { privateDnsEnabled: false }))).toBe(
      "InvalidParameter",
    );
    const limited = testPlane({
      config: { quotas: { ...testPlane().env.config.quotas, interfaceEndpointsPerVpc: 1 } },
    });
    const small = network({ plane: limited, internetGateway: false });
    iface(small, [], { privateDnsEnabled: false });
    expect(errorCode(() => iface(small, [], { privateDnsEnabled: false }))).toBe("VpcEndpointLimitExceeded");
  });

  it("modifies subnets and security groups, keeping the interfaces in step", () => {
    const { net, a, b } = dnsNetwork();
    const c = addSubnet(net, "10.0.3.0/24", "us-east-1a");
    const created = iface(net, [a.id, b.id]);
    settle(net.plane);
    const [eniA, eniB] = created.networkInterfaceIds;
    net.plane.write((ctx) =>
      modifyVpcEndpoint(ctx, { vpcEndpointId: created.id, removeSubnetIds: [a.id], addSubnetIds: [c.id] }),
    );
    const moved = endpoint(net, created.id);
    expect(moved.subnetIds).toEqual([b.id, c.id]);
    expect(eniRecord(net.plane, eniA!)).toBeUndefined();
    expect(moved.networkInterfaceIds[0]).toBe(eniB);
    expect(
      errorCode(() =>
        net.plane.write((ctx) => modifyVpcEndpoint(ctx, { vpcEndpointId: created.id, addSubnetIds: [a.id] })),
      ),
    ).toBe("DuplicateSubnetsInSameZone");
    expect(
      errorCode(() =>
        net.plane.write((ctx) =>
          modifyVpcEndpoint(ctx, { vpcEndpointId: created.id, removeSubnetIds: [a.id] }),
        ),
      ),
    ).toBe("InvalidParameter");
    const app = putSecurityGroup(net.plane, net.vpc.id, "app");
    const defaultGroupId = created.groups[0]!.groupId;
    net.plane.write((ctx) =>
      modifyVpcEndpoint(ctx, {
        vpcEndpointId: created.id,
        addSecurityGroupIds: [app.id],
        removeSecurityGroupIds: [defaultGroupId],
      }),
    );
    expect(endpoint(net, created.id).groups.map((g) => g.groupId)).toEqual([app.id]);
    for (const id of endpoint(net, created.id).networkInterfaceIds) {
      expect(eniRecord(net.plane, id)?.groupIds).toEqual([app.id]);
    }
    expect(
      errorCode(() =>
        net.plane.write((ctx) =>
          modifyVpcEndpoint(ctx, { vpcEndpointId: created.id, removeSecurityGroupIds: [app.id] }),
        ),
      ),
    ).toBe("InvalidParameter");
    expect(
      errorCode(() =>
        net.plane.write((ctx) =>
          modifyVpcEndpoint(ctx, { vpcEndpointId: created.id, addRouteTableIds: ["rtb-0123456789abcdef0"] }),
        ),
      ),
    ).toBe("InvalidParameter");
  });

  it("frees its interfaces when deleted, and reports what it could not delete", () => {
    const { net, a, b } = dnsNetwork();
    const created = iface(net, [a.id, b.id]);
    const free = () =>
      net.plane.read((ctx) => describeSubnets(ctx, { subnetIds: [a.id] })).subnets[0]!
        .availableIpAddressCount;
    expect(free()).toBe(250);
    const { unsuccessful } = net.plane.write((ctx) =>
      deleteVpcEndpoints(ctx, { vpcEndpointIds: [created.id, "vpce-0123456789abcdef0", "vpce-bad"] }),
    );
    expect(unsuccessful).toEqual([
      {
        resourceId: "vpce-0123456789abcdef0",
        code: "InvalidVpcEndpointId.NotFound",
        message: "The Vpc Endpoint Id 'vpce-0123456789abcdef0' does not exist",
      },
      {
        resourceId: "vpce-bad",
        code: "InvalidVpcEndpointId.Malformed",
        message: expect.stringContaining("vpce-bad"),
      },
    ]);
    settle(net.plane);
    expect(endpoint(net, created.id)).toMatchObject({
      state: "deleted",
      networkInterfaceIds: [],
      dnsEntries: [],
    });
    expect(free()).toBe(251);
    const again = net.plane.write((ctx) => deleteVpcEndpoints(ctx, { vpcEndpointIds: [created.id] }));
    expect(again.unsuccessful.map((u) => u.code)).toEqual(["InvalidVpcEndpointId.NotFound"]);
    expect(
      errorCode(() =>
        net.plane.write((ctx) => modifyVpcEndpoint(ctx, { vpcEndpointId: created.id, resetPolicy: true })),
      ),
    ).toBe("InvalidVpcEndpointId.NotFound");
  });

  it("waits for the configured delays before leaving pending and deleting", () => {
    const plane = testPlane({
      config: {
        delays: { ...testPlane().env.config.delays, vpcEndpointPendingMs: 5000, vpcEndpointDeletingMs: 3000 },
      },
    });
    const net = network({ plane, internetGateway: false });
    const created = iface(net, [net.subnet.id], { privateDnsEnabled: false });
    settle(plane, 4999);
    expect(endpoint(net, created.id).state).toBe("pending");
    settle(plane, 1);
    expect(endpoint(net, created.id).state).toBe("available");
    plane.write((ctx) => deleteVpcEndpoints(ctx, { vpcEndpointIds: [created.id] }));
    settle(plane, 2999);
    expect(endpoint(net, created.id).state).toBe("deleting");
    settle(plane, 1);
    expect(endpoint(net, created.id).state).toBe("deleted");
  });
});

describe("DescribeVpcEndpoints", () => {
  it("supports every documented filter and paging, and answers NotFound for unknown ids", () => {
    const { net, a } = dnsNetwork();
    const t = table(net);
    const gw = gateway(net, [t.id]);
    const ssm = iface(net, [a.id], {
      tagSpecifications: [{ resourceType: "vpc-endpoint", tags: [{ key: "team", value: "ops" }] }],
    });
    const ids = (name: string, values: string[]) =>
      net.plane
        .read((ctx) => describeVpcEndpoints(ctx, { filters: [{ name, values }] }))
        .vpcEndpoints.map((e) => e.id);
    expect(ids("vpc-endpoint-type", ["Gateway"])).toEqual([gw.id]);
    expect(ids("vpc-endpoint-state", ["pending"])).toEqual([ssm.id]);
    expect(ids("service-name", [SSM])).toEqual([ssm.id]);
    expect(ids("vpc-id", [net.vpc.id]).sort()).toEqual([gw.id, ssm.id].sort());
    expect(ids("vpc-endpoint-id", [gw.id])).toEqual([gw.id]);
    expect(ids("ip-address-type", ["ipv4"])).toHaveLength(2);
    expect(ids("service-region", ["us-east-1"])).toHaveLength(2);
    expect(ids("tag:team", ["ops"])).toEqual([ssm.id]);
    expect(ids("tag-key", ["team"])).toEqual([ssm.id]);
    expect(
      errorCode(() =>
        net.plane.read((ctx) => describeVpcEndpoints(ctx, { filters: [{ name: "state", values: ["x"] }] })),
      ),
    ).toBe("InvalidParameterValue");
    const page = net.plane.read((ctx) => describeVpcEndpoints(ctx, { maxResults: 1 }));
    expect(page.vpcEndpoints).toHaveLength(1);
    expect(page.nextToken).toBeDefined();
    // AWS answers at most 1,000 items rather than an error for a larger MaxResults.
    expect(
      net.plane.read((ctx) => describeVpcEndpoints(ctx, { maxResults: 5000 })).vpcEndpoints,
    ).toHaveLength(2);
    expect(
      errorCode(() =>
        net.plane.read((ctx) => describeVpcEndpoints(ctx, { vpcEndpointIds: ["vpce-0123456789abcdef0"] })),
      ),
    ).toBe("InvalidVpcEndpointId.NotFound");
  });

  it("shows a route to a vanished endpoint as a blackhole", () => {
    const net = network();
    const t = table(net);
    const gw = gateway(net, [t.id]);
    // An imported account can hold a route whose endpoint is not there.
    net.plane.write(({ tx, scope }) => tx.delete("vpcEndpoint", scope, gw.id));
    expect(routesOf(net, t.id).find((r) => r.destination.kind === "prefix-list")?.state).toBe("blackhole");
  });
});
