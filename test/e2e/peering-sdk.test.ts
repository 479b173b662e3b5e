/**
 * VPC peering driven by the AWS SDK for JavaScript v3 against a real server: two VPCs of one
 * account peered with routes on both sides and a security group rule that references the peer's
 * group; a peering between two accounts (two clients with different 12-digit access keys); one
 * between two Regions; a request between overlapping VPCs that fails; and every error AWS answers
 * around them. The clock is injected so that the 7-day expiry is reached without waiting.
 */
import {
  AcceptVpcPeeringConnectionCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupReferencesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcPeeringConnectionsCommand,
  type EC2Client,
  ModifyVpcAttributeCommand,
  ModifyVpcPeeringConnectionOptionsCommand,
  RejectVpcPeeringConnectionCommand,
  waitUntilVpcPeeringConnectionDeleted,
  waitUntilVpcPeeringConnectionExists,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/model/clock.js";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, ec2Client, sdkErrorCode, startTestServer } from "./support.js";

const PEER_ACCOUNT = "444455556666";
const DAY = 24 * 60 * 60 * 1000;

let server: RunningServer;
let ec2: EC2Client;
let peer: EC2Client;
let west: EC2Client;
const clock = new ManualClock(Date.UTC(2026, 3, 1));

beforeAll(async () => {
  server = await startTestServer({
    clock,
    quotas: {
      vpcsPerRegion: 20,
      outstandingVpcPeeringConnectionsPerVpc: 2,
      activeVpcPeeringConnectionsPerVpc: 2,
    },
  });
  ec2 = ec2Client(server.endpoint);
  peer = ec2Client(server.endpoint, { accessKeyId: PEER_ACCOUNT });
  west = ec2Client(server.endpoint, { region: "us-west-2" });
});
afterAll(async () => {
  for (const client of [ec2, peer, west]) client.destroy();
  await server.close();
});

async function vpc(client: EC2Client, cidr: string): Promise<string> {
  const { Vpc } = await client.send(new CreateVpcCommand({ CidrBlock: cidr }));
  return Vpc!.VpcId!;
}

async function connection(client: EC2Client, id: string) {
  const { VpcPeeringConnections } = await client.send(
    new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }),
  );
  return VpcPeeringConnections![0]!;
}

async function mainRouteTable(client: EC2Client, vpcId: string): Promise<string> {
  const { RouteTables } = await client.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }),
  );
  return RouteTables![0]!.RouteTableId!;
}

async function routeState(client: EC2Client, tableId: string, pcxId: string) {
  const { RouteTables } = await client.send(new DescribeRouteTablesCommand({ RouteTableIds: [tableId] }));
  return RouteTables![0]!.Routes!.find((r) => r.VpcPeeringConnectionId === pcxId)?.State;
}

async function group(client: EC2Client, vpcId: string, name: string): Promise<string> {
  const { GroupId } = await client.send(
    new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: name }),
  );
  return GroupId!;
}

function allowPostgresFrom(client: EC2Client, groupId: string, pair: { GroupId: string; UserId?: string }) {
  return client.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [pair] }],
    }),
  );
}

