import { describe, expect, it } from "vitest";
import { DEFAULT_DELAYS, DEFAULT_QUOTAS } from "./context.js";
import { settle } from "./network-test-support.js";
import {
  acceptVpcPeeringConnection,
  createVpcPeeringConnection,
  deleteVpcPeeringConnection,
  describeVpcPeeringConnections,
  modifyVpcPeeringConnectionOptions,
  rejectVpcPeeringConnection,
} from "./peering.js";
import { createRoute, createRouteTable, describeRouteTables } from "./route-tables.js";
import {
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroupReferences,
  describeSecurityGroupRules,
  describeSecurityGroups,
  revokeSecurityGroupIngress,
} from "./security-groups.js";
import { createTags } from "./tags.js";
import { errorCode, TEST_ACCOUNT, type TestPlane, testPlane } from "./test-support.js";
import { associateVpcCidrBlock, createVpc, deleteVpc, modifyVpcAttribute } from "./vpcs.js";

const PEER_ACCOUNT = "444455556666";
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function vpcIn(plane: TestPlane, cidrBlock: string) {
  return plane.write((ctx) => createVpc(ctx, { cidrBlock })).vpc;
}

function request(plane: TestPlane, input: Parameters<typeof createVpcPeeringConnection>[1]) {
  return plane.write((ctx) => createVpcPeeringConnection(ctx, input)).vpcPeeringConnection;
}

function describeOne(plane: TestPlane, id: string) {
  return plane.read((ctx) => describeVpcPeeringConnections(ctx, { vpcPeeringConnectionIds: [id] }))
    .vpcPeeringConnections[0]!;
}

function accept(plane: TestPlane, id: string) {
  return plane.write((ctx) => acceptVpcPeeringConnection(ctx, { vpcPeeringConnectionId: id }))
    .vpcPeeringConnection;
}

/** Every copy of a connection in the store, whatever its scope. */
function copies(plane: TestPlane, id: string) {
  return plane.read(({ tx }) =>
    tx
      .listAll("vpcPeeringConnection")
      .filter((entry) => entry.record.id === id)
      .map((entry) => entry.scope),
  );
}

/** Two VPCs of one account and Region, peered and active. */
function activePair(plane = testPlane()) {
  const a = vpcIn(plane, "10.0.0.0/16");
  const b = vpcIn(plane, "10.1.0.0/16");
  const pcx = request(plane, { vpcId: a.id, peerVpcId: b.id });
  settle(plane);
  accept(plane, pcx.id);
  settle(plane);
  return { plane, a, b, pcxId: pcx.id };
}

