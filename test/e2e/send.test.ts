/**
 * `send`: traffic that happens. The tutorial network through `@aws-sdk/client-ec2`, a flow log on
 * the private subnet to CloudWatch Logs; `vpcsim send` from the private instance to the internet
 * (through the NAT gateway); the capture window closes on the server's (manual) clock; the AWS CLI
 * reads the records with `aws logs filter-log-events`. Then connection tracking: a tracked
 * connection survives the removal of the rule that allowed it and times out when idle; an
 * untracked one is cut at once.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  type EC2Client,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/model/clock.js";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, awsCli, ec2Client, startTestServer } from "./support.js";
import { buildTutorialNetwork, type TutorialNetwork } from "./tutorial-network.js";

/** A flow-log format naming `names` in order (`${a} ${b}`). */
const fields = (...names: string[]): string => names.map((n) => `\${${n}}`).join(" ");

const exec = promisify(execFile);
const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
let server: RunningServer;
let ec2: EC2Client;
let net: TutorialNetwork;
const eni: Record<string, string> = {};
const address: Record<string, string> = {};

interface SendAnswer {
  flows: { sourcePort?: number; verdict: string; explanations: string[]; trackedOn: string[] }[];
  delivered: number;
  pending: number;
  connections: number;
}

async function send(body: Record<string, unknown>): Promise<SendAnswer> {
  const response = await fetch(`${server.endpoint}/_vpcsim/send`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ account: ACCOUNT, ...body }),
  });
  const json = (await response.json()) as SendAnswer & { message?: string };
  if (!response.ok) throw new Error(json.message);
  return json;
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  ec2 = ec2Client(server.endpoint);
  net = await buildTutorialNetwork(ec2);
  const { Reservations } = await ec2.send(
    new DescribeInstancesCommand({ InstanceIds: [net.publicInstance, net.privateInstance] }),
  );
  for (const instance of Reservations!.flatMap((r) => r.Instances!)) {
    const label = instance.InstanceId === net.publicInstance ? "public" : "private";
    eni[label] = instance.NetworkInterfaces![0]!.NetworkInterfaceId!;
    address[label] = instance.PrivateIpAddress!;
  }
  const { NetworkInterfaces } = await ec2.send(
    new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "interface-type", Values: ["nat_gateway"] }] }),
  );
  eni.nat = NetworkInterfaces![0]!.NetworkInterfaceId!;
  address.nat = NetworkInterfaces![0]!.PrivateIpAddress!;
}, 60_000);
afterAll(async () => {
  ec2.destroy();
  await server.close();
});

