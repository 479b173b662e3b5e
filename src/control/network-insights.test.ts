import { afterEach, describe, expect, it } from "vitest";
import type { AnalysisResult } from "../model/network-insights.js";
import { createInternetGateway } from "./internet-gateways.js";
import {
  createNetworkInsightsPath,
  deleteNetworkInsightsAnalysis,
  deleteNetworkInsightsPath,
  describeNetworkInsightsAnalyses,
  describeNetworkInsightsPaths,
  type PathAnalyzer,
  startNetworkInsightsAnalysis,
  usePathAnalyzer,
} from "./network-insights.js";
import { provisionNetworkInterface } from "./network-interfaces.js";
import { network, subnetRecord } from "./network-test-support.js";
import { ADVANCERS } from "./settle.js";
import { errorCode, TEST_ACCOUNT, type TestPlane } from "./test-support.js";
import { settleTransitions } from "./transitions.js";

const FOUND: AnalysisResult = {
  networkPathFound: true,
  forwardPathComponents: [{ sequenceNumber: 1, component: { id: "eni-x" } }],
  returnPathComponents: [],
  explanations: [],
};

afterEach(() => usePathAnalyzer(undefined));

function fixture(): { plane: TestPlane; eni: string; other: string; igw: string } {
  const net = network();
  const subnet = subnetRecord(net.plane, net.subnet.id);
  const eni = net.plane.write((ctx) =>
    provisionNetworkInterface(ctx, { subnet, description: "", groupIds: [] }),
  ).id;
  const other = net.plane.write((ctx) =>
    provisionNetworkInterface(ctx, { subnet, description: "", groupIds: [] }),
  ).id;
  return { plane: net.plane, eni, other, igw: net.igwId! };
}

const settle = (plane: TestPlane, ms = 0) => {
  plane.clock.advance(ms);
  settleTransitions(plane.store, plane.env, ADVANCERS);
};

describe("CreateNetworkInsightsPath", () => {
  it("creates a path between two interfaces, with ARNs, tags and the creation time", () => {
    const { plane, eni, other } = fixture();
    const { networkInsightsPath: path } = plane.write((ctx) =>
      createNetworkInsightsPath(ctx, {
        source: eni,
        destination: other,
        protocol: "tcp",
        destinationPort: 443,
        tagSpecifications: [{ resourceType: "network-insights-path", tags: [{ key: "Name", value: "web" }] }],
      }),
    );
    expect(path).toMatchObject({
      source: eni,
      sourceArn: `arn:aws:ec2:us-east-1:${TEST_ACCOUNT}:network-interface/${eni}`,
      destination: other,
      destinationArn: `arn:aws:ec2:us-east-1:${TEST_ACCOUNT}:network-interface/${other}`,
      protocol: "tcp",
      destinationPort: 443,
      tags: [{ key: "Name", value: "web" }],
      createdDate: plane.clock.now(),
    });
    expect(path.id).toMatch(/^nip-[0-9a-f]{17}$/);
    expect(path.arn).toBe(`arn:aws:ec2:us-east-1:${TEST_ACCOUNT}:network-insights-path/${path.id}`);
  });

  it("accepts ARNs, an internet gateway, and a destination address through FilterAtSource", () => {
    const { plane, eni, igw } = fixture();
    const arn = `arn:aws:ec2:us-east-1:${TEST_ACCOUNT}:internet-gateway/${igw}`;
    const { networkInsightsPath } = plane.write((ctx) =>
      createNetworkInsightsPath(ctx, {
        source: arn,
        protocol: "udp",
        filterAtSource: {
          destinationAddress: "10.0.1.7",
          destinationPortRange: { fromPort: 53, toPort: 53 },
        },
        filterAtDestination: { sourcePortRange: { fromPort: 1024 } },
      }),
    );
    expect(networkInsightsPath).toMatchObject({
      source: igw,
      sourceArn: arn,
      filterAtSource: { destinationAddress: "10.0.1.7", destinationPortRange: { from: 53, to: 53 } },
      filterAtDestination: { sourcePortRange: { from: 1024, to: 65535 } },
    });
    expect(networkInsightsPath.destination).toBeUndefined();
    expect(
      plane.write((ctx) =>
        createNetworkInsightsPath(ctx, {
          source: eni,
          destinationIp: "8.8.8.8",
          destination: igw,
          protocol: "tcp",
        }),
      ).networkInsightsPath.destinationIp,
    ).toBe("8.8.8.8");
  });

  it("answers AWS's errors", () => {
    const { plane, eni, other } = fixture();
    const create = (input: Parameters<typeof createNetworkInsightsPath>[1]) =>
      errorCode(() => plane.write((ctx) => createNetworkInsightsPath(ctx, input)));
    expect(create({ destination: other, protocol: "tcp" })).toBe("MissingParameter");
    expect(create({ source: eni, destination: other })).toBe("MissingParameter");
    expect(create({ source: eni, protocol: "tcp" })).toBe("MissingParameter");
    expect(create({ source: eni, destination: other, protocol: "icmp" })).toBe("InvalidParameterValue");
    expect(create({ source: eni, destination: other, protocol: "tcp", destinationPort: 70000 })).toBe(
      "InvalidParameterValue",
    );
    expect(create({ source: eni, destination: other, protocol: "tcp", sourceIp: "10.0.1.300" })).toBe(
      "InvalidParameterValue",
    );
    expect(
      create({ source: eni, destination: other, protocol: "tcp", sourceIp: "10.0.1.5", filterAtSource: {} }),
    ).toBe("InvalidParameterCombination");
    expect(
      create({
        source: eni,
        destination: other,
        protocol: "tcp",
        destinationIp: "10.0.1.5",
        filterAtDestination: {},
      }),
    ).toBe("InvalidParameterCombination");
    expect(create({ source: "eni-00000000000000000", destination: other, protocol: "tcp" })).toBe(
      "InvalidNetworkInterfaceID.NotFound",
    );
    expect(create({ source: "eni-zz", destination: other, protocol: "tcp" })).toBe(
      "InvalidNetworkInterfaceId.Malformed",
    );
    expect(create({ source: "subnet-0123456789abcdef0", destination: other, protocol: "tcp" })).toBe(
      "InvalidParameterValue",
    );
    expect(
      create({
        source: eni,
        destination: other,
        protocol: "tcp",
        filterAtSource: { sourcePortRange: { fromPort: 9, toPort: 1 } },
      }),
    ).toBe("InvalidParameterValue");
    expect(
      create({
        source: `arn:aws:ec2:eu-west-1:${TEST_ACCOUNT}:network-interface/${eni}`,
        destination: other,
        protocol: "tcp",
      }),
    ).toBe("InvalidParameterValue");
  });

  it("the MissingParameter message is AWS's", () => {
    const { plane, eni } = fixture();
    expect(() =>
      plane.write((ctx) => createNetworkInsightsPath(ctx, { source: eni, protocol: "tcp" })),
    ).toThrow(
      "The request must include either the Destination parameter or the FilterAtSource.DestinationAddress parameter. Add the required parameter and retry the request.",
    );
  });
});

