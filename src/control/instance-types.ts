/**
 * Instance types: a built-in catalogue of common types (DescribeInstanceTypes) with the figures
 * AWS publishes for them, above all the network limits that RunInstances and the network-interface
 * family enforce: how many interfaces an instance of the type takes, and how many private IPv4
 * addresses each interface holds ("IP addresses per network interface per instance type", EC2
 * User Guide). The same catalogue serves every region.
 */
import type { Tag } from "../model/resources.js";
import type { ReadContext } from "./context.js";
import { InvalidInstanceTypeNotFound, InvalidParameterValue } from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { type PageRequest, paginate } from "./pagination.js";

export type Architecture = "x86_64" | "arm64" | "i386";

export interface InstanceTypeInfo {
  readonly instanceType: string;
  readonly currentGeneration: boolean;
  readonly freeTierEligible: boolean;
  readonly architectures: readonly Architecture[];
  readonly manufacturer: string;
  readonly sustainedClockSpeedInGhz?: number;
  readonly vcpus: number;
  readonly defaultCores: number;
  readonly defaultThreadsPerCore: number;
  readonly memoryMiB: number;
  readonly hypervisor: "nitro" | "xen";
  readonly burstable: boolean;
  readonly networkPerformance: string;
  /** Network interfaces an instance of this type can have attached (primary included). */
  readonly maxNetworkInterfaces: number;
  /** Private IPv4 addresses per interface (primary included). */
  readonly ipv4AddressesPerInterface: number;
  readonly ipv6AddressesPerInterface: number;
  readonly ipv6Supported: boolean;
  readonly enaSupport: "required" | "supported" | "unsupported";
  readonly ebsOptimizedSupport: "default" | "supported" | "unsupported";
  readonly ebsNvmeSupport: "required" | "supported" | "unsupported";
  readonly supportedRootDeviceTypes: readonly string[];
  readonly supportedVirtualizationTypes: readonly string[];
  readonly supportedBootModes: readonly string[];
  readonly instanceStorageGb?: number;
  readonly hibernationSupported: boolean;
  readonly dedicatedHostsSupported: boolean;
  readonly autoRecoverySupported: boolean;
  /** Instance types carry no tags; present so that the shared filter engine applies. */
  readonly tags: readonly Tag[];
}

interface Family {
  readonly prefix: string;
  readonly manufacturer: string;
  readonly architecture: Architecture;
  readonly clock?: number;
  readonly hypervisor: "nitro" | "xen";
  readonly burstable: boolean;
  /** vCPUs per core by default (Graviton has no SMT, T2 shows one thread per core). */
  readonly threadsPerCore: number;
  readonly bootModes: readonly string[];
  /** size → [vCPUs, memory MiB, interfaces, IPv4 per interface, network performance] */
  readonly sizes: Readonly<Record<string, readonly [number, number, number, number, string]>>;
  readonly freeTier?: readonly string[];
}

const T3_SIZES = (performance: string): Family["sizes"] => ({
  nano: [2, 512, 2, 2, performance],
  micro: [2, 1024, 2, 2, performance],
  small: [2, 2048, 3, 4, performance],
  medium: [2, 4096, 3, 6, performance],
  large: [2, 8192, 3, 12, performance],
  xlarge: [4, 16384, 4, 15, performance],
});