describe("CreateVpcPeeringConnection and AcceptVpcPeeringConnection in one account and Region", () => {
  it("goes initiating-request → pending-acceptance → provisioning → active, in one copy", () => {
    const plane = testPlane();
    const a = vpcIn(plane, "10.0.0.0/16");
    const b = vpcIn(plane, "10.1.0.0/16");
    const created = request(plane, {
      vpcId: a.id,
      peerVpcId: b.id,
      tagSpecifications: [{ resourceType: "vpc-peering-connection", tags: [{ key: "Name", value: "a-b" }] }],
    });
    expect(created.id).toMatch(/^pcx-[0-9a-f]{17}$/);
    expect(created).toEqual({
      id: created.id,
      tags: [{ key: "Name", value: "a-b" }],
      status: "initiating-request",
      statusMessage: `Initiating Request to ${TEST_ACCOUNT}`,
      expirationTime: new Date(plane.clock.now().getTime() + 7 * DAY),
      requester: {
        vpcId: a.id,
        ownerId: TEST_ACCOUNT,
        region: "us-east-1",
        cidrBlocks: ["10.0.0.0/16"],
        ipv6CidrBlocks: [],
        options: {
          allowDnsResolutionFromRemoteVpc: false,
          allowEgressFromLocalClassicLinkToRemoteVpc: false,
          allowEgressFromLocalVpcToRemoteClassicLink: false,
        },
      },
      // Until accepted, AWS shows only the accepter's ids.
      accepter: { vpcId: b.id, ownerId: TEST_ACCOUNT, region: "us-east-1" },
    });
    expect(settle(plane)).toBe(1);
    expect(describeOne(plane, created.id)).toMatchObject({
      status: "pending-acceptance",
      statusMessage: `Pending Acceptance by ${TEST_ACCOUNT}`,
    });
    const accepted = accept(plane, created.id);
    expect(accepted).toMatchObject({ status: "provisioning", statusMessage: "Provisioning" });
    expect(accepted.expirationTime).toBeUndefined();
    expect(accepted.accepter).toMatchObject({ cidrBlocks: ["10.1.0.0/16"], ipv6CidrBlocks: [] });
    settle(plane);
    expect(describeOne(plane, created.id)).toMatchObject({ status: "active", statusMessage: "Active" });
    expect(copies(plane, created.id)).toEqual([{ account: TEST_ACCOUNT, region: "us-east-1" }]);
  });

  it("shows each side's current blocks", () => {
    const { plane, b, pcxId } = activePair();
    plane.write((ctx) => associateVpcCidrBlock(ctx, { vpcId: b.id, cidrBlock: "10.2.0.0/16" }));
    expect(describeOne(plane, pcxId).accepter.cidrBlocks).toEqual(["10.1.0.0/16", "10.2.0.0/16"]);
  });

  it("answers the same request again with the connection that exists", () => {
    const plane = testPlane();
    const a = vpcIn(plane, "10.0.0.0/16");
    const b = vpcIn(plane, "10.1.0.0/16");
    const first = request(plane, { vpcId: a.id, peerVpcId: b.id });
    settle(plane);
    expect(request(plane, { vpcId: a.id, peerVpcId: b.id }).id).toBe(first.id);
    expect(plane.read(({ tx, scope }) => tx.count("vpcPeeringConnection", scope))).toBe(1);
  });

  it("creates a request the other way round, which cannot be accepted while the first is active", () => {
    const { plane, a, b, pcxId } = activePair();
    const reverse = request(plane, { vpcId: b.id, peerVpcId: a.id });
    expect(reverse.id).not.toBe(pcxId);
    settle(plane);
    expect(errorCode(() => accept(plane, reverse.id))).toBe("VpcPeeringConnectionAlreadyExists");
    expect(() => accept(plane, reverse.id)).toThrow(
      `The vpc peering connection identified by ${reverse.id} already exists.`,
    );
  });

  it("validates the request", () => {
    const plane = testPlane();
    const a = vpcIn(plane, "10.0.0.0/16");
    expect(errorCode(() => request(plane, { peerVpcId: a.id }))).toBe("MissingParameter");
    expect(errorCode(() => request(plane, { vpcId: a.id }))).toBe("MissingParameter");
    expect(errorCode(() => request(plane, { vpcId: "vpc-0123456789abcdef0", peerVpcId: a.id }))).toBe(
      "InvalidVpcID.NotFound",
    );
    expect(errorCode(() => request(plane, { vpcId: a.id, peerVpcId: "vpc-x" }))).toBe(
      "InvalidVpcID.Malformed",
    );
    expect(errorCode(() => request(plane, { vpcId: a.id, peerVpcId: a.id, peerRegion: "mars-1" }))).toBe(
      "InvalidParameterValue",
    );
    expect(
      errorCode(() =>
        request(plane, {
          vpcId: a.id,
          peerVpcId: a.id,
          tagSpecifications: [{ resourceType: "vpc", tags: [{ key: "k", value: "v" }] }],
        }),
      ),
    ).toBe("InvalidParameterValue");
  });
});