describe("DescribeNetworkInsightsPaths and DeleteNetworkInsightsPath", () => {
  it("filters by every documented filter, pages 1–100, and deletes", () => {
    const { plane, eni, other, igw } = fixture();
    const a = plane.write((ctx) =>
      createNetworkInsightsPath(ctx, {
        source: eni,
        destination: other,
        protocol: "tcp",
        destinationPort: 22,
      }),
    ).networkInsightsPath;
    const b = plane.write((ctx) =>
      createNetworkInsightsPath(ctx, {
        source: igw,
        destination: eni,
        protocol: "udp",
        filterAtSource: { sourceAddress: "203.0.113.9" },
      }),
    ).networkInsightsPath;
    const ids = (filters: { name: string; values: string[] }[]) =>
      plane
        .read((ctx) => describeNetworkInsightsPaths(ctx, { filters }))
        .networkInsightsPaths.map((p) => p.id);
    expect(ids([{ name: "protocol", values: ["udp"] }])).toEqual([b.id]);
    expect(ids([{ name: "source", values: [eni] }])).toEqual([a.id]);
    expect(ids([{ name: "destination", values: [eni] }])).toEqual([b.id]);
    expect(ids([{ name: "destination-port", values: ["22"] }])).toEqual([a.id]);
    expect(ids([{ name: "filter-at-source.source-address", values: ["203.0.113.*"] }])).toEqual([b.id]);
    expect(errorCode(() => ids([{ name: "state", values: ["x"] }]))).toBe("InvalidParameterValue");

    const first = plane.read((ctx) => describeNetworkInsightsPaths(ctx, { maxResults: 1 }));
    expect(first.networkInsightsPaths).toHaveLength(1);
    const second = plane.read((ctx) =>
      describeNetworkInsightsPaths(ctx, { maxResults: 1, nextToken: first.nextToken! }),
    );
    expect(second.networkInsightsPaths.map((p) => p.id)).toEqual([b.id]);
    expect(second.nextToken).toBeUndefined();
    expect(errorCode(() => plane.read((ctx) => describeNetworkInsightsPaths(ctx, { maxResults: 101 })))).toBe(
      "InvalidParameterValue",
    );
    expect(
      errorCode(() =>
        plane.read((ctx) =>
          describeNetworkInsightsPaths(ctx, { networkInsightsPathIds: ["nip-00000000000000000"] }),
        ),
      ),
    ).toBe("InvalidNetworkInsightsPathId.NotFound");

    expect(plane.write((ctx) => deleteNetworkInsightsPath(ctx, { networkInsightsPathId: a.id }))).toEqual({
      networkInsightsPathId: a.id,
    });
    expect(
      errorCode(() => plane.write((ctx) => deleteNetworkInsightsPath(ctx, { networkInsightsPathId: a.id }))),
    ).toBe("InvalidNetworkInsightsPathId.NotFound");
  });

  it("refuses to delete a path that has analyses", () => {
    const { plane, eni, other } = fixture();
    const path = plane.write((ctx) =>
      createNetworkInsightsPath(ctx, { source: eni, destination: other, protocol: "tcp" }),
    ).networkInsightsPath;
    const analysis = plane.write((ctx) =>
      startNetworkInsightsAnalysis(ctx, { networkInsightsPathId: path.id }),
    ).networkInsightsAnalysis;
    expect(
      errorCode(() =>
        plane.write((ctx) => deleteNetworkInsightsPath(ctx, { networkInsightsPathId: path.id })),
      ),
    ).toBe("AnalysisExistsForNetworkInsightsPath");
    plane.write((ctx) => deleteNetworkInsightsAnalysis(ctx, { networkInsightsAnalysisId: analysis.id }));
    plane.write((ctx) => deleteNetworkInsightsPath(ctx, { networkInsightsPathId: path.id }));
  });
});