const FAMILIES: readonly Family[] = [
  {
    prefix: "t2",
    manufacturer: "Intel",
    architecture: "x86_64",
    clock: 3.3,
    hypervisor: "xen",
    burstable: true,
    threadsPerCore: 1,
    bootModes: ["legacy-bios"],
    sizes: {
      nano: [1, 512, 2, 2, "Low to Moderate"],
      micro: [1, 1024, 2, 2, "Low to Moderate"],
      small: [1, 2048, 3, 4, "Low to Moderate"],
      medium: [2, 4096, 3, 6, "Low to Moderate"],
      large: [2, 8192, 3, 12, "Low to Moderate"],
      xlarge: [4, 16384, 3, 15, "Moderate"],
    },
    freeTier: ["micro"],
  },
  {
    prefix: "t3",
    manufacturer: "Intel",
    architecture: "x86_64",
    clock: 2.5,
    hypervisor: "nitro",
    burstable: true,
    threadsPerCore: 2,
    bootModes: ["legacy-bios", "uefi"],
    sizes: T3_SIZES("Up to 5 Gigabit"),
    freeTier: ["micro"],
  },
  {
    prefix: "t3a",
    manufacturer: "AMD",
    architecture: "x86_64",
    clock: 2.2,
    hypervisor: "nitro",
    burstable: true,
    threadsPerCore: 2,
    bootModes: ["legacy-bios", "uefi"],
    sizes: T3_SIZES("Up to 5 Gigabit"),
  },
  {
    prefix: "t4g",
    manufacturer: "AWS",
    architecture: "arm64",
    clock: 2.5,
    hypervisor: "nitro",
    burstable: true,
    threadsPerCore: 1,
    bootModes: ["uefi"],
    sizes: T3_SIZES("Up to 5 Gigabit"),
  },
  ...(
    [
      ["m5", "Intel", 3.1, "Up to 10 Gigabit", 8192],
      ["m6i", "Intel", 3.5, "Up to 12.5 Gigabit", 8192],
      ["c5", "Intel", 3.4, "Up to 10 Gigabit", 4096],
      ["c6i", "Intel", 3.5, "Up to 12.5 Gigabit", 4096],
      ["r5", "Intel", 3.1, "Up to 10 Gigabit", 16384],
    ] as const
  ).map(
    ([prefix, manufacturer, clock, performance, largeMemory]): Family => ({
      prefix,
      manufacturer,
      architecture: "x86_64",
      clock,
      hypervisor: "nitro",
      burstable: false,
      threadsPerCore: 2,
      bootModes: ["legacy-bios", "uefi"],
      sizes: {
        large: [2, largeMemory, 3, 10, performance],
        xlarge: [4, largeMemory * 2, 4, 15, performance],
        "2xlarge": [8, largeMemory * 4, 4, 15, performance],
      },
    }),
  ),
];

function fromFamily(f: Family, size: string): InstanceTypeInfo {
  const [vcpus, memoryMiB, interfaces, ipv4, networkPerformance] = f.sizes[size]!;
  const nitro = f.hypervisor === "nitro";
  return {
    instanceType: `${f.prefix}.${size}`,
    currentGeneration: true,
    freeTierEligible: f.freeTier?.includes(size) ?? false,
    architectures: [f.architecture],
    manufacturer: f.manufacturer,
    ...(f.clock !== undefined ? { sustainedClockSpeedInGhz: f.clock } : {}),
    vcpus,
    defaultCores: Math.max(1, vcpus / f.threadsPerCore),
    defaultThreadsPerCore: vcpus === 1 ? 1 : f.threadsPerCore,
    memoryMiB,
    hypervisor: f.hypervisor,
    burstable: f.burstable,
    networkPerformance,
    maxNetworkInterfaces: interfaces,
    ipv4AddressesPerInterface: ipv4,
    ipv6AddressesPerInterface: ipv4,
    ipv6Supported: true,
    enaSupport: nitro ? "required" : "unsupported",
    ebsOptimizedSupport: nitro ? "default" : "unsupported",
    ebsNvmeSupport: nitro ? "required" : "unsupported",
    supportedRootDeviceTypes: ["ebs"],
    supportedVirtualizationTypes: ["hvm"],
    supportedBootModes: f.bootModes,
    hibernationSupported: f.architecture !== "arm64",
    dedicatedHostsSupported: f.prefix !== "t2",
    autoRecoverySupported: true,
    tags: [],
  };
}