describe("requests that fail", () => {
  it("fails a request between VPCs whose IPv4 blocks overlap, visible to the requester for 2 hours", () => {
    const plane = testPlane();
    const a = vpcIn(plane, "10.0.0.0/16");
    const b = vpcIn(plane, "10.0.128.0/17");
    const created = request(plane, { vpcId: a.id, peerVpcId: b.id });
    expect(created.status).toBe("initiating-request");
    settle(plane);
    expect(describeOne(plane, created.id)).toMatchObject({
      status: "failed",
      statusMessage: "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range",
    });
    expect(describeOne(plane, created.id).expirationTime).toBeUndefined();
    expect(errorCode(() => accept(plane, created.id))).toBe("InvalidStateTransition");
    expect(
      errorCode(() =>
        plane.write((ctx) => deleteVpcPeeringConnection(ctx, { vpcPeeringConnectionId: created.id })),
      ),
    ).toBe("InvalidStateTransition");
    settle(plane, 2 * HOUR - 1);
    expect(describeOne(plane, created.id).status).toBe("failed");
    settle(plane, 1);
    expect(
      errorCode(() =>
        plane.read((ctx) => describeVpcPeeringConnections(ctx, { vpcPeeringConnectionIds: [created.id] })),
      ),
    ).toBe("InvalidVpcPeeringConnectionID.NotFound");
  });

  it("answers InvalidVpcID.NotFound at once for a peer VPC missing from the caller's own account and Region", () => {
    // terraform-provider-aws#35485: without PeerOwnerId, another account's VPC is looked up locally.
    const plane = testPlane();
    const peer = plane.as({ account: PEER_ACCOUNT });
    const a = vpcIn(plane, "10.0.0.0/16");
    const b = vpcIn(peer, "10.1.0.0/16");
    expect(errorCode(() => request(plane, { vpcId: a.id, peerVpcId: b.id }))).toBe("InvalidVpcID.NotFound");
    expect(
      errorCode(() =>
        request(plane, { vpcId: a.id, peerVpcId: "vpc-0123456789abcdef0", peerOwnerId: TEST_ACCOUNT }),
      ),
    ).toBe("InvalidVpcID.NotFound");
    expect(plane.read((ctx) => describeVpcPeeringConnections(ctx, {})).vpcPeeringConnections).toEqual([]);
    // Another Region of the same account is checked asynchronously: the request fails.
    const otherRegion = request(plane, {
      vpcId: a.id,
      peerVpcId: "vpc-0123456789abcdef0",
      peerRegion: "eu-west-1",
    });
    settle(plane);
    expect(describeOne(plane, otherRegion.id).status).toBe("failed");
  });

  it("fails when the peer VPC is not in the named account, or the account id is not one", () => {
    const plane = testPlane();
    const peer = plane.as({ account: PEER_ACCOUNT });
    const a = vpcIn(plane, "10.0.0.0/16");
    const b = vpcIn(peer, "10.1.0.0/16");
    const wrongAccount = request(plane, { vpcId: a.id, peerVpcId: b.id, peerOwnerId: "999988887777" });
    const badAccount = request(plane, { vpcId: a.id, peerVpcId: b.id, peerOwnerId: "peer" });
    const unknownVpc = request(plane, {
      vpcId: a.id,
      peerVpcId: "vpc-0123456789abcdef0",
      peerOwnerId: PEER_ACCOUNT,
    });
    settle(plane);
    for (const id of [wrongAccount.id, badAccount.id, unknownVpc.id]) {
      expect(describeOne(plane, id).status).toBe("failed");
      // Only the requester sees a failed request.
      expect(copies(plane, id)).toEqual([{ account: TEST_ACCOUNT, region: "us-east-1" }]);
    }
  });
});