describe("StartNetworkInsightsAnalysis", () => {
  it("runs the analyzer on the network as it is at the start, running → succeeded after the delay", () => {
    const { plane, eni, other } = fixture();
    const seen: string[] = [];
    const analyzer: PathAnalyzer = (ctx, { path }) => {
      seen.push(`${path.id}:${ctx.tx.count("internetGateway", ctx.scope)}`);
      return FOUND;
    };
    usePathAnalyzer(analyzer);
    const path = plane.write((ctx) =>
      createNetworkInsightsPath(ctx, { source: eni, destination: other, protocol: "tcp" }),
    ).networkInsightsPath;
    const slow = testDelay(plane, 5000);
    const { networkInsightsAnalysis: started } = slow.write((ctx) =>
      startNetworkInsightsAnalysis(ctx, {
        networkInsightsPathId: path.id,
        tagSpecifications: [{ resourceType: "network-insights-analysis", tags: [{ key: "k", value: "v" }] }],
      }),
    );
    expect(seen).toEqual([`${path.id}:1`]);
    // A change after the start does not alter the analysis.
    plane.write((ctx) => createInternetGateway(ctx, {}));
    expect(started).toMatchObject({
      status: "running",
      networkInsightsPathId: path.id,
      startDate: plane.clock.now(),
    });
    expect(started.result).toBeUndefined();
    expect(started.arn).toBe(`arn:aws:ec2:us-east-1:${TEST_ACCOUNT}:network-insights-analysis/${started.id}`);
    settle(plane, 4999);
    const running = plane.read((ctx) =>
      describeNetworkInsightsAnalyses(ctx, { networkInsightsAnalysisIds: [started.id] }),
    );
    expect(running.networkInsightsAnalyses[0]?.status).toBe("running");
    settle(plane, 1);
    const done = plane.read((ctx) =>
      describeNetworkInsightsAnalyses(ctx, { networkInsightsAnalysisIds: [started.id] }),
    ).networkInsightsAnalyses[0]!;
    expect(done).toMatchObject({ status: "succeeded", result: FOUND, tags: [{ key: "k", value: "v" }] });
    expect(seen).toHaveLength(1);
  });

  it("fails with the analyzer's message, and without an analyzer", () => {
    const { plane, eni, other } = fixture();
    const path = plane.write((ctx) =>
      createNetworkInsightsPath(ctx, { source: eni, destination: other, protocol: "tcp" }),
    ).networkInsightsPath;
    usePathAnalyzer(() => ({ failure: "The source and destination are not connected." }));
    const a = plane.write((ctx) =>
      startNetworkInsightsAnalysis(ctx, { networkInsightsPathId: path.id }),
    ).networkInsightsAnalysis;
    usePathAnalyzer(undefined);
    const b = plane.write((ctx) =>
      startNetworkInsightsAnalysis(ctx, { networkInsightsPathId: path.id }),
    ).networkInsightsAnalysis;
    settle(plane);
    const [first, second] = plane.read((ctx) =>
      describeNetworkInsightsAnalyses(ctx, { networkInsightsAnalysisIds: [a.id, b.id] }),
    ).networkInsightsAnalyses;
    expect(first).toMatchObject({
      status: "failed",
      statusMessage: "The source and destination are not connected.",
    });
    expect(first?.result).toBeUndefined();
    expect(second?.status).toBe("failed");
  });

  it("validates its input", () => {
    const { plane } = fixture();
    expect(errorCode(() => plane.write((ctx) => startNetworkInsightsAnalysis(ctx, {})))).toBe(
      "MissingParameter",
    );
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          startNetworkInsightsAnalysis(ctx, { networkInsightsPathId: "nip-00000000000000000" }),
        ),
      ),
    ).toBe("InvalidNetworkInsightsPathId.NotFound");
    expect(
      errorCode(() =>
        plane.write((ctx) => startNetworkInsightsAnalysis(ctx, { networkInsightsPathId: "path" })),
      ),
    ).toBe("InvalidNetworkInsightsPathId.Malformed");
  });
});

