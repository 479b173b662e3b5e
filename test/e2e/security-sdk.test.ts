/**
 * Security groups, network ACLs, DHCP options and egress-only internet gateways, driven by the AWS
 * SDK for JavaScript v3 against a real server: the tutorial's security group (allow all, as the
 * seed notes do for now), a web-server group, a custom ACL with the ephemeral-port return rules a
 * stateless filter needs, then every mistake AWS answers with an error. A short AWS CLI v2 check
 * closes it.
 */
import {
  AssociateDhcpOptionsCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateDhcpOptionsCommand,
  CreateEgressOnlyInternetGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteDhcpOptionsCommand,
  DeleteEgressOnlyInternetGatewayCommand,
  DeleteNetworkAclCommand,
  DeleteNetworkAclEntryCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcCommand,
  DescribeDhcpOptionsCommand,
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupReferencesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type IpPermission,
  ModifySecurityGroupRulesCommand,
  ReplaceNetworkAclAssociationCommand,
  ReplaceNetworkAclEntryCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
  waitUntilSecurityGroupExists,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, awsCli, awsJson, ec2Client, sdkErrorCode, startTestServer } from "./support.js";

let server: RunningServer;
let ec2: EC2Client;

beforeAll(async () => {
  // Small rule quotas so that the limit errors are reachable; AWS's defaults are 60 and 20.
  server = await startTestServer({
    quotas: { vpcsPerRegion: 20, rulesPerSecurityGroup: 12, networkAclEntriesPerDirection: 8 },
  });
  ec2 = ec2Client(server.endpoint);
});
afterAll(async () => {
  ec2.destroy();
  await server.close();
});

const empty = { IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
const tcpFrom = (port: number, cidr: string, description?: string): IpPermission => ({
  IpProtocol: "tcp",
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr, ...(description ? { Description: description } : {}) }],
});