describe("a connection between two accounts", () => {
  function crossAccount() {
    const plane = testPlane();
    const peer = plane.as({ account: PEER_ACCOUNT });
    const a = vpcIn(plane, "10.0.0.0/16");
    const b = vpcIn(peer, "10.1.0.0/16");
    const created = request(plane, {
      vpcId: a.id,
      peerVpcId: b.id,
      peerOwnerId: PEER_ACCOUNT,
      tagSpecifications: [
        { resourceType: "vpc-peering-connection", tags: [{ key: "side", value: "requester" }] },
      ],
    });
    return { plane, peer, a, b, id: created.id };
  }

  it("reaches the accepter's scope once pending, with a copy in each scope and each side's own tags", () => {
    const { plane, peer, a, b, id } = crossAccount();
    expect(errorCode(() => describeOne(peer, id))).toBe("InvalidVpcPeeringConnectionID.NotFound");
    settle(plane);
    const seenByPeer = describeOne(peer, id);
    expect(seenByPeer).toMatchObject({
      status: "pending-acceptance",
      statusMessage: `Pending Acceptance by ${PEER_ACCOUNT}`,
      tags: [],
      requester: { vpcId: a.id, ownerId: TEST_ACCOUNT, cidrBlocks: ["10.0.0.0/16"] },
      accepter: { vpcId: b.id, ownerId: PEER_ACCOUNT, region: "us-east-1" },
    });
    expect(seenByPeer.accepter.cidrBlocks).toBeUndefined();
    expect(describeOne(plane, id).tags).toEqual([{ key: "side", value: "requester" }]);
    expect(copies(plane, id)).toEqual([
      { account: TEST_ACCOUNT, region: "us-east-1" },
      { account: PEER_ACCOUNT, region: "us-east-1" },
    ]);
    peer.write((ctx) => createTags(ctx, { resources: [id], tags: [{ key: "side", value: "accepter" }] }));
    expect(describeOne(peer, id).tags).toEqual([{ key: "side", value: "accepter" }]);
    expect(describeOne(plane, id).tags).toEqual([{ key: "side", value: "requester" }]);
  });

  it("is accepted by the accepter's account only, and then active on both sides", () => {
    const { plane, peer, id } = crossAccount();
    settle(plane);
    expect(errorCode(() => accept(plane, id))).toBe("OperationNotPermitted");
    expect(() => accept(plane, id)).toThrow(`User ${TEST_ACCOUNT} cannot accept peering ${id}`);
    expect(
      errorCode(() => plane.write((ctx) => rejectVpcPeeringConnection(ctx, { vpcPeeringConnectionId: id }))),
    ).toBe("OperationNotPermitted");
    // The accepter cannot delete a request it has not answered; it rejects it.
    expect(
      errorCode(() => peer.write((ctx) => deleteVpcPeeringConnection(ctx, { vpcPeeringConnectionId: id }))),
    ).toBe("OperationNotPermitted");
    accept(peer, id);
    settle(plane);
    expect(describeOne(plane, id)).toMatchObject({
      status: "active",
      accepter: { cidrBlocks: ["10.1.0.0/16"] },
    });
    expect(describeOne(peer, id).status).toBe("active");
    expect(errorCode(() => accept(peer, id))).toBe("InvalidStateTransition");
    expect(() => accept(peer, id)).toThrow(
      `Invalid state transition for ${id}, attempted to transition from active to provisioning`,
    );
  });

  it("lets each owner modify its own side's options only", () => {
    const { plane, peer, a, b, id } = crossAccount();
    settle(plane);
    const modify = (p: TestPlane, side: "requester" | "accepter", value: boolean) =>
      p.write((ctx) =>
        modifyVpcPeeringConnectionOptions(ctx, {
          vpcPeeringConnectionId: id,
          [`${side}PeeringConnectionOptions`]: { allowDnsResolutionFromRemoteVpc: value },
        }),
      );
    expect(errorCode(() => modify(plane, "requester", true))).toBe("OperationNotPermitted");
    expect(() => modify(plane, "requester", true)).toThrow(
      `Peering ${id} is not active. Peering options can be added only to active peerings.`,
    );
    accept(peer, id);
    settle(plane);
    expect(() => modify(plane, "accepter", false)).toThrow(
      `User ${TEST_ACCOUNT} does not have permission to modify the accepter side peering options`,
    );
    expect(errorCode(() => modify(peer, "requester", false))).toBe("OperationNotPermitted");
    // DNS resolution needs DNS hostnames and resolution in both VPCs.
    expect(errorCode(() => modify(plane, "requester", true))).toBe(
      "InvalidVpcPeeringConnectionState.DnsHostnamesDisabled",
    );
    plane.write((ctx) => modifyVpcAttribute(ctx, { vpcId: a.id, enableDnsHostnames: true }));
    peer.write((ctx) => modifyVpcAttribute(ctx, { vpcId: b.id, enableDnsHostnames: true }));
    expect(modify(plane, "requester", true)).toEqual({
      requesterPeeringConnectionOptions: { allowDnsResolutionFromRemoteVpc: true },
    });
    expect(modify(peer, "accepter", true)).toEqual({
      accepterPeeringConnectionOptions: { allowDnsResolutionFromRemoteVpc: true },
    });
    for (const p of [plane, peer]) {
      const view = describeOne(p, id);
      expect(view.requester.options?.allowDnsResolutionFromRemoteVpc).toBe(true);
      expect(view.accepter.options?.allowDnsResolutionFromRemoteVpc).toBe(true);
    }
    expect(
      errorCode(() =>
        peer.write((ctx) =>
          modifyVpcPeeringConnectionOptions(ctx, {
            vpcPeeringConnectionId: id,
            accepterPeeringConnectionOptions: { allowEgressFromLocalVpcToRemoteClassicLink: true },
          }),
        ),
      ),
    ).toBe("UnsupportedOperation");
  });

  it("rejects: visible to the requester for 2 days and to the accepter for 2 hours", () => {
    const { plane, peer, id } = crossAccount();
    settle(plane);
    peer.write((ctx) => rejectVpcPeeringConnection(ctx, { vpcPeeringConnectionId: id }));
    expect(describeOne(plane, id)).toMatchObject({
      status: "rejected",
      statusMessage: `Rejected by ${PEER_ACCOUNT}`,
    });
    expect(errorCode(() => accept(peer, id))).toBe("InvalidStateTransition");
    expect(() =>
      plane.write((ctx) => deleteVpcPeeringConnection(ctx, { vpcPeeringConnectionId: id })),
    ).toThrow(`Invalid state transition for ${id}, attempted to transition from rejected to deleting`);
    settle(plane, 2 * HOUR);
    expect(errorCode(() => describeOne(peer, id))).toBe("InvalidVpcPeeringConnectionID.NotFound");
    expect(describeOne(plane, id).status).toBe("rejected");
    settle(plane, 2 * DAY - 2 * HOUR);
    expect(copies(plane, id)).toEqual([]);
  });

  it("deletes: visible 2 hours to the party that deleted it and 2 days to the other", () => {
    const { plane, peer, id } = crossAccount();
    settle(plane);
    accept(peer, id);
    settle(plane);
    peer.write((ctx) => deleteVpcPeeringConnection(ctx, { vpcPeeringConnectionId: id }));
    expect(describeOne(plane, id)).toMatchObject({
      status: "deleted",
      statusMessage: `Deleted by ${PEER_ACCOUNT}`,
    });
    settle(plane, 2 * HOUR);
    expect(copies(plane, id)).toEqual([{ account: TEST_ACCOUNT, region: "us-east-1" }]);
    settle(plane, 2 * DAY);
    expect(copies(plane, id)).toEqual([]);
  });

  it("expires unanswered after 7 days, then stays visible to both for 2 days", () => {
    const { plane, peer, id } = crossAccount();
    settle(plane);
    settle(plane, 7 * DAY - 1);
    expect(describeOne(peer, id).status).toBe("pending-acceptance");
    settle(plane, 1);
    for (const p of [plane, peer]) {
      expect(describeOne(p, id)).toMatchObject({ status: "expired", statusMessage: "Expired" });
      expect(describeOne(p, id).expirationTime).toBeInstanceOf(Date);
    }
    expect(errorCode(() => accept(peer, id))).toBe("InvalidStateTransition");
    settle(plane, 2 * DAY);
    expect(copies(plane, id)).toEqual([]);
  });
});