describe("VPC peering within one account, through the SDK", () => {
  const ids: Record<string, string> = {};

  it("requests a connection: initiating-request, the accepter's blocks hidden, tags kept", async () => {
    ids.app = await vpc(ec2, "10.0.0.0/16");
    ids.data = await vpc(ec2, "10.1.0.0/16");
    const { VpcPeeringConnection: pcx } = await ec2.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: ids.app,
        PeerVpcId: ids.data,
        TagSpecifications: [
          { ResourceType: "vpc-peering-connection", Tags: [{ Key: "Name", Value: "app-data" }] },
        ],
      }),
    );
    ids.pcx = pcx!.VpcPeeringConnectionId!;
    expect(ids.pcx).toMatch(/^pcx-[0-9a-f]{17}$/);
    expect(pcx).toEqual({
      VpcPeeringConnectionId: ids.pcx,
      Status: { Code: "initiating-request", Message: `Initiating Request to ${ACCOUNT}` },
      ExpirationTime: new Date(clock.now().getTime() + 7 * DAY),
      RequesterVpcInfo: {
        CidrBlock: "10.0.0.0/16",
        CidrBlockSet: [{ CidrBlock: "10.0.0.0/16" }],
        OwnerId: ACCOUNT,
        PeeringOptions: {
          AllowDnsResolutionFromRemoteVpc: false,
          AllowEgressFromLocalClassicLinkToRemoteVpc: false,
          AllowEgressFromLocalVpcToRemoteClassicLink: false,
        },
        VpcId: ids.app,
        Region: "us-east-1",
      },
      AccepterVpcInfo: { OwnerId: ACCOUNT, VpcId: ids.data, Region: "us-east-1" },
      Tags: [{ Key: "Name", Value: "app-data" }],
    });
    await waitUntilVpcPeeringConnectionExists(
      { client: ec2, maxWaitTime: 10, minDelay: 1 },
      { VpcPeeringConnectionIds: [ids.pcx] },
    );
    expect((await connection(ec2, ids.pcx)).Status).toEqual({
      Code: "pending-acceptance",
      Message: `Pending Acceptance by ${ACCOUNT}`,
    });
    const same = await ec2.send(
      new CreateVpcPeeringConnectionCommand({ VpcId: ids.app, PeerVpcId: ids.data }),
    );
    expect(same.VpcPeeringConnection!.VpcPeeringConnectionId).toBe(ids.pcx);
  });

  it("routes to it from both sides: blackhole until accepted, active after", async () => {
    ids.appTable = await mainRouteTable(ec2, ids.app!);
    ids.dataTable = await mainRouteTable(ec2, ids.data!);
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: ids.appTable,
        DestinationCidrBlock: "10.1.0.0/16",
        VpcPeeringConnectionId: ids.pcx,
      }),
    );
    expect(await routeState(ec2, ids.appTable, ids.pcx!)).toBe("blackhole");
    const { VpcPeeringConnection: accepted } = await ec2.send(
      new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx }),
    );
    expect(accepted!.Status).toEqual({ Code: "provisioning", Message: "Provisioning" });
    expect(accepted!.ExpirationTime).toBeUndefined();
    expect(accepted!.AccepterVpcInfo).toMatchObject({
      CidrBlock: "10.1.0.0/16",
      CidrBlockSet: [{ CidrBlock: "10.1.0.0/16" }],
      PeeringOptions: { AllowDnsResolutionFromRemoteVpc: false },
    });
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: ids.dataTable,
        DestinationCidrBlock: "10.0.0.0/16",
        VpcPeeringConnectionId: ids.pcx,
      }),
    );
    expect((await connection(ec2, ids.pcx!)).Status).toEqual({ Code: "active", Message: "Active" });
    expect(await routeState(ec2, ids.appTable, ids.pcx!)).toBe("active");
    expect(await routeState(ec2, ids.dataTable, ids.pcx!)).toBe("active");
    const { RouteTables } = await ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [{ Name: "route.vpc-peering-connection-id", Values: [ids.pcx!] }],
      }),
    );
    expect(RouteTables!.map((t) => t.RouteTableId).sort()).toEqual([ids.appTable, ids.dataTable].sort());
  });

  it("lets a security group reference the peer VPC's group, described with PeeringStatus", async () => {
    ids.web = await group(ec2, ids.app!, "web");
    ids.db = await group(ec2, ids.data!, "db");
    await allowPostgresFrom(ec2, ids.db, { GroupId: ids.web });
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [ids.db] }));
    expect(SecurityGroups![0]!.IpPermissions![0]!.UserIdGroupPairs).toEqual([
      {
        GroupId: ids.web,
        UserId: ACCOUNT,
        VpcId: ids.app,
        VpcPeeringConnectionId: ids.pcx,
        PeeringStatus: "active",
      },
    ]);
    const { SecurityGroupReferenceSet } = await ec2.send(
      new DescribeSecurityGroupReferencesCommand({ GroupId: [ids.web] }),
    );
    expect(SecurityGroupReferenceSet).toEqual([
      { GroupId: ids.web, ReferencingVpcId: ids.data, VpcPeeringConnectionId: ids.pcx },
    ]);
  });

  it("modifies DNS resolution once both VPCs resolve DNS hostnames", async () => {
    const modify = () =>
      ec2.send(
        new ModifyVpcPeeringConnectionOptionsCommand({
          VpcPeeringConnectionId: ids.pcx,
          RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
          AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
        }),
      );
    expect(await sdkErrorCode(modify())).toBe("InvalidVpcPeeringConnectionState.DnsHostnamesDisabled");
    for (const vpcId of [ids.app, ids.data]) {
      await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    }
    const modified = await modify();
    expect(modified.RequesterPeeringConnectionOptions?.AllowDnsResolutionFromRemoteVpc).toBe(true);
    expect(modified.AccepterPeeringConnectionOptions?.AllowDnsResolutionFromRemoteVpc).toBe(true);
    const described = await connection(ec2, ids.pcx!);
    expect(described.RequesterVpcInfo!.PeeringOptions!.AllowDnsResolutionFromRemoteVpc).toBe(true);
    expect(described.AccepterVpcInfo!.PeeringOptions!.AllowDnsResolutionFromRemoteVpc).toBe(true);
  });

  it("keeps the VPCs until the connection is deleted; then routes are blackholes and rules stale", async () => {
    expect(await sdkErrorCode(ec2.send(new DeleteVpcCommand({ VpcId: ids.app })))).toBe(
      "DependencyViolation",
    );
    const deleted = await ec2.send(
      new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx }),
    );
    expect(deleted.Return).toBe(true);
    await waitUntilVpcPeeringConnectionDeleted(
      { client: ec2, maxWaitTime: 10, minDelay: 1 },
      { VpcPeeringConnectionIds: [ids.pcx!] },
    );
    expect((await connection(ec2, ids.pcx!)).Status).toEqual({
      Code: "deleted",
      Message: `Deleted by ${ACCOUNT}`,
    });
    expect(await routeState(ec2, ids.appTable!, ids.pcx!)).toBe("blackhole");
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [ids.db!] }));
    expect(SecurityGroups![0]!.IpPermissions![0]!.UserIdGroupPairs![0]!.PeeringStatus).toBe("deleted");
    expect(
      await sdkErrorCode(
        ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx })),
      ),
    ).toBe("InvalidStateTransition");
  });
});