describe("DescribeNetworkInsightsAnalyses", () => {
  it("selects by path, by status and path-found filters, and by the AnalysisStartTime window", () => {
    const { plane, eni, other } = fixture();
    const p1 = plane.write((ctx) =>
      createNetworkInsightsPath(ctx, { source: eni, destination: other, protocol: "tcp" }),
    ).networkInsightsPath;
    const p2 = plane.write((ctx) =>
      createNetworkInsightsPath(ctx, { source: other, destination: eni, protocol: "tcp" }),
    ).networkInsightsPath;
    usePathAnalyzer((_ctx, { path }) => (path.id === p1.id ? FOUND : { ...FOUND, networkPathFound: false }));
    const t0 = plane.clock.now();
    const a1 = plane.write((ctx) =>
      startNetworkInsightsAnalysis(ctx, { networkInsightsPathId: p1.id }),
    ).networkInsightsAnalysis;
    plane.clock.advance(60_000);
    const a2 = plane.write((ctx) =>
      startNetworkInsightsAnalysis(ctx, { networkInsightsPathId: p2.id }),
    ).networkInsightsAnalysis;
    const describe = (input: Parameters<typeof describeNetworkInsightsAnalyses>[1]) =>
      plane
        .read((ctx) => describeNetworkInsightsAnalyses(ctx, input))
        .networkInsightsAnalyses.map((a) => a.id);
    expect(describe({ filters: [{ name: "status", values: ["running"] }] })).toEqual([a1.id, a2.id]);
    settle(plane);
    expect(describe({ networkInsightsPathId: p2.id })).toEqual([a2.id]);
    expect(describe({ filters: [{ name: "path-found", values: ["true"] }] })).toEqual([a1.id]);
    expect(describe({ filters: [{ name: "status", values: ["succeeded"] }] })).toEqual([a1.id, a2.id]);
    expect(describe({ analysisStartTime: new Date(t0.getTime() + 1) })).toEqual([a2.id]);
    expect(describe({ analysisEndTime: t0 })).toEqual([a1.id]);
    expect(
      errorCode(() => describe({ analysisStartTime: new Date(t0.getTime() + 1), analysisEndTime: t0 })),
    ).toBe("InvalidParameterValue");
    expect(errorCode(() => describe({ networkInsightsAnalysisIds: ["nia-00000000000000000"] }))).toBe(
      "InvalidNetworkInsightsAnalysisId.NotFound",
    );
    expect(errorCode(() => describe({ filters: [{ name: "path", values: ["x"] }] }))).toBe(
      "InvalidParameterValue",
    );
    expect(errorCode(() => describe({ maxResults: 0 }))).toBe("InvalidParameterValue");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          deleteNetworkInsightsAnalysis(ctx, { networkInsightsAnalysisId: "nia-00000000000000000" }),
        ),
      ),
    ).toBe("InvalidNetworkInsightsAnalysisId.NotFound");
  });
});

function testDelay(plane: TestPlane, ms: number): TestPlane {
  return {
    ...plane,
    write: (fn) =>
      plane.write((ctx) =>
        fn({
          ...ctx,
          config: { ...ctx.config, delays: { ...ctx.config.delays, networkInsightsAnalysisMs: ms } },
        }),
      ),
  };
}