describe("a connection between two Regions", () => {
  function crossRegion() {
    const plane = testPlane();
    const west = plane.as({ region: "us-west-2" });
    const a = vpcIn(plane, "10.0.0.0/16");
    const b = vpcIn(west, "10.1.0.0/16");
    const created = request(plane, { vpcId: a.id, peerVpcId: b.id, peerRegion: "us-west-2" });
    settle(plane);
    return { plane, west, a, b, id: created.id };
  }

  it("is accepted in the accepter's Region and described in both", () => {
    const { plane, west, b, id } = crossRegion();
    expect(() => accept(plane, id)).toThrow(
      `Incorrect region (us-east-1) specified for this request. VPC peering connection ${id} must be accepted in region us-west-2`,
    );
    accept(west, id);
    settle(plane);
    expect(describeOne(plane, id)).toMatchObject({
      status: "active",
      accepter: { vpcId: b.id, region: "us-west-2", cidrBlocks: ["10.1.0.0/16"] },
      requester: { region: "us-east-1" },
    });
    expect(copies(plane, id)).toEqual([
      { account: TEST_ACCOUNT, region: "us-east-1" },
      { account: TEST_ACCOUNT, region: "us-west-2" },
    ]);
  });

  it("goes through deleting before deleted, and is visible 2 hours within one account", () => {
    const { plane, west, id } = crossRegion();
    accept(west, id);
    settle(plane);
    plane.write((ctx) => deleteVpcPeeringConnection(ctx, { vpcPeeringConnectionId: id }));
    expect(describeOne(west, id)).toMatchObject({ status: "deleting", statusMessage: "Deleting" });
    settle(plane);
    expect(describeOne(west, id)).toMatchObject({
      status: "deleted",
      statusMessage: `Deleted by ${TEST_ACCOUNT}`,
    });
    settle(plane, 2 * HOUR);
    expect(copies(plane, id)).toEqual([]);
  });

  it("cannot carry security group references", () => {
    const { plane, west, a, b, id } = crossRegion();
    accept(west, id);
    settle(plane);
    const mine = plane.write((ctx) =>
      createSecurityGroup(ctx, { groupName: "app", description: "app", vpcId: a.id }),
    ).securityGroup;
    const theirs = west.write((ctx) =>
      createSecurityGroup(ctx, { groupName: "db", description: "db", vpcId: b.id }),
    ).securityGroup;
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          authorizeSecurityGroupIngress(ctx, {
            groupId: mine.id,
            ipPermissions: [
              { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, userIdGroupPairs: [{ groupId: theirs.id }] },
            ],
          }),
        ),
      ),
    ).toBe("InvalidGroup.NotFound");
  });
});