describe("VPC peering between two accounts", () => {
  const ids: Record<string, string> = {};

  it("is requested by one account and seen by the other, each with its own tags", async () => {
    ids.mine = await vpc(ec2, "10.20.0.0/16");
    ids.theirs = await vpc(peer, "10.30.0.0/16");
    const { VpcPeeringConnection: pcx } = await ec2.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: ids.mine,
        PeerVpcId: ids.theirs,
        PeerOwnerId: PEER_ACCOUNT,
      }),
    );
    ids.pcx = pcx!.VpcPeeringConnectionId!;
    const seen = await connection(peer, ids.pcx);
    expect(seen).toMatchObject({
      Status: { Code: "pending-acceptance", Message: `Pending Acceptance by ${PEER_ACCOUNT}` },
      RequesterVpcInfo: { OwnerId: ACCOUNT, VpcId: ids.mine, CidrBlock: "10.20.0.0/16" },
      AccepterVpcInfo: { OwnerId: PEER_ACCOUNT, VpcId: ids.theirs, Region: "us-east-1" },
      Tags: [],
    });
    expect(seen.AccepterVpcInfo!.CidrBlock).toBeUndefined();
    await peer.send(
      new CreateTagsCommand({ Resources: [ids.pcx], Tags: [{ Key: "Name", Value: "from-partner" }] }),
    );
    expect((await connection(peer, ids.pcx)).Tags).toEqual([{ Key: "Name", Value: "from-partner" }]);
    expect((await connection(ec2, ids.pcx)).Tags).toEqual([]);
  });

  it("is accepted by the accepter's account only", async () => {
    const error = ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx }));
    await expect(error).rejects.toThrow(`User ${ACCOUNT} cannot accept peering ${ids.pcx}`);
    expect(
      await sdkErrorCode(
        ec2.send(new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx })),
      ),
    ).toBe("OperationNotPermitted");
    expect(
      await sdkErrorCode(
        peer.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx })),
      ),
    ).toBe("OperationNotPermitted");
    expect(
      await sdkErrorCode(
        ec2.send(
          new ModifyVpcPeeringConnectionOptionsCommand({
            VpcPeeringConnectionId: ids.pcx,
            RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: false },
          }),
        ),
      ),
    ).toBe("OperationNotPermitted");
    await peer.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx }));
    expect((await connection(ec2, ids.pcx!)).Status!.Code).toBe("active");
    expect((await connection(peer, ids.pcx!)).AccepterVpcInfo!.CidrBlock).toBe("10.30.0.0/16");
    const modifyTheirs = ec2.send(
      new ModifyVpcPeeringConnectionOptionsCommand({
        VpcPeeringConnectionId: ids.pcx,
        AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: false },
      }),
    );
    await expect(modifyTheirs).rejects.toThrow(
      `User ${ACCOUNT} does not have permission to modify the accepter side peering options`,
    );
  });

  it("carries a rule that names the other account's group by UserId and GroupId", async () => {
    const web = await group(ec2, ids.mine!, "web");
    const db = await group(peer, ids.theirs!, "db");
    await allowPostgresFrom(peer, db, { GroupId: web, UserId: ACCOUNT });
    const { SecurityGroups } = await peer.send(new DescribeSecurityGroupsCommand({ GroupIds: [db] }));
    expect(SecurityGroups![0]!.IpPermissions![0]!.UserIdGroupPairs).toEqual([
      {
        GroupId: web,
        UserId: ACCOUNT,
        VpcId: ids.mine,
        VpcPeeringConnectionId: ids.pcx,
        PeeringStatus: "active",
      },
    ]);
    const { SecurityGroupReferenceSet } = await ec2.send(
      new DescribeSecurityGroupReferencesCommand({ GroupId: [web] }),
    );
    expect(SecurityGroupReferenceSet).toEqual([
      { GroupId: web, ReferencingVpcId: ids.theirs, VpcPeeringConnectionId: ids.pcx },
    ]);
  });

  it("is rejected by the accepter, and the rejection is visible to the requester", async () => {
    const other = await vpc(peer, "10.31.0.0/16");
    const { VpcPeeringConnection: pcx } = await ec2.send(
      new CreateVpcPeeringConnectionCommand({ VpcId: ids.mine, PeerVpcId: other, PeerOwnerId: PEER_ACCOUNT }),
    );
    const id = pcx!.VpcPeeringConnectionId!;
    const rejected = await peer.send(new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    expect(rejected.Return).toBe(true);
    expect((await connection(ec2, id)).Status).toEqual({
      Code: "rejected",
      Message: `Rejected by ${PEER_ACCOUNT}`,
    });
    expect(
      await sdkErrorCode(peer.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }))),
    ).toBe("InvalidStateTransition");
  });
});