/** m1.small: RunInstances' documented default type ("Default: m1.small", API reference). */
const M1_SMALL: InstanceTypeInfo = {
  instanceType: "m1.small",
  currentGeneration: false,
  freeTierEligible: false,
  architectures: ["i386", "x86_64"],
  manufacturer: "Intel",
  vcpus: 1,
  defaultCores: 1,
  defaultThreadsPerCore: 1,
  memoryMiB: 1740,
  hypervisor: "xen",
  burstable: false,
  networkPerformance: "Low",
  maxNetworkInterfaces: 2,
  ipv4AddressesPerInterface: 4,
  ipv6AddressesPerInterface: 0,
  ipv6Supported: false,
  enaSupport: "unsupported",
  ebsOptimizedSupport: "unsupported",
  ebsNvmeSupport: "unsupported",
  supportedRootDeviceTypes: ["ebs", "instance-store"],
  supportedVirtualizationTypes: ["hvm", "paravirtual"],
  supportedBootModes: ["legacy-bios"],
  instanceStorageGb: 160,
  hibernationSupported: false,
  dedicatedHostsSupported: false,
  autoRecoverySupported: false,
  tags: [],
};

export const INSTANCE_TYPES: readonly InstanceTypeInfo[] = [
  ...FAMILIES.flatMap((f) => Object.keys(f.sizes).map((size) => fromFamily(f, size))),
  M1_SMALL,
].sort((a, b) => (a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0));

const byName = new Map(INSTANCE_TYPES.map((t) => [t.instanceType, t]));

/** RunInstances' default when `InstanceType` is omitted (API reference: "Default: m1.small"). */
export const DEFAULT_INSTANCE_TYPE = "m1.small";

export function findInstanceType(name: string): InstanceTypeInfo | undefined {
  return byName.get(name);
}

/** The type, or AWS's RunInstances error for a type it does not know ("Invalid value 'x' for InstanceType."). */
export function requireInstanceType(name: string): InstanceTypeInfo {
  const found = byName.get(name);
  if (!found) throw new InvalidParameterValue(`Invalid value '${name}' for InstanceType.`);
  return found;
}

const yesNo = (supported: boolean) => (supported ? "supported" : "unsupported");