describe("peering quotas", () => {
  it("limits outstanding requests per VPC", () => {
    const plane = testPlane({
      config: { quotas: { ...DEFAULT_QUOTAS, vpcsPerRegion: 10, outstandingVpcPeeringConnectionsPerVpc: 2 } },
    });
    const a = vpcIn(plane, "10.0.0.0/16");
    const peers = ["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"].map((cidr) => vpcIn(plane, cidr));
    request(plane, { vpcId: a.id, peerVpcId: peers[0]!.id });
    request(plane, { vpcId: a.id, peerVpcId: peers[1]!.id });
    expect(errorCode(() => request(plane, { vpcId: a.id, peerVpcId: peers[2]!.id }))).toBe(
      "OutstandingVpcPeeringConnectionLimitExceeded",
    );
  });

  it("limits active connections per VPC, counted when accepting", () => {
    const plane = testPlane({
      config: { quotas: { ...DEFAULT_QUOTAS, vpcsPerRegion: 10, activeVpcPeeringConnectionsPerVpc: 1 } },
    });
    const { a } = activePair(plane);
    const c = vpcIn(plane, "10.5.0.0/16");
    const second = request(plane, { vpcId: c.id, peerVpcId: a.id });
    settle(plane);
    expect(errorCode(() => accept(plane, second.id))).toBe("ActiveVpcPeeringConnectionPerVpcLimitExceeded");
    expect(describeOne(plane, second.id).status).toBe("pending-acceptance");
  });
});

describe("DescribeVpcPeeringConnections", () => {
  it("filters by every documented filter and pages", () => {
    const plane = testPlane({ config: { quotas: { ...DEFAULT_QUOTAS, vpcsPerRegion: 10 } } });
    const { a, b, pcxId } = activePair(plane);
    const c = vpcIn(plane, "10.7.0.0/16");
    const pending = request(plane, { vpcId: c.id, peerVpcId: a.id });
    settle(plane);
    plane.write((ctx) => createTags(ctx, { resources: [pending.id], tags: [{ key: "env", value: "test" }] }));
    const ids = (filters: { name: string; values: string[] }[]) =>
      plane
        .read((ctx) => describeVpcPeeringConnections(ctx, { filters }))
        .vpcPeeringConnections.map((x) => x.id);
    expect(ids([{ name: "status-code", values: ["active"] }])).toEqual([pcxId]);
    expect(ids([{ name: "status-message", values: ["Pending Acceptance by *"] }])).toEqual([pending.id]);
    expect(ids([{ name: "requester-vpc-info.vpc-id", values: [c.id] }])).toEqual([pending.id]);
    expect(ids([{ name: "requester-vpc-info.cidr-block", values: ["10.0.0.0/16"] }])).toEqual([pcxId]);
    expect(ids([{ name: "requester-vpc-info.owner-id", values: [TEST_ACCOUNT] }])).toHaveLength(2);
    expect(ids([{ name: "accepter-vpc-info.vpc-id", values: [b.id] }])).toEqual([pcxId]);
    // The accepter's block is not shown before acceptance, so it does not match either.
    expect(ids([{ name: "accepter-vpc-info.cidr-block", values: ["10.*"] }])).toEqual([pcxId]);
    expect(ids([{ name: "accepter-vpc-info.owner-id", values: [PEER_ACCOUNT] }])).toEqual([]);
    const expiry = describeOne(plane, pending.id).expirationTime!.toISOString();
    expect(ids([{ name: "expiration-time", values: [expiry] }])).toEqual([pending.id]);
    expect(ids([{ name: "vpc-peering-connection-id", values: [pcxId] }])).toEqual([pcxId]);
    expect(ids([{ name: "tag:env", values: ["test"] }])).toEqual([pending.id]);
    expect(errorCode(() => ids([{ name: "vpc-id", values: [a.id] }]))).toBe("InvalidParameterValue");
    const firstPage = plane.read((ctx) => describeVpcPeeringConnections(ctx, { maxResults: 5 }));
    expect(firstPage.vpcPeeringConnections).toHaveLength(2);
    expect(errorCode(() => plane.read((ctx) => describeVpcPeeringConnections(ctx, { maxResults: 4 })))).toBe(
      "InvalidParameterValue",
    );
    expect(
      errorCode(() =>
        plane.read((ctx) => describeVpcPeeringConnections(ctx, { vpcPeeringConnectionIds: ["pcx-1"] })),
      ),
    ).toBe("InvalidVpcPeeringConnectionId.Malformed");
  });
});