describe("VPC peering between two Regions", () => {
  const ids: Record<string, string> = {};

  it("is accepted in the accepter's Region and goes through deleting when deleted", async () => {
    ids.east = await vpc(ec2, "10.40.0.0/16");
    ids.west = await vpc(west, "10.50.0.0/16");
    const { VpcPeeringConnection: pcx } = await ec2.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: ids.east,
        PeerVpcId: ids.west,
        PeerRegion: "us-west-2",
      }),
    );
    ids.pcx = pcx!.VpcPeeringConnectionId!;
    expect(pcx!.AccepterVpcInfo!.Region).toBe("us-west-2");
    const wrongRegion = ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx }));
    await expect(wrongRegion).rejects.toThrow(
      `Incorrect region (us-east-1) specified for this request. VPC peering connection ${ids.pcx} must be accepted in region us-west-2`,
    );
    await west.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx }));
    expect((await connection(ec2, ids.pcx)).Status!.Code).toBe("active");
    expect((await connection(west, ids.pcx)).RequesterVpcInfo).toMatchObject({
      Region: "us-east-1",
      CidrBlock: "10.40.0.0/16",
    });
    // No security group references across Regions.
    const eastGroup = await group(ec2, ids.east, "east");
    const westGroup = await group(west, ids.west, "west");
    expect(await sdkErrorCode(allowPostgresFrom(ec2, eastGroup, { GroupId: westGroup }))).toBe(
      "InvalidGroup.NotFound",
    );
    await west.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ids.pcx }));
    // The deletion took effect before this request (default delay 0), so the waiter succeeds at once.
    await waitUntilVpcPeeringConnectionDeleted(
      { client: ec2, maxWaitTime: 10, minDelay: 1 },
      { VpcPeeringConnectionIds: [ids.pcx] },
    );
  });
});