describe("security groups, network ACLs, DHCP options and egress-only gateways, through the SDK", () => {
  const ids: Record<string, string> = {};

  it("creates the tutorial VPC with its default security group and default network ACL", async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    ids.vpc = Vpc!.VpcId!;
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: "10.0.1.0/24", AvailabilityZone: "us-east-1a" }),
    );
    ids.public = Subnet!.SubnetId!;
    const { SecurityGroups } = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [ids.vpc!] }] }),
    );
    expect(SecurityGroups).toHaveLength(1);
    const group = SecurityGroups![0]!;
    ids.defaultGroup = group.GroupId!;
    expect(group).toMatchObject({
      GroupName: "default",
      Description: "default VPC security group",
      OwnerId: ACCOUNT,
      VpcId: ids.vpc,
    });
    expect(group.Tags).toBeUndefined();
    expect(group.IpPermissions).toEqual([
      { IpProtocol: "-1", ...empty, UserIdGroupPairs: [{ GroupId: group.GroupId, UserId: ACCOUNT }] },
    ]);
    expect(group.IpPermissionsEgress).toEqual([
      { IpProtocol: "-1", ...empty, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
    ]);

    const { NetworkAcls } = await ec2.send(
      new DescribeNetworkAclsCommand({
        Filters: [
          { Name: "vpc-id", Values: [ids.vpc!] },
          { Name: "default", Values: ["true"] },
        ],
      }),
    );
    const acl = NetworkAcls![0]!;
    ids.defaultAcl = acl.NetworkAclId!;
    expect(acl.IsDefault).toBe(true);
    expect(acl.Associations).toEqual([
      {
        NetworkAclAssociationId: expect.stringMatching(/^aclassoc-/),
        NetworkAclId: acl.NetworkAclId,
        SubnetId: ids.public,
      },
    ]);
    expect(acl.Entries).toEqual([
      { CidrBlock: "0.0.0.0/0", Egress: true, Protocol: "-1", RuleAction: "allow", RuleNumber: 100 },
      { CidrBlock: "0.0.0.0/0", Egress: true, Protocol: "-1", RuleAction: "deny", RuleNumber: 32767 },
      { CidrBlock: "0.0.0.0/0", Egress: false, Protocol: "-1", RuleAction: "allow", RuleNumber: 100 },
      { CidrBlock: "0.0.0.0/0", Egress: false, Protocol: "-1", RuleAction: "deny", RuleNumber: 32767 },
    ]);
  });

  it("creates the tutorial's security group, allowing all inbound and outbound traffic", async () => {
    const created = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: "tutorial-sg",
        Description: "Allow all traffic (tutorial)",
        VpcId: ids.vpc,
        TagSpecifications: [
          { ResourceType: "security-group", Tags: [{ Key: "Name", Value: "tutorial-sg" }] },
        ],
      }),
    );
    expect(created.GroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(created.Tags).toEqual([{ Key: "Name", Value: "tutorial-sg" }]);
    ids.tutorial = created.GroupId!;
    await waitUntilSecurityGroupExists(
      { client: ec2, maxWaitTime: 10, minDelay: 1 },
      { GroupIds: [ids.tutorial!] },
    );
    const authorized = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: ids.tutorial,
        IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "everything" }] }],
      }),
    );
    expect(authorized.Return).toBe(true);
    expect(authorized.SecurityGroupRules).toEqual([
      {
        SecurityGroupRuleId: expect.stringMatching(/^sgr-[0-9a-f]{17}$/),
        GroupId: ids.tutorial,
        GroupOwnerId: ACCOUNT,
        IsEgress: false,
        IpProtocol: "-1",
        FromPort: -1,
        ToPort: -1,
        CidrIpv4: "0.0.0.0/0",
        Description: "everything",
      },
    ]);
    const { SecurityGroups } = await ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [ids.tutorial!] }),
    );
    expect(SecurityGroups![0]).toEqual({
      Description: "Allow all traffic (tutorial)",
      GroupName: "tutorial-sg",
      GroupId: ids.tutorial,
      OwnerId: ACCOUNT,
      VpcId: ids.vpc,
      Tags: [{ Key: "Name", Value: "tutorial-sg" }],
      IpPermissions: [
        { IpProtocol: "-1", ...empty, IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "everything" }] },
      ],
      IpPermissionsEgress: [{ IpProtocol: "-1", ...empty, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
    });
  });

  it("builds a web-server group: HTTP and HTTPS from anywhere, SSH from one network, all from the tutorial group", async () => {
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: "web-servers",
        Description: "Web servers",
        VpcId: ids.vpc,
      }),
    );
    ids.web = GroupId!;
    const { SecurityGroupRules } = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: ids.web,
        IpPermissions: [
          { ...tcpFrom(80, "0.0.0.0/0"), Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
          tcpFrom(443, "0.0.0.0/0"),
          tcpFrom(22, "203.0.113.0/24", "SSH from the office"),
          { IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: ids.tutorial, Description: "tutorial hosts" }] },
        ],
      }),
    );
    expect(
      SecurityGroupRules!.map((r) => [
        r.IpProtocol,
        r.FromPort,
        r.ToPort,
        r.CidrIpv4 ?? r.CidrIpv6 ?? r.ReferencedGroupInfo?.GroupId,
      ]),
    ).toEqual([
      ["tcp", 80, 80, "0.0.0.0/0"],
      ["tcp", 80, 80, "::/0"],
      ["tcp", 443, 443, "0.0.0.0/0"],
      ["tcp", 22, 22, "203.0.113.0/24"],
      ["-1", -1, -1, ids.tutorial],
    ]);
    expect(SecurityGroupRules![4]!.ReferencedGroupInfo).toEqual({ GroupId: ids.tutorial, UserId: ACCOUNT });
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [ids.web!] }));
    expect(SecurityGroups![0]!.IpPermissions).toEqual([
      {
        IpProtocol: "tcp",
        FromPort: 80,
        ToPort: 80,
        ...empty,
        IpRanges: [{ CidrIp: "0.0.0.0/0" }],
        Ipv6Ranges: [{ CidrIpv6: "::/0" }],
      },
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, ...empty, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
      {
        IpProtocol: "tcp",
        FromPort: 22,
        ToPort: 22,
        ...empty,
        IpRanges: [{ CidrIp: "203.0.113.0/24", Description: "SSH from the office" }],
      },
      {
        IpProtocol: "-1",
        ...empty,
        UserIdGroupPairs: [{ GroupId: ids.tutorial, UserId: ACCOUNT, Description: "tutorial hosts" }],
      },
    ]);
    // Filters over the rules; the group-name filter follows the reference.
    const named = async (filters: { Name: string; Values: string[] }[]) =>
      (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters })))
        .SecurityGroups!.map((g) => g.GroupName)
        .sort();
    expect(
      await named([
        { Name: "ip-permission.from-port", Values: ["22"] },
        { Name: "ip-permission.cidr", Values: ["203.0.113.0/24"] },
      ]),
    ).toEqual(["web-servers"]);
    expect(await named([{ Name: "ip-permission.group-name", Values: ["tutorial-sg"] }])).toEqual([
      "web-servers",
    ]);
    expect(
      await named([
        { Name: "egress.ip-permission.cidr", Values: ["0.0.0.0/0"] },
        { Name: "vpc-id", Values: [ids.vpc!] },
      ]),
    ).toEqual(["default", "tutorial-sg", "web-servers"]);
    // Rules by group, and paging through them.
    const rules = await ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: "group-id", Values: [ids.web!] }],
        MaxResults: 5,
      }),
    );
    expect(rules.SecurityGroupRules).toHaveLength(5);
    const rest = await ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: "group-id", Values: [ids.web!] }],
        MaxResults: 5,
        NextToken: rules.NextToken,
      }),
    );
    expect(rest.NextToken).toBeUndefined();
    // Five inbound rules and the default outbound one, each once.
    const all = [...rules.SecurityGroupRules!, ...rest.SecurityGroupRules!];
    expect(new Set(all.map((r) => r.SecurityGroupRuleId)).size).toBe(6);
    expect(all.filter((r) => r.IsEgress).map((r) => [r.IpProtocol, r.CidrIpv4])).toEqual([
      ["-1", "0.0.0.0/0"],
    ]);
    ids.sshRule = SecurityGroupRules![3]!.SecurityGroupRuleId!;
    // No peering yet: nobody outside the VPC references the group.
    const refs = await ec2.send(new DescribeSecurityGroupReferencesCommand({ GroupId: [ids.web!] }));
    expect(refs.SecurityGroupReferenceSet ?? []).toEqual([]);
  });

  it("modifies a rule in place, updates a description, revokes by rule id and by permission", async () => {
    await ec2.send(
      new ModifySecurityGroupRulesCommand({
        GroupId: ids.web,
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: ids.sshRule,
            SecurityGroupRule: {
              IpProtocol: "tcp",
              FromPort: 22,
              ToPort: 22,
              CidrIpv4: "198.51.100.0/24",
              Description: "SSH from the VPN",
            },
          },
        ],
      }),
    );
    await ec2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({
        GroupId: ids.web,
        IpPermissions: [{ ...tcpFrom(443, "0.0.0.0/0", "HTTPS") }],
      }),
    );
    const described = await ec2.send(
      new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [ids.sshRule!] }),
    );
    expect(described.SecurityGroupRules![0]).toMatchObject({
      CidrIpv4: "198.51.100.0/24",
      Description: "SSH from the VPN",
    });
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: ids.web, SecurityGroupRuleIds: [ids.sshRule!] }),
    );
    const revoked = await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: ids.web,
        IpPermissions: [{ ...tcpFrom(80, "0.0.0.0/0"), Ipv6Ranges: [{ CidrIpv6: "::/0" }] }],
      }),
    );
    expect(revoked.Return).toBe(true);
    expect(revoked.UnknownIpPermissions).toBeUndefined();
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [ids.web!] }));
    expect(
      SecurityGroups![0]!.IpPermissions!.map((p) => [p.IpProtocol, p.FromPort, p.IpRanges?.[0]?.Description]),
    ).toEqual([
      ["tcp", 443, "HTTPS"],
      ["-1", undefined, undefined],
    ]);
    // Outbound: replace allow-all with HTTPS only.
    await ec2.send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: ids.web,
        IpPermissions: [{ IpProtocol: "-1", FromPort: 0, ToPort: 0, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupEgressCommand({
        GroupId: ids.web,
        IpPermissions: [tcpFrom(443, "0.0.0.0/0")],
      }),
    );
    const after = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [ids.web!] }));
    expect(after.SecurityGroups![0]!.IpPermissionsEgress).toEqual([
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, ...empty, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
    ]);
  });

  it("builds a custom network ACL with ephemeral-port return rules and moves the public subnet to it", async () => {
    const { NetworkAcl } = await ec2.send(
      new CreateNetworkAclCommand({
        VpcId: ids.vpc,
        TagSpecifications: [{ ResourceType: "network-acl", Tags: [{ Key: "Name", Value: "public" }] }],
      }),
    );
    ids.acl = NetworkAcl!.NetworkAclId!;
    expect(NetworkAcl).toMatchObject({
      IsDefault: false,
      VpcId: ids.vpc,
      OwnerId: ACCOUNT,
      Associations: [],
    });
    expect(NetworkAcl!.Entries!.map((e) => [e.Egress, e.RuleNumber, e.RuleAction])).toEqual([
      [true, 32767, "deny"],
      [false, 32767, "deny"],
    ]);
    const rule = (RuleNumber: number, Egress: boolean, from: number, to: number, CidrBlock = "0.0.0.0/0") =>
      ec2.send(
        new CreateNetworkAclEntryCommand({
          NetworkAclId: ids.acl,
          RuleNumber,
          Egress,
          Protocol: "6",
          RuleAction: "allow",
          CidrBlock,
          PortRange: { From: from, To: to },
        }),
      );
    // Inbound: web and SSH, and the replies to connections the subnet opens (ephemeral ports).
    await rule(100, false, 80, 80);
    await rule(110, false, 443, 443);
    await rule(120, false, 22, 22, "203.0.113.0/24");
    await rule(140, false, 1024, 65535);
    // Outbound: replies to clients (their ephemeral ports), and the subnet's own HTTP/HTTPS requests.
    await rule(100, true, 1024, 65535);
    await rule(110, true, 80, 80);
    await rule(120, true, 443, 443);
    await ec2.send(
      new CreateNetworkAclEntryCommand({
        NetworkAclId: ids.acl,
        RuleNumber: 130,
        Egress: false,
        Protocol: "1",
        RuleAction: "allow",
        CidrBlock: "10.0.0.0/16",
        IcmpTypeCode: { Type: 8, Code: -1 },
      }),
    );
    const association = (
      await ec2.send(
        new DescribeNetworkAclsCommand({
          Filters: [{ Name: "association.subnet-id", Values: [ids.public!] }],
        }),
      )
    ).NetworkAcls![0]!.Associations!.find((a) => a.SubnetId === ids.public)!;
    const { NewAssociationId } = await ec2.send(
      new ReplaceNetworkAclAssociationCommand({
        AssociationId: association.NetworkAclAssociationId,
        NetworkAclId: ids.acl,
      }),
    );
    expect(NewAssociationId).toMatch(/^aclassoc-/);
    expect(NewAssociationId).not.toBe(association.NetworkAclAssociationId);
    ids.aclAssociation = NewAssociationId!;
    const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [ids.acl!] }));
    const acl = NetworkAcls![0]!;
    expect(acl.Associations).toEqual([
      { NetworkAclAssociationId: NewAssociationId, NetworkAclId: ids.acl, SubnetId: ids.public },
    ]);
    expect(acl.Tags).toEqual([{ Key: "Name", Value: "public" }]);
    expect(acl.Entries).toEqual([
      {
        CidrBlock: "0.0.0.0/0",
        Egress: true,
        PortRange: { From: 1024, To: 65535 },
        Protocol: "6",
        RuleAction: "allow",
        RuleNumber: 100,
      },
      {
        CidrBlock: "0.0.0.0/0",
        Egress: true,
        PortRange: { From: 80, To: 80 },
        Protocol: "6",
        RuleAction: "allow",
        RuleNumber: 110,
      },
      {
        CidrBlock: "0.0.0.0/0",
        Egress: true,
        PortRange: { From: 443, To: 443 },
        Protocol: "6",
        RuleAction: "allow",
        RuleNumber: 120,
      },
      { CidrBlock: "0.0.0.0/0", Egress: true, Protocol: "-1", RuleAction: "deny", RuleNumber: 32767 },
      {
        CidrBlock: "0.0.0.0/0",
        Egress: false,
        PortRange: { From: 80, To: 80 },
        Protocol: "6",
        RuleAction: "allow",
        RuleNumber: 100,
      },
      {
        CidrBlock: "0.0.0.0/0",
        Egress: false,
        PortRange: { From: 443, To: 443 },
        Protocol: "6",
        RuleAction: "allow",
        RuleNumber: 110,
      },
      {
        CidrBlock: "203.0.113.0/24",
        Egress: false,
        PortRange: { From: 22, To: 22 },
        Protocol: "6",
        RuleAction: "allow",
        RuleNumber: 120,
      },
      {
        CidrBlock: "10.0.0.0/16",
        Egress: false,
        IcmpTypeCode: { Code: -1, Type: 8 },
        Protocol: "1",
        RuleAction: "allow",
        RuleNumber: 130,
      },
      {
        CidrBlock: "0.0.0.0/0",
        Egress: false,
        PortRange: { From: 1024, To: 65535 },
        Protocol: "6",
        RuleAction: "allow",
        RuleNumber: 140,
      },
      { CidrBlock: "0.0.0.0/0", Egress: false, Protocol: "-1", RuleAction: "deny", RuleNumber: 32767 },
    ]);
    // The default ACL no longer has the subnet.
    const defaults = await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [ids.defaultAcl!] }));
    expect(defaults.NetworkAcls![0]!.Associations).toEqual([]);
    // Replace an entry, delete another.
    await ec2.send(
      new ReplaceNetworkAclEntryCommand({
        NetworkAclId: ids.acl,
        RuleNumber: 120,
        Egress: false,
        Protocol: "6",
        RuleAction: "deny",
        CidrBlock: "203.0.113.0/24",
        PortRange: { From: 22, To: 22 },
      }),
    );
    await ec2.send(
      new DeleteNetworkAclEntryCommand({ NetworkAclId: ids.acl, RuleNumber: 130, Egress: false }),
    );
    const changed = (await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [ids.acl!] })))
      .NetworkAcls![0]!;
    expect(changed.Entries!.filter((e) => !e.Egress).map((e) => [e.RuleNumber, e.RuleAction])).toEqual([
      [100, "allow"],
      [110, "allow"],
      [120, "deny"],
      [140, "allow"],
      [32767, "deny"],
    ]);
  });

  it("creates a DHCP options set, associates it, then associates none with `default`", async () => {
    const { DhcpOptions } = await ec2.send(
      new CreateDhcpOptionsCommand({
        DhcpConfigurations: [
          { Key: "domain-name-servers", Values: ["10.2.5.1", "10.2.5.2"] },
          { Key: "domain-name", Values: ["example.com"] },
          { Key: "netbios-node-type", Values: ["2"] },
        ],
      }),
    );
    ids.dopt = DhcpOptions!.DhcpOptionsId!;
    expect(DhcpOptions).toEqual({
      DhcpOptionsId: expect.stringMatching(/^dopt-[0-9a-f]{17}$/),
      OwnerId: ACCOUNT,
      DhcpConfigurations: [
        { Key: "domain-name", Values: [{ Value: "example.com" }] },
        { Key: "domain-name-servers", Values: [{ Value: "10.2.5.1" }, { Value: "10.2.5.2" }] },
        { Key: "netbios-node-type", Values: [{ Value: "2" }] },
      ],
    });
    await ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: ids.dopt, VpcId: ids.vpc }));
    const dhcpOf = async () =>
      (await ec2.send(new DescribeVpcsCommand({ VpcIds: [ids.vpc!] }))).Vpcs![0]!.DhcpOptionsId;
    expect(await dhcpOf()).toBe(ids.dopt);
    expect(await sdkErrorCode(ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: ids.dopt })))).toBe(
      "DependencyViolation",
    );
    await ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: "default", VpcId: ids.vpc }));
    expect(await dhcpOf()).toBe("default");
    const { DhcpOptions: found } = await ec2.send(
      new DescribeDhcpOptionsCommand({
        Filters: [
          { Name: "key", Values: ["domain-name-servers"] },
          { Name: "value", Values: ["10.2.5.1"] },
        ],
      }),
    );
    expect(found!.map((d) => d.DhcpOptionsId)).toEqual([ids.dopt!]);
    await ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: ids.dopt }));
    expect(
      await sdkErrorCode(ec2.send(new DescribeDhcpOptionsCommand({ DhcpOptionsIds: [ids.dopt!] }))),
    ).toBe("InvalidDhcpOptionID.NotFound");
  });

  it("routes IPv6 to an egress-only internet gateway, a blackhole once it is gone", async () => {
    const { Vpc } = await ec2.send(
      new CreateVpcCommand({ CidrBlock: "10.20.0.0/16", AmazonProvidedIpv6CidrBlock: true }),
    );
    const vpcId = Vpc!.VpcId!;
    const created = await ec2.send(
      new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId, ClientToken: "eigw-1" }),
    );
    const eigw = created.EgressOnlyInternetGateway!;
    expect(created.ClientToken).toBe("eigw-1");
    expect(eigw).toEqual({
      EgressOnlyInternetGatewayId: expect.stringMatching(/^eigw-[0-9a-f]{17}$/),
      Attachments: [{ State: "attached", VpcId: vpcId }],
    });
    // The same token answers the same gateway.
    const again = await ec2.send(
      new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId, ClientToken: "eigw-1" }),
    );
    expect(again.EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId).toBe(
      eigw.EgressOnlyInternetGatewayId,
    );
    const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    const routeTableId = RouteTable!.RouteTableId!;
    expect(
      await sdkErrorCode(
        ec2.send(
          new CreateRouteCommand({
            RouteTableId: routeTableId,
            DestinationCidrBlock: "0.0.0.0/0",
            EgressOnlyInternetGatewayId: eigw.EgressOnlyInternetGatewayId,
          }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: routeTableId,
        DestinationIpv6CidrBlock: "::/0",
        EgressOnlyInternetGatewayId: eigw.EgressOnlyInternetGatewayId,
      }),
    );
    const route = async () =>
      (
        await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] }))
      ).RouteTables![0]!.Routes!.find((r) => r.EgressOnlyInternetGatewayId);
    expect(await route()).toEqual({
      DestinationIpv6CidrBlock: "::/0",
      EgressOnlyInternetGatewayId: eigw.EgressOnlyInternetGatewayId,
      Origin: "CreateRoute",
      State: "active",
    });
    expect(await sdkErrorCode(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).toBe("DependencyViolation");
    const described = await ec2.send(
      new DescribeEgressOnlyInternetGatewaysCommand({
        EgressOnlyInternetGatewayIds: [eigw.EgressOnlyInternetGatewayId!],
      }),
    );
    expect(described.EgressOnlyInternetGateways).toEqual([eigw]);
    const deleted = await ec2.send(
      new DeleteEgressOnlyInternetGatewayCommand({
        EgressOnlyInternetGatewayId: eigw.EgressOnlyInternetGatewayId,
      }),
    );
    expect(deleted.ReturnCode).toBe(true);
    expect((await route())?.State).toBe("blackhole");
  });

  it("answers each mistake with AWS's error code", async () => {
    const code = sdkErrorCode;
    const group = (GroupName: string, VpcId: string | undefined = ids.vpc) =>
      code(
        ec2.send(
          new CreateSecurityGroupCommand({ GroupName, Description: "d", ...(VpcId ? { VpcId } : {}) }),
        ),
      );
    expect(await group("default")).toBe("InvalidGroup.Reserved");
    expect(await group("web-servers")).toBe("InvalidGroup.Duplicate");
    expect(await group("sg-web")).toBe("InvalidParameterValue");
    expect(await group("ok", "vpc-0123456789abcdef0")).toBe("InvalidVpcID.NotFound");
    // This server starts without a default VPC.
    expect(await code(ec2.send(new CreateSecurityGroupCommand({ GroupName: "ok", Description: "d" })))).toBe(
      "VPCIdNotSpecified",
    );
    expect(await code(ec2.send(new DeleteSecurityGroupCommand({ GroupId: ids.defaultGroup })))).toBe(
      "CannotDelete",
    );
    // web-servers references tutorial-sg.
    expect(await code(ec2.send(new DeleteSecurityGroupCommand({ GroupId: ids.tutorial })))).toBe(
      "DependencyViolation",
    );
    expect(await code(ec2.send(new DeleteSecurityGroupCommand({ GroupId: "sg-0123456789abcdef0" })))).toBe(
      "InvalidGroup.NotFound",
    );
    expect(await code(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ["sg-bad"] })))).toBe(
      "InvalidGroupId.Malformed",
    );

    const authorize = (permission: IpPermission, GroupId = ids.web) =>
      code(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [permission] })));
    expect(await authorize(tcpFrom(443, "0.0.0.0/0"))).toBe("InvalidPermission.Duplicate");
    expect(await authorize({ IpProtocol: "tcp", FromPort: 22, IpRanges: [{ CidrIp: "10.0.0.0/8" }] })).toBe(
      "InvalidParameterValue",
    );
    expect(
      await authorize({
        IpProtocol: "tcp",
        FromPort: 22,
        ToPort: 70000,
        IpRanges: [{ CidrIp: "10.0.0.0/8" }],
      }),
    ).toBe("InvalidPermission.Malformed");
    expect(
      await authorize({ IpProtocol: "icmp", FromPort: 300, ToPort: 0, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }),
    ).toBe("InvalidPermission.Malformed");
    expect(await authorize({ IpProtocol: "all", IpRanges: [{ CidrIp: "10.0.0.0/8" }] })).toBe(
      "InvalidParameterValue",
    );
    expect(
      await authorize({ IpProtocol: "tcp", FromPort: 1, ToPort: 1, IpRanges: [{ CidrIp: "10.0.0.0/99" }] }),
    ).toBe("InvalidParameterValue");
    expect(
      await authorize({
        IpProtocol: "tcp",
        FromPort: 1,
        ToPort: 1,
        PrefixListIds: [{ PrefixListId: "pl-0123456789abcdef0" }],
      }),
    ).toBe("InvalidPrefixListID.NotFound");
    expect(
      await authorize({
        IpProtocol: "tcp",
        FromPort: 1,
        ToPort: 1,
        UserIdGroupPairs: [{ GroupId: "sg-0123456789abcdef0" }],
      }),
    ).toBe("InvalidGroup.NotFound");
    const revoke = await code(
      ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: ids.web,
          IpPermissions: [tcpFrom(8443, "0.0.0.0/0")],
        }),
      ),
    );
    expect(revoke).toBe("InvalidPermission.NotFound");
    expect(
      await code(
        ec2.send(
          new RevokeSecurityGroupIngressCommand({
            GroupId: ids.web,
            SecurityGroupRuleIds: ["sgr-0123456789abcdef0"],
          }),
        ),
      ),
    ).toBe("InvalidSecurityGroupRuleId.NotFound");
    // 12 inbound IPv4 rules at most here (60 on AWS).
    const { GroupId: crowded } = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: "crowded", Description: "d", VpcId: ids.vpc }),
    );
    const ranges = Array.from({ length: 13 }, (_, i) => ({ CidrIp: `10.${i}.0.0/16` }));
    expect(
      await authorize({ IpProtocol: "tcp", FromPort: 5000, ToPort: 5000, IpRanges: ranges }, crowded),
    ).toBe("RulesPerSecurityGroupLimitExceeded");
    expect(
      (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [crowded!] }))).SecurityGroups![0]!
        .IpPermissions,
    ).toEqual([]);

    // Network ACLs.
    const entry = (RuleNumber: number, extra: Record<string, unknown> = {}) =>
      code(
        ec2.send(
          new CreateNetworkAclEntryCommand({
            NetworkAclId: ids.acl,
            RuleNumber,
            Egress: false,
            Protocol: "-1",
            RuleAction: "deny",
            CidrBlock: "192.0.2.0/24",
            ...extra,
          }),
        ),
      );
    expect(await entry(100)).toBe("NetworkAclEntryAlreadyExists");
    expect(await entry(32767)).toBe("InvalidParameterValue");
    expect(await entry(50, { Protocol: "6" })).toBe("InvalidParameterValue");
    expect(await entry(50, { NetworkAclId: "acl-0123456789abcdef0" })).toBe("InvalidNetworkAclID.NotFound");
    // 8 per direction here, the final deny included: 4 inbound IPv4 entries exist.
    for (const n of [150, 160, 170]) expect(await entry(n).catch(() => "ok")).toBe("ok");
    expect(await entry(180)).toBe("NetworkAclEntryLimitExceeded");
    expect(
      await code(
        ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: ids.acl, RuleNumber: 999, Egress: false })),
      ),
    ).toBe("InvalidNetworkAclEntry.NotFound");
    expect(await code(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: ids.acl })))).toBe(
      "DependencyViolation",
    );
    expect(await code(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: ids.defaultAcl })))).toBe(
      "InvalidParameterValue",
    );
    expect(
      await code(
        ec2.send(
          new ReplaceNetworkAclAssociationCommand({
            AssociationId: "aclassoc-0123456789abcdef0",
            NetworkAclId: ids.acl,
          }),
        ),
      ),
    ).toBe("InvalidAssociationID.NotFound");
    // DHCP options and egress-only gateways.
    expect(
      await code(
        ec2.send(
          new CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Key: "routers", Values: ["10.0.0.1"] }] }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      await code(
        ec2.send(
          new AssociateDhcpOptionsCommand({ DhcpOptionsId: "dopt-0123456789abcdef0", VpcId: ids.vpc }),
        ),
      ),
    ).toBe("InvalidDhcpOptionID.NotFound");
    expect(
      await code(
        ec2.send(
          new DeleteEgressOnlyInternetGatewayCommand({
            EgressOnlyInternetGatewayId: "eigw-0123456789abcdef0",
          }),
        ),
      ),
    ).toBe("InvalidEgressOnlyInternetGatewayId.NotFound");
    // DryRun validates, answers DryRunOperation and changes nothing.
    expect(
      await code(
        ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: "dry",
            Description: "d",
            VpcId: ids.vpc,
            DryRun: true,
          }),
        ),
      ),
    ).toBe("DryRunOperation");
    const dry = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["dry"] }] }),
    );
    expect(dry.SecurityGroups).toEqual([]);
  });

  it("deletes groups once nothing references them", async () => {
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: ids.web }));
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: ids.tutorial }));
    const { SecurityGroups } = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [ids.vpc!] }] }),
    );
    expect(SecurityGroups!.map((g) => g.GroupName).sort()).toEqual(["crowded", "default"]);
  });
});