describe("vpcsim send and flow logs", () => {
  it("records the NATed flow of the private subnet and delivers it to CloudWatch Logs when the window closes", async () => {
    const format = fields(
      "version",
      "account-id",
      "interface-id",
      "srcaddr",
      "dstaddr",
      "srcport",
      "dstport",
      "protocol",
      "packets",
      "bytes",
      "start",
      "end",
      "action",
      "log-status",
      "instance-id",
      "pkt-srcaddr",
      "pkt-dstaddr",
      "tcp-flags",
      "flow-direction",
      "traffic-path",
    );
    const created = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceIds: [net.privateSubnet, net.publicSubnet],
        ResourceType: "Subnet",
        TrafficType: "ALL",
        LogGroupName: "tutorial-flows",
        LogFormat: format,
        MaxAggregationInterval: 60,
        DeliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT}:role/flow-logs`,
      }),
    );
    expect(created.Unsuccessful ?? []).toEqual([]);

    const { stdout } = await exec(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/main.ts",
        "send",
        "--endpoint",
        server.endpoint,
        "--from",
        net.privateInstance,
        "--to",
        "internet:203.0.113.5",
        "--tcp",
        "443",
        "--packets",
        "4",
        "--bytes",
        "600",
        "--account",
        ACCOUNT,
      ],
      { cwd: process.cwd() },
    );
    expect(stdout).toMatch(/^source port 50000: reachable/);
    expect(stdout).toMatch(/0 delivered, \d+ waiting/);

    // Nothing yet: the capture window is still open.
    const early = await awsCli(server.endpoint, [
      "logs",
      "filter-log-events",
      "--log-group-name",
      "tutorial-flows",
    ]);
    expect(early.code === 0 ? (JSON.parse(early.stdout) as { events: unknown[] }).events : []).toEqual([]);

    clock.advance(60_000);
    const result = await awsCli(server.endpoint, [
      "logs",
      "filter-log-events",
      "--log-group-name",
      "tutorial-flows",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const events = (JSON.parse(result.stdout) as { events: { logStreamName: string; message: string }[] })
      .events;
    const start = String(Math.floor(clock.now().getTime() / 1000) - 60);
    const lines = (stream: string) =>
      events
        .filter((e) => e.logStreamName === `${stream}-all`)
        .map((e) => e.message.split(" "))
        .map(
          ([
            version,
            account,
            iface,
            src,
            dst,
            sport,
            dport,
            proto,
            packets,
            bytes,
            s,
            e,
            action,
            status,
            instance,
            psrc,
            pdst,
            flags,
            direction,
            path,
          ]) => ({
            version,
            account,
            iface,
            src,
            dst,
            sport,
            dport,
            proto,
            packets,
            bytes,
            s,
            e,
            action,
            status,
            instance,
            psrc,
            pdst,
            flags,
            direction,
            path,
          }),
        );
    const common = {
      version: "5",
      account: ACCOUNT,
      proto: "6",
      packets: "4",
      bytes: "600",
      s: start,
      e: start,
      action: "ACCEPT",
      status: "OK",
    };
    // The instance's interface: no translation, egress through the NAT gateway (traffic path 1).
    expect(lines(eni.private!)).toEqual([
      {
        ...common,
        iface: eni.private,
        src: address.private,
        dst: "203.0.113.5",
        sport: "50000",
        dport: "443",
        instance: net.privateInstance,
        psrc: address.private,
        pdst: "203.0.113.5",
        flags: "3",
        direction: "egress",
        path: "1",
      },
      {
        ...common,
        iface: eni.private,
        src: "203.0.113.5",
        dst: address.private,
        sport: "443",
        dport: "50000",
        instance: net.privateInstance,
        psrc: "203.0.113.5",
        pdst: address.private,
        flags: "19",
        direction: "ingress",
        path: "-",
      },
    ]);
    // The NAT gateway's interface: srcaddr/dstaddr are its own address, pkt-* the hosts (the guide's example).
    const nat = lines(eni.nat!);
    const row = (l: (typeof nat)[number]) =>
      [l.src, l.dst, l.psrc, l.pdst, l.instance, l.direction].join(" ");
    expect(nat.map(row).sort()).toEqual(
      [
        [address.private, address.nat, address.private, "203.0.113.5", "-", "ingress"],
        [address.nat, "203.0.113.5", address.nat, "203.0.113.5", "-", "egress"],
        ["203.0.113.5", address.nat, "203.0.113.5", address.nat, "-", "ingress"],
        [address.nat, address.private, "203.0.113.5", address.private, "-", "egress"],
      ]
        .map((r) => r.join(" "))
        .sort(),
    );
    expect(nat.find((l) => l.direction === "egress" && l.dst === "203.0.113.5")?.path).toBe("2");
  }, 60_000);

  it("records a rejected inbound flow as REJECT", async () => {
    clock.advance(60_000);
    const answer = await send({
      from: "internet:198.51.100.7",
      to: net.publicInstance,
      protocol: "tcp",
      port: 3389,
      packets: 2,
      bytes: 120,
    });
    expect(answer.flows[0]).toMatchObject({
      verdict: "unreachable",
      explanations: ["ENI_SG_RULES_MISMATCH"],
    });
    clock.advance(60_000);
    const result = await awsCli(server.endpoint, [
      "logs",
      "filter-log-events",
      "--log-group-name",
      "tutorial-flows",
      "--log-stream-names",
      `${eni.public}-all`,
      "--filter-pattern",
      "REJECT",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const messages = (JSON.parse(result.stdout) as { events: { message: string }[] }).events.map((e) =>
      e.message.split(" "),
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]!.slice(2, 14)).toEqual([
      eni.public,
      "198.51.100.7",
      address.public,
      "50000",
      "3389",
      "6",
      "2",
      "120",
      expect.any(String),
      expect.any(String),
      "REJECT",
      "OK",
    ]);
    expect(messages[0]![17]).toBe("2"); // SYN only: nothing came back
    expect(messages[0]![18]).toBe("ingress");
  });
});

describe("delivery at shutdown", () => {
  it("close() (what server shutdown calls) delivers the windows that are still open", async () => {
    const answer = await send({
      from: net.privateInstance,
      to: "internet:203.0.113.99",
      protocol: "udp",
      port: 123,
    });
    expect(answer.flows[0]?.verdict).toBe("reachable");
    expect(server.traffic.pendingRecords()).toBeGreaterThan(0);
    expect(server.traffic.close()).toBeGreaterThan(0);
    expect(server.traffic.pendingRecords()).toBe(0);
    const result = await awsCli(server.endpoint, [
      "logs",
      "filter-log-events",
      "--log-group-name",
      "tutorial-flows",
      "--filter-pattern",
      '"203.0.113.99"',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const events = (JSON.parse(result.stdout) as { events: { message: string }[] }).events;
    expect(events.map((e) => e.message.split(" ")[7])).toContain("17");
  });
});

describe("connection tracking through send", () => {
  let db: string;
  let dbAddress: string;

  beforeAll(async () => {
    // A database group allowing 5432 from the public subnet only: a narrow rule, so tracked.
    db = (
      await ec2.send(new CreateSecurityGroupCommand({ VpcId: net.vpc, GroupName: "db", Description: "db" }))
    ).GroupId!;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: db,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: "10.0.1.0/24" }] },
        ],
      }),
    );
    await ec2.send(
      new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eni.private, Groups: [db] }),
    );
    dbAddress = address.private!;
  });

  it("an established connection survives the removal of the rule that allowed it, until it idles out", async () => {
    const open = await send({
      from: net.publicInstance,
      to: dbAddress,
      protocol: "tcp",
      port: 5432,
      sourcePort: 40000,
      keepOpen: true,
    });
    expect(open.flows[0]).toMatchObject({
      verdict: "reachable",
      trackedOn: expect.arrayContaining([eni.private]),
    });
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: db,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: "10.0.1.0/24" }] },
        ],
      }),
    );
    // A new connection is refused; the established one goes on.
    const fresh = await send({
      from: net.publicInstance,
      to: dbAddress,
      protocol: "tcp",
      port: 5432,
      sourcePort: 40001,
    });
    expect(fresh.flows[0]).toMatchObject({ verdict: "unreachable", explanations: ["ENI_SG_RULES_MISMATCH"] });
    clock.advance(432_000_000 - 1000);
    const later = await send({
      from: net.publicInstance,
      to: dbAddress,
      protocol: "tcp",
      port: 5432,
      sourcePort: 40000,
      keepOpen: true,
    });
    expect(later.flows[0]?.verdict).toBe("reachable");
    // Idle for the TCP established timeout (432,000 s): gone.
    clock.advance(432_000_000);
    const expired = await send({
      from: net.publicInstance,
      to: dbAddress,
      protocol: "tcp",
      port: 5432,
      sourcePort: 40000,
      keepOpen: true,
    });
    expect(expired.flows[0]).toMatchObject({
      verdict: "unreachable",
      explanations: ["ENI_SG_RULES_MISMATCH"],
    });
  });

  it("UDP: a single request-response idles out after 30 s, a stream after 180 s", async () => {
    const rule = {
      GroupId: db,
      IpPermissions: [
        { IpProtocol: "udp", FromPort: 9000, ToPort: 9000, IpRanges: [{ CidrIp: "10.0.1.0/24" }] },
      ],
    };
    const udp = (sourcePort: number) =>
      send({ from: net.publicInstance, to: dbAddress, protocol: "udp", port: 9000, sourcePort });
    await ec2.send(new AuthorizeSecurityGroupIngressCommand(rule));
    expect((await udp(41000)).flows[0]?.trackedOn).toContain(eni.private);
    await udp(41001);
    await udp(41001);
    await ec2.send(new RevokeSecurityGroupIngressCommand(rule));
    clock.advance(29_000);
    expect((await udp(41000)).flows[0]?.verdict).toBe("reachable");
    // The exchange above made 41000 a stream too; 41002 never was tracked.
    expect((await udp(41002)).flows[0]?.verdict).toBe("unreachable");
    clock.advance(179_000);
    expect((await udp(41001)).flows[0]?.verdict).toBe("unreachable");
    expect((await udp(41000)).flows[0]?.verdict).toBe("reachable");
    clock.advance(180_000);
    expect((await udp(41000)).flows[0]?.verdict).toBe("unreachable");

    await ec2.send(new AuthorizeSecurityGroupIngressCommand(rule));
    await udp(41003);
    await ec2.send(new RevokeSecurityGroupIngressCommand(rule));
    clock.advance(30_000);
    expect((await udp(41003)).flows[0]?.verdict).toBe("unreachable");
  });

  it("an untracked flow (all-open rules both ways) is cut as soon as its rule goes", async () => {
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: db,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 8443, ToPort: 8443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
        ],
      }),
    );
    const open = await send({
      from: net.publicInstance,
      to: dbAddress,
      protocol: "tcp",
      port: 8443,
      sourcePort: 42000,
      keepOpen: true,
    });
    expect(open.flows[0]?.verdict).toBe("reachable");
    expect(open.flows[0]?.trackedOn).not.toContain(eni.private);
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: db,
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 8443, ToPort: 8443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
        ],
      }),
    );
    const cut = await send({
      from: net.publicInstance,
      to: dbAddress,
      protocol: "tcp",
      port: 8443,
      sourcePort: 42000,
      keepOpen: true,
    });
    expect(cut.flows[0]).toMatchObject({ verdict: "unreachable", explanations: ["ENI_SG_RULES_MISMATCH"] });
  });

  it("answers bad requests with AWS-style errors", async () => {
    const response = await fetch(`${server.endpoint}/_vpcsim/send`, {
      method: "POST",
      body: JSON.stringify({ from: net.publicInstance, to: dbAddress, protocol: "tcp", port: 1, count: 0 }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe("InvalidParameterValue");
  });
});