describe("requests that fail, and AWS's errors", () => {
  it("fails a request between overlapping VPCs", async () => {
    const a = await vpc(ec2, "10.60.0.0/16");
    const b = await vpc(ec2, "10.60.128.0/17");
    const { VpcPeeringConnection: pcx } = await ec2.send(
      new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b }),
    );
    const id = pcx!.VpcPeeringConnectionId!;
    expect((await connection(ec2, id)).Status).toEqual({
      Code: "failed",
      Message: "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range",
    });
    const { VpcPeeringConnections } = await ec2.send(
      new DescribeVpcPeeringConnectionsCommand({ Filters: [{ Name: "status-code", Values: ["failed"] }] }),
    );
    expect(VpcPeeringConnections!.map((c) => c.VpcPeeringConnectionId)).toEqual([id]);
    expect(
      await sdkErrorCode(ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }))),
    ).toBe("InvalidStateTransition");
    expect(
      await sdkErrorCode(ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }))),
    ).toBe("InvalidStateTransition");
  });

  it("answers malformed and unknown ids, missing parameters, DryRun", async () => {
    const accept = (id: string) =>
      ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    expect(await sdkErrorCode(accept("pcx-12"))).toBe("InvalidVpcPeeringConnectionId.Malformed");
    expect(await sdkErrorCode(accept("pcx-0123456789abcdef0"))).toBe(
      "InvalidVpcPeeringConnectionID.NotFound",
    );
    const a = await vpc(ec2, "10.70.0.0/16");
    expect(await sdkErrorCode(ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a })))).toBe(
      "MissingParameter",
    );
    expect(
      await sdkErrorCode(
        ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: "vpc-0123456789abcdef0", PeerVpcId: a })),
      ),
    ).toBe("InvalidVpcID.NotFound");
    expect(
      await sdkErrorCode(
        ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: a, DryRun: true })),
      ),
    ).toBe("DryRunOperation");
    expect(await sdkErrorCode(ec2.send(new DescribeVpcPeeringConnectionsCommand({ MaxResults: 1001 })))).toBe(
      "InvalidParameterValue",
    );
  });

  it("refuses a second connection between the same VPCs, and the quotas", async () => {
    const a = await vpc(ec2, "10.80.0.0/16");
    const b = await vpc(ec2, "10.81.0.0/16");
    const c = await vpc(ec2, "10.82.0.0/16");
    const d = await vpc(ec2, "10.83.0.0/16");
    const create = (VpcId: string, PeerVpcId: string) =>
      ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId, PeerVpcId }));
    const ab = (await create(a, b)).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ab }));
    const ba = (await create(b, a)).VpcPeeringConnection!.VpcPeeringConnectionId!;
    const reverse = ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ba }));
    await expect(reverse).rejects.toThrow(`The vpc peering connection identified by ${ba} already exists.`);
    expect(
      await sdkErrorCode(ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ba }))),
    ).toBe("VpcPeeringConnectionAlreadyExists");
    // Two outstanding requests per VPC here (the server's quota): b has one (to a), a second, then no more.
    await create(b, c);
    expect(await sdkErrorCode(create(b, d))).toBe("OutstandingVpcPeeringConnectionLimitExceeded");
    // Two active connections per VPC: a–b, a–c, then a–d cannot be accepted.
    const ac = (await create(a, c)).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ac }));
    const ad = (await create(a, d)).VpcPeeringConnection!.VpcPeeringConnectionId!;
    expect(
      await sdkErrorCode(ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ad }))),
    ).toBe("ActiveVpcPeeringConnectionPerVpcLimitExceeded");
    const notActive = ec2.send(
      new ModifyVpcPeeringConnectionOptionsCommand({
        VpcPeeringConnectionId: ad,
        RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
      }),
    );
    await expect(notActive).rejects.toThrow(
      `Peering ${ad} is not active. Peering options can be added only to active peerings.`,
    );
  });

  it("expires unanswered requests after 7 days", async () => {
    const a = await vpc(ec2, "10.90.0.0/16");
    const b = await vpc(peer, "10.91.0.0/16");
    const { VpcPeeringConnection: pcx } = await ec2.send(
      new CreateVpcPeeringConnectionCommand({ VpcId: a, PeerVpcId: b, PeerOwnerId: PEER_ACCOUNT }),
    );
    const id = pcx!.VpcPeeringConnectionId!;
    clock.advance(7 * DAY);
    expect((await connection(peer, id)).Status).toEqual({ Code: "expired", Message: "Expired" });
    expect(
      await sdkErrorCode(peer.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }))),
    ).toBe("InvalidStateTransition");
    clock.advance(2 * DAY);
    expect(
      await sdkErrorCode(
        ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] })),
      ),
    ).toBe("InvalidVpcPeeringConnectionID.NotFound");
  });
});
