/**
 * The data plane's benchmark: a synthetic network generated straight into a `NetworkSnapshot`
 * (no store, no API), then `compile` (time and heap) and `trace` latency (p50/p99) on it.
 *
 * The network: `vpcs` VPCs (a /16 each, in one account and region), each with an internet gateway
 * on its main route table, a NAT gateway in its first subnet and a private route table (default
 * route to the NAT gateway) for the other subnets; `subnetsPerVpc` subnets (/24), half of them
 * behind a custom network ACL of `aclRules` entries per direction; `groupsPerVpc` security groups
 * of `rulesPerGroup` inbound rules (CIDRs, ports, and one reference to another group), every
 * interface in one or two of them; `interfacesPerSubnet` instances with one interface each (the
 * first of each subnet with a public address); `peerings` active peering connections between
 * neighbouring VPCs, with routes both ways.
 *
 * Traces: a mix of instance → instance in the same VPC (another subnet), instance → internet
 * (through the internet gateway or the NAT gateway), internet → public instance, and instance →
 * peer VPC, each with its return path. Run alone with `tsx bench/dataplane.bench.ts [scale]`.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { compile } from "../src/dataplane/compile.js";
import type { NetworkSnapshot, SnapshotScope } from "../src/dataplane/snapshot.js";
import { trace } from "../src/dataplane/trace.js";
import type { Endpoint, TraceRequest } from "../src/dataplane/types.js";
import type { Instance, NatGateway, NetworkInterface } from "../src/model/compute.js";
import type { VpcPeeringConnection } from "../src/model/peering.js";
import type {
  InternetGateway,
  NetworkAcl,
  NetworkAclEntry,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Vpc,
} from "../src/model/resources.js";

export interface NetworkShape {
  readonly vpcs: number;
  readonly subnetsPerVpc: number;
  readonly interfacesPerSubnet: number;
  readonly groupsPerVpc: number;
  readonly rulesPerGroup: number;
  readonly aclRules: number;
  readonly peerings: number;
}

/** The target: 1,000 VPCs, 10,000 subnets, 100,000 interfaces. */
export const TARGET_SHAPE: NetworkShape = {
  vpcs: 1000,
  subnetsPerVpc: 10,
  interfacesPerSubnet: 10,
  groupsPerVpc: 5,
  rulesPerGroup: 20,
  aclRules: 20,
  peerings: 500,
};

const SCOPE: SnapshotScope = { account: "123456789012", region: "us-east-1" };
const EPOCH = new Date("2026-01-01T00:00:00Z");

function hexId(prefix: string, n: number): string {
  return `${prefix}-${n.toString(16).padStart(17, "0")}`;
}