export const INSTANCE_TYPE_FILTERS: FilterTable<InstanceTypeInfo> = {
  "auto-recovery-supported": (t) => t.autoRecoverySupported,
  "bare-metal": () => false,
  "burstable-performance-supported": (t) => t.burstable,
  "current-generation": (t) => t.currentGeneration,
  "dedicated-hosts-supported": (t) => t.dedicatedHostsSupported,
  "ebs-info.attachment-limit-type": (t) => (t.hypervisor === "nitro" ? "shared" : undefined),
  "ebs-info.maximum-ebs-attachments": (t) =>
    t.hypervisor === "nitro" ? 28 - t.maxNetworkInterfaces : undefined,
  "ebs-info.ebs-optimized-info.baseline-bandwidth-in-mbps": () => undefined,
  "ebs-info.ebs-optimized-info.baseline-iops": () => undefined,
  "ebs-info.ebs-optimized-info.baseline-throughput-in-mbps": () => undefined,
  "ebs-info.ebs-optimized-info.maximum-bandwidth-in-mbps": () => undefined,
  "ebs-info.ebs-optimized-info.maximum-iops": () => undefined,
  "ebs-info.ebs-optimized-info.maximum-throughput-in-mbps": () => undefined,
  "ebs-info.ebs-optimized-support": (t) => t.ebsOptimizedSupport,
  "ebs-info.encryption-support": () => "supported",
  "ebs-info.nvme-support": (t) => t.ebsNvmeSupport,
  "free-tier-eligible": (t) => t.freeTierEligible,
  "hibernation-supported": (t) => t.hibernationSupported,
  hypervisor: (t) => t.hypervisor,
  "instance-storage-info.disk.count": (t) => (t.instanceStorageGb ? 1 : undefined),
  "instance-storage-info.disk.size-in-gb": (t) => t.instanceStorageGb,
  "instance-storage-info.disk.type": (t) => (t.instanceStorageGb ? "hdd" : undefined),
  "instance-storage-info.encryption-support": (t) => (t.instanceStorageGb ? "unsupported" : undefined),
  "instance-storage-info.nvme-support": (t) => (t.instanceStorageGb ? "unsupported" : undefined),
  "instance-storage-info.total-size-in-gb": (t) => t.instanceStorageGb,
  "instance-storage-supported": (t) => t.instanceStorageGb !== undefined,
  "instance-type": (t) => t.instanceType,
  "memory-info.size-in-mib": (t) => t.memoryMiB,
  "network-info.bandwidth-weightings": () => "default",
  "network-info.efa-info.maximum-efa-interfaces": () => undefined,
  "network-info.efa-supported": () => false,
  "network-info.ena-support": (t) => t.enaSupport,
  "network-info.flexible-ena-queues-support": () => "unsupported",
  "network-info.encryption-in-transit-supported": () => false,
  "network-info.ipv4-addresses-per-interface": (t) => t.ipv4AddressesPerInterface,
  "network-info.ipv6-addresses-per-interface": (t) => t.ipv6AddressesPerInterface,
  "network-info.ipv6-supported": (t) => t.ipv6Supported,
  "network-info.maximum-network-cards": () => 1,
  "network-info.maximum-network-interfaces": (t) => t.maxNetworkInterfaces,
  "network-info.network-performance": (t) => t.networkPerformance,
  "nitro-enclaves-support": () => "unsupported",
  "nitro-tpm-support": (t) => yesNo(t.hypervisor === "nitro" && t.supportedBootModes.includes("uefi")),
  "nitro-tpm-info.supported-versions": (t) =>
    t.hypervisor === "nitro" && t.supportedBootModes.includes("uefi") ? "2.0" : undefined,
  "processor-info.supported-architecture": (t) => t.architectures,
  "processor-info.sustained-clock-speed-in-ghz": (t) => t.sustainedClockSpeedInGhz,
  "processor-info.supported-features": () => undefined,
  "reboot-migration-support": () => "unsupported",
  "supported-boot-mode": (t) => t.supportedBootModes,
  "supported-root-device-type": (t) => t.supportedRootDeviceTypes,
  "supported-usage-class": () => ["on-demand", "spot"],
  "supported-virtualization-type": (t) => t.supportedVirtualizationTypes,
  "vcpu-info.default-cores": (t) => t.defaultCores,
  "vcpu-info.default-threads-per-core": (t) => t.defaultThreadsPerCore,
  "vcpu-info.default-vcpus": (t) => t.vcpus,
  "vcpu-info.valid-cores": () => undefined,
  "vcpu-info.valid-threads-per-core": () => undefined,
};

/** DescribeInstanceTypes accepts MaxResults 5–100 (model shape `DITMaxResults`). */
const INSTANCE_TYPE_PAGE_LIMITS = { min: 5, max: 100 };

export interface DescribeInstanceTypesInput extends PageRequest {
  readonly instanceTypes?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeInstanceTypes(
  _ctx: ReadContext,
  input: DescribeInstanceTypesInput,
): { instanceTypes: readonly InstanceTypeInfo[]; nextToken?: string } {
  // Instance types have no tags: AWS does not offer the tag filters here.
  const matches = compileFilters(INSTANCE_TYPE_FILTERS, input.filters, { tagFilters: false });
  let candidates = INSTANCE_TYPES;
  if (input.instanceTypes && input.instanceTypes.length > 0) {
    const missing = input.instanceTypes.filter((name) => !byName.has(name));
    if (missing.length > 0) throw new InvalidInstanceTypeNotFound(missing);
    const wanted = new Set(input.instanceTypes);
    candidates = INSTANCE_TYPES.filter((t) => wanted.has(t.instanceType));
  }
  const page = paginate(
    candidates.filter(matches),
    input,
    ["DescribeInstanceTypes", input.instanceTypes ?? [], input.filters ?? []],
    INSTANCE_TYPE_PAGE_LIMITS,
  );
  return { instanceTypes: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}
