/**
 * Reachability Analyzer (Network Insights) through `@aws-sdk/client-ec2` on the tutorial network:
 * paths, analyses going running → succeeded (polled like a waiter: the SDK has none for them),
 * path components with the rules that applied, explanation codes when no path exists, and AWS's
 * errors.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInsightsPathCommand,
  DeleteNetworkInsightsAnalysisCommand,
  DeleteNetworkInsightsPathCommand,
  DescribeNetworkInsightsAnalysesCommand,
  DescribeNetworkInsightsPathsCommand,
  type EC2Client,
  type NetworkInsightsAnalysis,
  paginateDescribeNetworkInsightsPaths,
  StartNetworkInsightsAnalysisCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, ec2Client, sdkErrorCode, startTestServer } from "./support.js";
import { buildTutorialNetwork, type TutorialNetwork } from "./tutorial-network.js";

let server: RunningServer;
let ec2: EC2Client;
let net: TutorialNetwork;

beforeAll(async () => {
  server = await startTestServer();
  ec2 = ec2Client(server.endpoint);
  net = await buildTutorialNetwork(ec2);
}, 60_000);
afterAll(async () => {
  ec2.destroy();
  await server.close();
});

/** Polls DescribeNetworkInsightsAnalyses until the analysis leaves `running`, as a waiter would. */
async function analysisOf(id: string): Promise<NetworkInsightsAnalysis> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { NetworkInsightsAnalyses } = await ec2.send(
      new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [id] }),
    );
    const analysis = NetworkInsightsAnalyses![0]!;
    if (analysis.Status !== "running") return analysis;
  }
  throw new Error(`analysis ${id} still running`);
}

async function analyze(input: {
  Source: string;
  Destination?: string;
  DestinationIp?: string;
  DestinationPort?: number;
}): Promise<NetworkInsightsAnalysis> {
  const { NetworkInsightsPath } = await ec2.send(
    new CreateNetworkInsightsPathCommand({ Protocol: "tcp", ...input }),
  );
  const { NetworkInsightsAnalysis } = await ec2.send(
    new StartNetworkInsightsAnalysisCommand({
      NetworkInsightsPathId: NetworkInsightsPath!.NetworkInsightsPathId!,
    }),
  );
  expect(NetworkInsightsAnalysis?.Status).toBe("running");
  expect(NetworkInsightsAnalysis?.NetworkPathFound).toBeUndefined();
  return analysisOf(NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!);
}

const ids = (analysis: NetworkInsightsAnalysis, path: "ForwardPathComponents" | "ReturnPathComponents") =>
  (analysis[path] ?? []).map((c) => c.Component?.Id);