describe("security groups through the AWS CLI v2", () => {
  it("authorizes SSH from a network with --protocol/--port/--cidr and describes the group", async () => {
    const aws = <T = Record<string, unknown>>(...args: string[]) => awsJson<T>(server.endpoint, args);
    const { Vpc } = await aws<{ Vpc: { VpcId: string } }>(
      "ec2",
      "create-vpc",
      "--cidr-block",
      "10.30.0.0/16",
    );
    const { GroupId } = await aws<{ GroupId: string }>(
      "ec2",
      "create-security-group",
      "--group-name",
      "ssh-only",
      "--description",
      "SSH from the office",
      "--vpc-id",
      Vpc.VpcId,
    );
    const authorized = await aws<{
      Return: boolean;
      SecurityGroupRules: { IpProtocol: string; FromPort: number; CidrIpv4: string }[];
    }>(
      "ec2",
      "authorize-security-group-ingress",
      "--group-id",
      GroupId,
      "--protocol",
      "tcp",
      "--port",
      "22",
      "--cidr",
      "203.0.113.0/24",
    );
    expect(authorized.Return).toBe(true);
    expect(authorized.SecurityGroupRules).toEqual([
      expect.objectContaining({ IpProtocol: "tcp", FromPort: 22, ToPort: 22, CidrIpv4: "203.0.113.0/24" }),
    ]);
    const described = await aws<{ SecurityGroups: Record<string, unknown>[] }>(
      "ec2",
      "describe-security-groups",
      "--group-ids",
      GroupId,
    );
    expect(described.SecurityGroups[0]).toMatchObject({
      GroupName: "ssh-only",
      GroupId,
      VpcId: Vpc.VpcId,
      IpPermissions: [
        {
          IpProtocol: "tcp",
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: "203.0.113.0/24" }],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ],
      IpPermissionsEgress: [
        {
          IpProtocol: "-1",
          IpRanges: [{ CidrIp: "0.0.0.0/0" }],
          Ipv6Ranges: [],
          PrefixListIds: [],
          UserIdGroupPairs: [],
        },
      ],
    });
    const duplicate = await awsCli(server.endpoint, [
      "ec2",
      "authorize-security-group-ingress",
      "--group-id",
      GroupId,
      "--protocol",
      "tcp",
      "--port",
      "22",
      "--cidr",
      "203.0.113.0/24",
    ]);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain("(InvalidPermission.Duplicate)");
    expect(duplicate.stderr).toContain(
      'the specified rule "peer: 203.0.113.0/24, TCP, from port: 22, to port: 22, ALLOW" already exists',
    );
  });
});