describe("routes to a peering connection", () => {
  it("are blackholes until the connection is active, and again once it is deleted", () => {
    const plane = testPlane();
    const a = vpcIn(plane, "10.0.0.0/16");
    const b = vpcIn(plane, "10.1.0.0/16");
    const pcx = request(plane, { vpcId: a.id, peerVpcId: b.id });
    const table = plane.write((ctx) => createRouteTable(ctx, { vpcId: a.id })).routeTable;
    const stateOf = () =>
      plane
        .read((ctx) => describeRouteTables(ctx, { routeTableIds: [table.id] }))
        .routeTables[0]!.routes.find((r) => r.target.kind === "vpcPeeringConnection")?.state;
    settle(plane);
    plane.write((ctx) =>
      createRoute(ctx, {
        routeTableId: table.id,
        destinationCidrBlock: "10.1.0.0/16",
        vpcPeeringConnectionId: pcx.id,
      }),
    );
    expect(stateOf()).toBe("blackhole");
    accept(plane, pcx.id);
    settle(plane);
    expect(stateOf()).toBe("active");
    plane.write((ctx) => deleteVpcPeeringConnection(ctx, { vpcPeeringConnectionId: pcx.id }));
    expect(stateOf()).toBe("blackhole");
  });

  it("need a connection of the table's VPC that has not ended", () => {
    const plane = testPlane();
    const a = vpcIn(plane, "10.0.0.0/16");
    const b = vpcIn(plane, "10.1.0.0/16");
    const c = vpcIn(plane, "10.2.0.0/16");
    const overlapping = vpcIn(plane, "10.0.0.0/24");
    const pcx = request(plane, { vpcId: a.id, peerVpcId: b.id });
    const failed = request(plane, { vpcId: a.id, peerVpcId: overlapping.id });
    settle(plane);
    const tableOf = (vpcId: string) => plane.write((ctx) => createRouteTable(ctx, { vpcId })).routeTable.id;
    const route = (routeTableId: string, vpcPeeringConnectionId: string) =>
      errorCode(() =>
        plane.write((ctx) =>
          createRoute(ctx, { routeTableId, destinationCidrBlock: "192.168.0.0/16", vpcPeeringConnectionId }),
        ),
      );
    expect(route(tableOf(c.id), pcx.id)).toBe("InvalidParameterValue");
    expect(route(tableOf(a.id), failed.id)).toBe("InvalidVpcPeeringConnectionID.NotFound");
    expect(route(tableOf(a.id), "pcx-0123456789abcdef0")).toBe("InvalidVpcPeeringConnectionID.NotFound");
    expect(route(tableOf(a.id), "pcx-nope")).toBe("InvalidVpcPeeringConnectionId.Malformed");
    // The accepter's VPC may route to it as well.
    const accepterTable = tableOf(b.id);
    plane.write((ctx) =>
      createRoute(ctx, {
        routeTableId: accepterTable,
        destinationCidrBlock: "10.0.0.0/16",
        vpcPeeringConnectionId: pcx.id,
      }),
    );
  });
});