export function generateNetwork(shape: NetworkShape): NetworkSnapshot {
  let seq = 0;
  const id = (prefix: string) => hexId(prefix, ++seq);
  const vpcs: Vpc[] = [];
  const subnets: Subnet[] = [];
  const tables: RouteTable[] = [];
  const acls: NetworkAcl[] = [];
  const groups: SecurityGroup[] = [];
  const enis: NetworkInterface[] = [];
  const instances: Instance[] = [];
  const igws: InternetGateway[] = [];
  const nats: NatGateway[] = [];
  const peerings: VpcPeeringConnection[] = [];
  let publicCounter = 0;
  const publicIp = () => {
    const n = ++publicCounter;
    return `54.${80 + (n >>> 16)}.${(n >>> 8) & 255}.${n & 255}`;
  };

  for (let v = 0; v < shape.vpcs; v++) {
    // VPCs of different networks may overlap (AWS allows it); neighbours, which peer, never do.
    const prefix = `10.${v % 256}`;
    const vpcCidr = `${prefix}.0.0/16`;
    const vpcId = id("vpc");
    vpcs.push({
      id: vpcId,
      ownerId: SCOPE.account,
      tags: [{ key: "Name", value: `vpc-${v}` }],
      state: "available",
      cidrBlock: vpcCidr,
      cidrBlockAssociations: [
        { associationId: id("vpc-cidr-assoc"), cidrBlock: vpcCidr, state: "associated" },
      ],
      ipv6CidrBlockAssociations: [],
      dhcpOptionsId: "dopt-00000000000000001",
      instanceTenancy: "default",
      isDefault: false,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      enableNetworkAddressUsageMetrics: false,
    });
    const igwId = id("igw");
    igws.push({ id: igwId, ownerId: SCOPE.account, tags: [], attachments: [{ vpcId, state: "available" }] });

    // Security groups: the first allows everything inbound from its own members.
    const vpcGroups: SecurityGroup[] = [];
    for (let g = 0; g < shape.groupsPerVpc; g++) {
      const groupId = id("sg");
      const rules: SecurityGroupRule[] = [
        { id: id("sgr"), isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", tags: [] },
      ];
      for (let r = 0; r < shape.rulesPerGroup; r++) {
        const port = 1000 + g * 100 + r;
        if (r === 0 && vpcGroups.length > 0) {
          rules.push({
            id: id("sgr"),
            isEgress: false,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            referencedGroup: { groupId: vpcGroups[0]!.id, userId: SCOPE.account },
            tags: [],
          });
        } else {
          rules.push({
            id: id("sgr"),
            isEgress: false,
            ipProtocol: r % 3 === 2 ? "udp" : "tcp",
            fromPort: port,
            toPort: port + (r % 5),
            cidrIpv4: r % 2 === 0 ? `${prefix}.${r}.0/24` : `${(r * 7) % 223}.${r}.0.0/16`,
            tags: [],
          });
        }
      }
      rules.push({
        id: id("sgr"),
        isEgress: false,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
        tags: [],
      });
      const group: SecurityGroup = {
        id: groupId,
        ownerId: SCOPE.account,
        tags: [],
        groupName: `group-${g}`,
        description: "bench",
        vpcId,
        isDefault: g === 0,
        rules,
      };
      vpcGroups.push(group);
      groups.push(group);
    }

    // Network ACLs: the default (allow all) and a custom one for half the subnets.
    const defaultAcl: NetworkAcl = {
      id: id("acl"),
      ownerId: SCOPE.account,
      tags: [],
      vpcId,
      isDefault: true,
      entries: [
        { ruleNumber: 100, egress: false, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
        { ruleNumber: 100, egress: true, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
      ],
      associations: [],
    };
    const entries: NetworkAclEntry[] = [];
    for (let r = 0; r < shape.aclRules - 1; r++) {
      for (const egress of [false, true]) {
        entries.push({
          ruleNumber: 10 + r * 10,
          egress,
          protocol: "6",
          ruleAction: r % 4 === 3 ? "deny" : "allow",
          cidrBlock: `${(r * 11) % 223}.${r}.0.0/16`,
          portRange: { from: 2000 + r, to: 2000 + r },
        });
      }
    }
    // The last entry of each direction allows the rest (ephemeral ports and all).
    for (const egress of [false, true]) {
      entries.push({
        ruleNumber: 32000,
        egress,
        protocol: "-1",
        ruleAction: "allow",
        cidrBlock: "0.0.0.0/0",
      });
    }
    const customAcl: NetworkAcl = {
      id: id("acl"),
      ownerId: SCOPE.account,
      tags: [],
      vpcId,
      isDefault: false,
      // Stored out of order on purpose: compile sorts by rule number.
      entries: entries.reverse(),
      associations: [],
    };

    const mainTable: RouteTable = {
      id: id("rtb"),
      ownerId: SCOPE.account,
      tags: [],
      vpcId,
      routes: [
        {
          destination: { kind: "ipv4", cidr: vpcCidr },
          target: { kind: "local", id: "local" },
          origin: "CreateRouteTable",
        },
        {
          destination: { kind: "ipv4", cidr: "0.0.0.0/0" },
          target: { kind: "gateway", id: igwId },
          origin: "CreateRoute",
        },
      ],
      associations: [{ id: id("rtbassoc"), main: true }],
      propagatingVgwIds: [],
    };
    const privateTableId = id("rtb");
    const privateAssociations: { id: string; main: boolean; subnetId: string }[] = [];
    const defaultAssociations: { id: string; subnetId: string }[] = [];
    const customAssociations: { id: string; subnetId: string }[] = [];
    let natId: string | undefined;

    for (let s = 0; s < shape.subnetsPerVpc; s++) {
      const subnetId = id("subnet");
      const third = s;
      subnets.push({
        id: subnetId,
        ownerId: SCOPE.account,
        tags: [],
        vpcId,
        state: "available",
        cidrBlock: `${prefix}.${third}.0/24`,
        ipv6CidrBlockAssociations: [],
        availabilityZone: "us-east-1a",
        availabilityZoneId: "use1-az1",
        defaultForAz: false,
        mapPublicIpOnLaunch: s === 0,
        mapCustomerOwnedIpOnLaunch: false,
        assignIpv6AddressOnCreation: false,
        enableDns64: false,
        ipv6Native: false,
        privateDnsHostnameType: "ip-name",
        enableResourceNameDnsARecord: false,
        enableResourceNameDnsAAAARecord: false,
      });
      if (s > 0) privateAssociations.push({ id: id("rtbassoc"), main: false, subnetId });
      (s % 2 === 1 ? customAssociations : defaultAssociations).push({ id: id("aclassoc"), subnetId });

      for (let i = 0; i < shape.interfacesPerSubnet; i++) {
        const address = `${prefix}.${third}.${10 + i}`;
        const instanceId = id("i");
        const eniId = id("eni");
        const groupIds =
          i % 3 === 0 ? [vpcGroups[0]!.id] : [vpcGroups[i % vpcGroups.length]!.id, vpcGroups[0]!.id];
        const isPublic = s === 0 && i === 0;
        enis.push({
          id: eniId,
          ownerId: SCOPE.account,
          tags: [],
          subnetId,
          vpcId,
          availabilityZone: "us-east-1a",
          description: "",
          interfaceType: "interface",
          status: "in-use",
          macAddress: "02:00:00:00:00:00",
          privateIpAddresses: [
            {
              address,
              primary: true,
              ...(isPublic ? { association: { publicIp: publicIp(), ipOwnerId: "amazon" } } : {}),
            },
          ],
          ipv6Addresses: [],
          groupIds,
          sourceDestCheck: true,
          requesterManaged: false,
          attachment: {
            attachmentId: id("eni-attach"),
            instanceId,
            instanceOwnerId: SCOPE.account,
            deviceIndex: 0,
            networkCardIndex: 0,
            status: "attached",
            attachTime: EPOCH,
            deleteOnTermination: true,
          },
          instanceId,
        });
        instances.push({
          id: instanceId,
          ownerId: SCOPE.account,
          tags: [],
          reservationId: id("r"),
          amiLaunchIndex: 0,
          imageId: "ami-0123456789abcdef0",
          instanceType: "t3.micro",
          launchTime: EPOCH,
          availabilityZone: "us-east-1a",
          tenancy: "default",
          state: "running",
          stateTransitionReason: "",
          subnetId,
          vpcId,
          networkInterfaceIds: [eniId],
          architecture: "x86_64",
          rootDeviceName: "/dev/xvda",
          ebsOptimized: false,
          monitoring: "disabled",
          disableApiTermination: false,
          instanceInitiatedShutdownBehavior: "stop",
        });
      }
      if (s === 0) {
        // The VPC's NAT gateway, in its first (public) subnet.
        natId = id("nat");
        const natEni = id("eni");
        const natPublic = publicIp();
        const natAddress = `${prefix}.${third}.5`;
        enis.push({
          id: natEni,
          ownerId: SCOPE.account,
          tags: [],
          subnetId,
          vpcId,
          availabilityZone: "us-east-1a",
          description: `Interface for NAT Gateway ${natId}`,
          interfaceType: "nat_gateway",
          status: "in-use",
          macAddress: "02:00:00:00:00:01",
          privateIpAddresses: [
            {
              address: natAddress,
              primary: true,
              association: { publicIp: natPublic, ipOwnerId: SCOPE.account },
            },
          ],
          ipv6Addresses: [],
          groupIds: [],
          sourceDestCheck: false,
          requesterManaged: true,
        });
        nats.push({
          id: natId,
          ownerId: SCOPE.account,
          tags: [],
          vpcId,
          subnetId,
          connectivityType: "public",
          state: "available",
          createTime: EPOCH,
          addresses: [
            {
              networkInterfaceId: natEni,
              privateIp: natAddress,
              publicIp: natPublic,
              isPrimary: true,
              status: "succeeded",
            },
          ],
        });
      }
    }
    acls.push(
      { ...defaultAcl, associations: defaultAssociations },
      { ...customAcl, associations: customAssociations },
    );
    tables.push(mainTable, {
      id: privateTableId,
      ownerId: SCOPE.account,
      tags: [],
      vpcId,
      routes: [
        {
          destination: { kind: "ipv4", cidr: vpcCidr },
          target: { kind: "local", id: "local" },
          origin: "CreateRouteTable",
        },
        {
          destination: { kind: "ipv4", cidr: "0.0.0.0/0" },
          target: { kind: "natGateway", id: natId! },
          origin: "CreateRoute",
        },
      ],
      associations: privateAssociations,
      propagatingVgwIds: [],
    });
  }

  // Peerings between neighbours (v, v+1), with routes in every table of both VPCs.
  const tablesByVpc = new Map<string, number[]>();
  tables.forEach((t, i) => {
    const list = tablesByVpc.get(t.vpcId);
    if (list) list.push(i);
    else tablesByVpc.set(t.vpcId, [i]);
  });
  const side = (vpc: Vpc) => ({
    vpcId: vpc.id,
    ownerId: SCOPE.account,
    region: SCOPE.region,
    cidrBlocks: [vpc.cidrBlock],
    ipv6CidrBlocks: [],
    options: {
      allowDnsResolutionFromRemoteVpc: false,
      allowEgressFromLocalClassicLinkToRemoteVpc: false,
      allowEgressFromLocalVpcToRemoteClassicLink: false,
    },
  });
  for (let p = 0; p < Math.min(shape.peerings, shape.vpcs - 1); p++) {
    const a = vpcs[p]!;
    const b = vpcs[p + 1]!;
    const pcxId = id("pcx");
    peerings.push({
      id: pcxId,
      tags: [],
      requester: side(a),
      accepter: side(b),
      vpcIds: [a.id, b.id],
      status: "active",
      statusMessage: "Active",
      createTime: EPOCH,
      expirationTime: EPOCH,
      acceptTime: EPOCH,
    });
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const i of tablesByVpc.get(from.id) ?? []) {
        const t = tables[i]!;
        tables[i] = {
          ...t,
          routes: [
            ...t.routes,
            {
              destination: { kind: "ipv4", cidr: to.cidrBlock },
              target: { kind: "vpcPeeringConnection", id: pcxId },
              origin: "CreateRoute",
            },
          ],
        };
      }
    }
  }

  const scoped = <R>(records: readonly R[]) => records.map((record) => ({ scope: SCOPE, record }));
  return {
    vpc: scoped(vpcs),
    subnet: scoped(subnets),
    routeTable: scoped(tables),
    internetGateway: scoped(igws),
    networkAcl: scoped(acls),
    securityGroup: scoped(groups),
    networkInterface: scoped(enis),
    instance: scoped(instances),
    natGateway: scoped(nats),
    vpcPeeringConnection: scoped(peerings),
  };
}

// ---- measuring -----------------------------------------------------------------------------------

setFlagsFromString("--expose_gc");
const gc = runInNewContext("gc") as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A deterministic pseudo-random sequence (the benchmark must not depend on Math.random's seed). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface TraceCase {
  readonly kind: string;
  readonly from: Endpoint;
  readonly request: TraceRequest;
}

function traceCases(snapshot: NetworkSnapshot, shape: NetworkShape, count: number): TraceCase[] {
  const random = lcg(42);
  const instances = snapshot.instance!;
  const enis = snapshot.networkInterface!;
  const perVpc = shape.subnetsPerVpc * shape.interfacesPerSubnet;
  const instanceAt = (v: number, s: number, i: number) =>
    instances[v * perVpc + s * shape.interfacesPerSubnet + i]!.record;
  const publicIps = enis
    .filter((e) => e.record.interfaceType === "interface")
    .map((e) => e.record.privateIpAddresses[0]?.association?.publicIp)
    .filter((p): p is string => p !== undefined);
  const cases: TraceCase[] = [];
  const kinds = ["same-vpc", "internet-via-igw", "internet-via-nat", "from-internet", "peering"] as const;
  for (let n = 0; n < count; n++) {
    const kind = kinds[n % kinds.length]!;
    const v = Math.floor(random() * Math.min(shape.vpcs, Math.max(1, shape.peerings)));
    const s = 1 + Math.floor(random() * (shape.subnetsPerVpc - 1));
    const i = Math.floor(random() * shape.interfacesPerSubnet);
    switch (kind) {
      case "same-vpc": {
        // Every interface is in group 0; group g > 0 opens 1000 + 100 g to group 0's members.
        const j = (i + 1) % shape.interfacesPerSubnet;
        const to = instanceAt(v, (s % (shape.subnetsPerVpc - 1)) + 1, j);
        const g = j % shape.groupsPerVpc;
        const port = j % 3 !== 0 && g > 0 && n % 2 === 0 ? 1000 + g * 100 : 443;
        cases.push({
          kind,
          from: { kind: "instance", id: instanceAt(v, s, i).id },
          request: { to: { kind: "instance", id: to.id }, protocol: 6, destinationPort: port },
        });
        break;
      }
      case "internet-via-igw":
        cases.push({
          kind,
          from: { kind: "instance", id: instanceAt(v, 0, 0).id },
          request: { to: { kind: "address", address: "8.8.8.8" }, protocol: 6, destinationPort: 443 },
        });
        break;
      case "internet-via-nat":
        cases.push({
          kind,
          from: { kind: "instance", id: instanceAt(v, s, i).id },
          request: { to: { kind: "address", address: "8.8.8.8" }, protocol: 6, destinationPort: 443 },
        });
        break;
      case "from-internet":
        cases.push({
          kind,
          from: { kind: "internet", address: "198.51.100.7" },
          request: {
            to: { kind: "address", address: publicIps[Math.floor(random() * publicIps.length)]! },
            protocol: 6,
            destinationPort: 443,
          },
        });
        break;
      case "peering": {
        const to = instanceAt(v + 1, s, i);
        cases.push({
          kind,
          from: { kind: "instance", id: instanceAt(v, s, i).id },
          request: { to: { kind: "instance", id: to.id }, protocol: 6, destinationPort: 443 },
        });
        break;
      }
    }
  }
  return cases;
}

export interface DataplaneBenchResult {
  readonly shape: NetworkShape;
  readonly records: Readonly<Record<string, number>>;
  readonly generateMs: number;
  readonly snapshotHeapMb: number;
  readonly compileMs: number;
  readonly graphHeapMb: number;
  readonly totalHeapMb: number;
  readonly rssMb: number;
  readonly graph: Readonly<Record<string, number>>;
  readonly trace: {
    readonly samples: number;
    readonly p50Us: number;
    readonly p99Us: number;
    readonly meanUs: number;
    readonly byKind: Readonly<
      Record<
        string,
        {
          readonly p50Us: number;
          readonly p99Us: number;
          readonly verdicts: Readonly<Record<string, number>>;
        }
      >
    >;
  };
}

export function runDataplaneBench(
  shape: NetworkShape = TARGET_SHAPE,
  samples = 20_000,
): DataplaneBenchResult {
  const before = heapMb();
  const t0 = performance.now();
  const snapshot = generateNetwork(shape);
  const generateMs = performance.now() - t0;
  const afterSnapshot = heapMb();
  const t1 = performance.now();
  const graph = compile(snapshot);
  const compileMs = performance.now() - t1;
  const afterGraph = heapMb();

  const cases = traceCases(snapshot, shape, samples);
  // Warm-up: the JIT compiles the walk before samples are taken.
  for (let n = 0; n < Math.min(5000, cases.length); n++) trace(graph, cases[n]!.from, cases[n]!.request);
  const times = new Float64Array(cases.length);
  const byKind = new Map<string, { times: number[]; verdicts: Record<string, number> }>();
  const outcome = (t: ReturnType<typeof trace>) => t.explanations[0]?.code ?? t.verdict;
  for (let n = 0; n < cases.length; n++) {
    const c = cases[n]!;
    const start = performance.now();
    const result = trace(graph, c.from, c.request);
    const us = (performance.now() - start) * 1000;
    times[n] = us;
    let entry = byKind.get(c.kind);
    if (!entry) {
      entry = { times: [], verdicts: {} };
      byKind.set(c.kind, entry);
    }
    entry.times.push(us);
    const key = outcome(result);
    entry.verdicts[key] = (entry.verdicts[key] ?? 0) + 1;
  }
  const sorted = times.slice().sort();
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    shape,
    records: Object.fromEntries(
      Object.entries(snapshot).map(([kind, list]) => [kind, (list as unknown[]).length]),
    ),
    generateMs: Math.round(generateMs),
    snapshotHeapMb: Math.round(afterSnapshot - before),
    compileMs: Math.round(compileMs),
    graphHeapMb: Math.round(afterGraph - afterSnapshot),
    totalHeapMb: Math.round(afterGraph),
    rssMb: Math.round(process.memoryUsage().rss / (1024 * 1024)),
    graph: { ...graph.stats },
    trace: {
      samples: cases.length,
      p50Us: round(percentile(sorted, 50)),
      p99Us: round(percentile(sorted, 99)),
      meanUs: round(times.reduce((a, b) => a + b, 0) / times.length),
      byKind: Object.fromEntries(
        [...byKind].map(([kind, { times: list, verdicts }]) => {
          const s = Float64Array.from(list).sort();
          return [kind, { p50Us: round(percentile(s, 50)), p99Us: round(percentile(s, 99)), verdicts }];
        }),
      ),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const scale = Number(process.argv[2] ?? 1);
  const shape: NetworkShape = {
    ...TARGET_SHAPE,
    vpcs: Math.max(2, Math.round(TARGET_SHAPE.vpcs * scale)),
    peerings: Math.round(TARGET_SHAPE.peerings * scale),
  };
  process.stdout.write(`${JSON.stringify(runDataplaneBench(shape), null, 2)}\n`);
}