describe("Network Insights through the SDK", () => {
  it("creates a path with AWS's fields", async () => {
    const { NetworkInsightsPath } = await ec2.send(
      new CreateNetworkInsightsPathCommand({
        Source: net.publicInstance,
        Destination: net.igw,
        DestinationIp: "203.0.113.5",
        Protocol: "tcp",
        DestinationPort: 443,
        TagSpecifications: [
          { ResourceType: "network-insights-path", Tags: [{ Key: "Name", Value: "web-out" }] },
        ],
      }),
    );
    expect(NetworkInsightsPath).toMatchObject({
      Source: net.publicInstance,
      SourceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${net.publicInstance}`,
      Destination: net.igw,
      DestinationArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:internet-gateway/${net.igw}`,
      DestinationIp: "203.0.113.5",
      Protocol: "tcp",
      DestinationPort: 443,
      Tags: [{ Key: "Name", Value: "web-out" }],
    });
    expect(NetworkInsightsPath?.NetworkInsightsPathId).toMatch(/^nip-[0-9a-f]{17}$/);
    expect(NetworkInsightsPath?.CreatedDate).toBeInstanceOf(Date);
  });

  it("finds the public instance's path to the internet, component by component", async () => {
    const analysis = await analyze({
      Source: net.publicInstance,
      Destination: net.igw,
      DestinationIp: "203.0.113.5",
      DestinationPort: 443,
    });
    expect(analysis.Status).toBe("succeeded");
    expect(analysis.NetworkPathFound).toBe(true);
    expect(analysis.Explanations).toBeUndefined();
    const forward = analysis.ForwardPathComponents!;
    expect(forward.map((c) => c.SequenceNumber)).toEqual(forward.map((_c, i) => i + 1));
    expect(forward[0]).toMatchObject({
      Component: {
        Id: net.publicInstance,
        Arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${net.publicInstance}`,
      },
      OutboundHeader: {
        DestinationAddresses: ["203.0.113.5"],
        DestinationPortRanges: [{ From: 443, To: 443 }],
        Protocol: "6",
      },
    });
    const group = forward.find((c) => c.Component?.Id === net.webGroup);
    expect(group?.SecurityGroupRule).toMatchObject({
      Direction: "egress",
      SecurityGroupId: net.webGroup,
      Cidr: "0.0.0.0/0",
    });
    const route = forward.find((c) => c.Component?.Id === net.mainRouteTable);
    expect(route?.RouteTableRoute).toMatchObject({
      DestinationCidr: "0.0.0.0/0",
      GatewayId: net.igw,
      Origin: "CreateRoute",
      State: "active",
    });
    const acl = forward.find((c) => c.AclRule !== undefined);
    expect(acl?.AclRule).toMatchObject({
      RuleNumber: 100,
      RuleAction: "allow",
      Egress: true,
      Cidr: "0.0.0.0/0",
    });
    const igw = forward.find((c) => c.Component?.Id === net.igw);
    expect(igw?.InboundHeader?.SourceAddresses?.[0]).toMatch(/^10\.0\.1\./);
    expect(igw?.OutboundHeader?.SourceAddresses?.[0]).not.toMatch(/^10\./);
    expect(ids(analysis, "ReturnPathComponents")).toContain(net.igw);
    expect(ids(analysis, "ReturnPathComponents")).toContain(net.publicInstance);
  });

  it("finds the private instance's path out through the NAT gateway", async () => {
    const analysis = await analyze({
      Source: net.privateInstance,
      DestinationIp: "203.0.113.5",
      Destination: net.igw,
      DestinationPort: 443,
    });
    expect(analysis.NetworkPathFound).toBe(true);
    const forward = ids(analysis, "ForwardPathComponents");
    expect(forward).toContain(net.nat);
    expect(forward.indexOf(net.nat)).toBeLessThan(forward.indexOf(net.igw));
    const route = analysis.ForwardPathComponents!.find((c) => c.Component?.Id === net.privateRouteTable);
    expect(route?.RouteTableRoute).toMatchObject({ DestinationCidr: "0.0.0.0/0", NatGatewayId: net.nat });
  });

  it("the internet reaches the public instance on an allowed port, not on others", async () => {
    const allowed = await analyze({ Source: net.igw, Destination: net.publicInstance, DestinationPort: 22 });
    expect(allowed.NetworkPathFound).toBe(true);
    const group = allowed.ForwardPathComponents!.find((c) => c.Component?.Id === net.webGroup);
    expect(group?.SecurityGroupRule).toMatchObject({
      Direction: "ingress",
      PortRange: { From: 22, To: 22 },
      Protocol: "tcp",
    });

    const denied = await analyze({ Source: net.igw, Destination: net.publicInstance, DestinationPort: 3389 });
    expect(denied.Status).toBe("succeeded");
    expect(denied.NetworkPathFound).toBe(false);
    expect(denied.ReturnPathComponents).toBeUndefined();
    const codes = denied.Explanations!.map((e) => e.ExplanationCode);
    expect(codes).toEqual(["ENI_SG_RULES_MISMATCH"]);
    expect(denied.Explanations![0]).toMatchObject({
      Direction: "ingress",
      SecurityGroups: [{ Id: net.webGroup }],
    });
  });

  it("analyses the network as it is when the analysis starts", async () => {
    const before = await analyze({ Source: net.igw, Destination: net.publicInstance, DestinationPort: 8080 });
    expect(before.NetworkPathFound).toBe(false);
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: net.webGroup,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
        ],
      }),
    );
    const again = await analysisOf(before.NetworkInsightsAnalysisId!);
    expect(again.NetworkPathFound).toBe(false);
    const after = await ec2.send(
      new StartNetworkInsightsAnalysisCommand({ NetworkInsightsPathId: before.NetworkInsightsPathId! }),
    );
    expect(
      (await analysisOf(after.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!)).NetworkPathFound,
    ).toBe(true);
  });

  it("describes with filters and pages; refuses to delete a path with analyses; answers AWS's errors", async () => {
    const pages: string[] = [];
    for await (const page of paginateDescribeNetworkInsightsPaths({ client: ec2, pageSize: 2 }, {})) {
      expect(page.NetworkInsightsPaths!.length).toBeLessThanOrEqual(2);
      pages.push(...page.NetworkInsightsPaths!.map((p) => p.NetworkInsightsPathId!));
    }
    expect(pages.length).toBeGreaterThanOrEqual(6);
    const fromIgw = await ec2.send(
      new DescribeNetworkInsightsPathsCommand({ Filters: [{ Name: "source", Values: [net.igw] }] }),
    );
    expect(fromIgw.NetworkInsightsPaths!.every((p) => p.Source === net.igw)).toBe(true);
    const found = await ec2.send(
      new DescribeNetworkInsightsAnalysesCommand({ Filters: [{ Name: "path-found", Values: ["false"] }] }),
    );
    expect(found.NetworkInsightsAnalyses!.every((a) => a.NetworkPathFound === false)).toBe(true);
    expect(found.NetworkInsightsAnalyses!.length).toBeGreaterThan(0);

    const analysis = found.NetworkInsightsAnalyses![0]!;
    expect(
      await sdkErrorCode(
        ec2.send(
          new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: analysis.NetworkInsightsPathId! }),
        ),
      ),
    ).toBe("AnalysisExistsForNetworkInsightsPath");
    const all = await ec2.send(
      new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsPathId: analysis.NetworkInsightsPathId! }),
    );
    for (const a of all.NetworkInsightsAnalyses!) {
      const deleted = await ec2.send(
        new DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: a.NetworkInsightsAnalysisId! }),
      );
      expect(deleted.NetworkInsightsAnalysisId).toBe(a.NetworkInsightsAnalysisId);
    }
    const deleted = await ec2.send(
      new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: analysis.NetworkInsightsPathId! }),
    );
    expect(deleted.NetworkInsightsPathId).toBe(analysis.NetworkInsightsPathId);

    expect(
      await sdkErrorCode(
        ec2.send(
          new DescribeNetworkInsightsPathsCommand({ NetworkInsightsPathIds: ["nip-00000000000000000"] }),
        ),
      ),
    ).toBe("InvalidNetworkInsightsPathId.NotFound");
    expect(
      await sdkErrorCode(
        ec2.send(new CreateNetworkInsightsPathCommand({ Source: net.publicInstance, Protocol: "tcp" })),
      ),
    ).toBe("MissingParameter");
    expect(
      await sdkErrorCode(
        ec2.send(
          new CreateNetworkInsightsPathCommand({ Source: net.vpc, Destination: net.igw, Protocol: "tcp" }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      await sdkErrorCode(ec2.send(new DescribeNetworkInsightsAnalysesCommand({ MaxResults: 500 }))),
    ).toBe("InvalidParameterValue");
  });
});