describe("security group rules that reference a peer VPC's group", () => {
  function groups(plane: TestPlane, peer: TestPlane, a: string, b: string) {
    const app = plane.write((ctx) =>
      createSecurityGroup(ctx, { groupName: "app", description: "app", vpcId: a }),
    ).securityGroup;
    const db = peer.write((ctx) =>
      createSecurityGroup(ctx, { groupName: "db", description: "db", vpcId: b }),
    ).securityGroup;
    return { app, db };
  }

  function allowFrom(
    plane: TestPlane,
    groupId: string,
    pair: { groupId: string; userId?: string; vpcPeeringConnectionId?: string },
  ) {
    return plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupId,
        ipPermissions: [{ ipProtocol: "tcp", fromPort: 5432, toPort: 5432, userIdGroupPairs: [pair] }],
      }),
    ).securityGroupRules[0]!;
  }

  it("are accepted through an active connection in one account, with the peer's VPC and the connection", () => {
    const plane = testPlane();
    const a = vpcIn(plane, "10.0.0.0/16");
    const b = vpcIn(plane, "10.1.0.0/16");
    const { app, db } = groups(plane, plane, a.id, b.id);
    expect(errorCode(() => allowFrom(plane, db.id, { groupId: app.id }))).toBe("InvalidGroup.NotFound");
    const pcx = request(plane, { vpcId: a.id, peerVpcId: b.id });
    settle(plane);
    // Pending is not enough: "the VPC peering connection must be in the active state".
    expect(() => allowFrom(plane, db.id, { groupId: app.id })).toThrow(
      "You have specified two resources that belong to different networks.",
    );
    accept(plane, pcx.id);
    settle(plane);
    expect(
      errorCode(() =>
        allowFrom(plane, db.id, { groupId: app.id, vpcPeeringConnectionId: "pcx-0123456789abcdef0" }),
      ),
    ).toBe("InvalidVpcPeeringConnectionID.NotFound");
    const rule = allowFrom(plane, db.id, { groupId: app.id, vpcPeeringConnectionId: pcx.id });
    expect(rule.referencedGroup).toEqual({
      groupId: app.id,
      userId: TEST_ACCOUNT,
      vpcId: a.id,
      vpcPeeringConnectionId: pcx.id,
    });
    const described = plane.read((ctx) =>
      describeSecurityGroupRules(ctx, { securityGroupRuleIds: [rule.id] }),
    ).securityGroupRules[0]!;
    expect(described.referencedGroup?.peeringStatus).toBe("active");
    const permissions = plane.read((ctx) => describeSecurityGroups(ctx, { groupIds: [db.id] }))
      .securityGroups[0]!;
    expect(permissions.rules.find((r) => r.id === rule.id)?.referencedGroup?.peeringStatus).toBe("active");
    // The group can still be deleted: the peer's rule goes stale.
    plane.write((ctx) => deleteVpcPeeringConnection(ctx, { vpcPeeringConnectionId: pcx.id }));
    const stale = plane.read((ctx) => describeSecurityGroupRules(ctx, { securityGroupRuleIds: [rule.id] }))
      .securityGroupRules[0]!;
    expect(stale.referencedGroup?.peeringStatus).toBe("deleted");
    plane.write((ctx) => deleteSecurityGroup(ctx, { groupId: app.id }));
    // A stale rule is revoked by its permission like any other.
    plane.write((ctx) =>
      revokeSecurityGroupIngress(ctx, {
        groupId: db.id,
        ipPermissions: [
          { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, userIdGroupPairs: [{ groupId: app.id }] },
        ],
      }),
    );
    const left = plane.read((ctx) => describeSecurityGroups(ctx, { groupIds: [db.id] })).securityGroups[0]!;
    expect(left.rules.filter((r) => !r.isEgress)).toEqual([]);
  });

  it("name another account's group by UserId and GroupId, and are described as references on its side", () => {
    const plane = testPlane();
    const peer = plane.as({ account: PEER_ACCOUNT });
    const a = vpcIn(plane, "10.0.0.0/16");
    const b = vpcIn(peer, "10.1.0.0/16");
    const { app, db } = groups(plane, peer, a.id, b.id);
    const pair = { groupId: db.id, userId: PEER_ACCOUNT };
    expect(errorCode(() => allowFrom(plane, app.id, pair))).toBe("InvalidGroup.NotFound");
    expect(errorCode(() => allowFrom(plane, app.id, { groupId: db.id }))).toBe("InvalidGroup.NotFound");
    const pcx = request(plane, { vpcId: a.id, peerVpcId: b.id, peerOwnerId: PEER_ACCOUNT });
    settle(plane);
    accept(peer, pcx.id);
    settle(plane);
    const rule = allowFrom(plane, app.id, pair);
    expect(rule.referencedGroup).toMatchObject({
      groupId: db.id,
      userId: PEER_ACCOUNT,
      vpcId: b.id,
      vpcPeeringConnectionId: pcx.id,
    });
    expect(
      peer.read((ctx) => describeSecurityGroupReferences(ctx, { groupIds: [db.id] })).references,
    ).toEqual([{ groupId: db.id, referencingVpcId: a.id, vpcPeeringConnectionId: pcx.id }]);
    expect(
      plane.read((ctx) => describeSecurityGroupReferences(ctx, { groupIds: [app.id] })).references,
    ).toEqual([]);
  });
});

describe("DeleteVpc and peering", () => {
  it("refuses while a connection is active or a request awaits the VPC's answer", () => {
    const { plane, a, b, pcxId } = activePair();
    for (const vpcId of [a.id, b.id]) {
      expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId })))).toBe("DependencyViolation");
    }
    plane.write((ctx) => deleteVpcPeeringConnection(ctx, { vpcPeeringConnectionId: pcxId }));
    const c = vpcIn(plane, "10.3.0.0/16");
    const incoming = request(plane, { vpcId: c.id, peerVpcId: b.id });
    settle(plane);
    expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId: b.id })))).toBe(
      "DependencyViolation",
    );
    // The requester's VPC can go; its request ends as deleted.
    plane.write((ctx) => deleteVpc(ctx, { vpcId: c.id }));
    expect(describeOne(plane, incoming.id)).toMatchObject({
      status: "deleted",
      statusMessage: `Deleted by ${TEST_ACCOUNT}`,
    });
    plane.write((ctx) => deleteVpc(ctx, { vpcId: b.id }));
  });

  it("keeps AWS's default timings", () => {
    expect(DEFAULT_DELAYS.vpcPeeringRequestExpiryMs).toBe(7 * DAY);
    expect([
      DEFAULT_QUOTAS.activeVpcPeeringConnectionsPerVpc,
      DEFAULT_QUOTAS.outstandingVpcPeeringConnectionsPerVpc,
    ]).toEqual([50, 25]);
  });
});
