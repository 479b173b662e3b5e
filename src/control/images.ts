/**
 * AMIs: a small built-in catalogue (DescribeImages) of the public images tools look up most:
 * Amazon Linux 2023, Amazon Linux 2 and Ubuntu 22.04/24.04, x86_64 and arm64, with AWS's owners
 * (Amazon `137112412989` with alias `amazon`, Canonical `099720109477`) and AWS's naming patterns,
 * so that `Owners=amazon` + `Filter name=al2023-ami-*-x86_64` (Terraform's `aws_ami`, the CDK's
 * `MachineImage.latestAmazonLinux2023`, scripts) find them. Ids are derived from the region and the
 * name, so they are the same on every run and differ between regions, as real AMI ids do.
 */
import { createHash } from "node:crypto";
import { isWellFormedId } from "../model/ids.js";
import type { Tag } from "../model/resources.js";
import type { ReadContext } from "./context.js";
import { InvalidAmiIdMalformed, InvalidAmiIdNotFound, InvalidParameterCombination } from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { type PageRequest, paginate } from "./pagination.js";

export const AMAZON_OWNER_ID = "137112412989";
export const CANONICAL_OWNER_ID = "099720109477";

export interface Image {
  readonly imageId: string;
  readonly name: string;
  readonly description: string;
  readonly ownerId: string;
  /** `amazon` for Amazon's images; AWS gives Canonical's images no alias. */
  readonly ownerAlias?: string;
  readonly imageLocation: string;
  readonly architecture: "x86_64" | "arm64";
  readonly creationDate: string;
  readonly rootDeviceName: string;
  readonly rootDeviceType: "ebs";
  readonly rootSnapshotId: string;
  readonly rootVolumeSize: number;
  readonly rootVolumeType: "gp2" | "gp3";
  /** Unset for images that boot the instance type's default (legacy BIOS on x86). */
  readonly bootMode?: "uefi" | "uefi-preferred" | "legacy-bios";
  /** `v2.0`: instances launched from it require IMDSv2 (Amazon Linux 2023). */
  readonly imdsSupport?: "v2.0";
  readonly enaSupport: boolean;
  readonly sriovNetSupport: "simple";
  readonly platformDetails: string;
  readonly usageOperation: string;
  readonly isPublic: boolean;
  readonly state: "available";
  readonly imageType: "machine";
  readonly hypervisor: "xen";
  readonly virtualizationType: "hvm";
  readonly tags: readonly Tag[];
}

interface ImageSpec {
  readonly name: string;
  readonly description: string;
  readonly owner: "amazon" | "canonical";
  readonly architecture: "x86_64" | "arm64";
  readonly created: string;
  readonly rootDeviceName: string;
  readonly volumeType: "gp2" | "gp3";
  readonly bootMode?: Image["bootMode"];
  readonly imdsSupport?: "v2.0";
}

const AL2023 = "2023.6.20241212.0";
const AL2 = "2.0.20241217.0";
const UBUNTU_BUILD = "20241206";

const SPECS: readonly ImageSpec[] = [
  ...(["x86_64", "arm64"] as const).flatMap((arch): ImageSpec[] => [
    {
      name: `al2023-ami-${AL2023}-kernel-6.1-${arch}`,
      description: `Amazon Linux 2023 AMI ${AL2023} ${arch} HVM kernel-6.1`,
      owner: "amazon",
      architecture: arch,
      created: "2024-12-12T20:35:09.000Z",
      rootDeviceName: "/dev/xvda",
      volumeType: "gp3",
      bootMode: arch === "arm64" ? "uefi" : "uefi-preferred",
      imdsSupport: "v2.0",
    },
    {
      name: `amzn2-ami-hvm-${AL2}-${arch}-gp2`,
      description: `Amazon Linux 2 AMI ${AL2} ${arch} HVM gp2`,
      owner: "amazon",
      architecture: arch,
      created: "2024-12-17T23:00:44.000Z",
      rootDeviceName: "/dev/xvda",
      volumeType: "gp2",
      ...(arch === "arm64" ? { bootMode: "uefi" as const } : {}),
    },
    {
      name: `amzn2-ami-kernel-5.10-hvm-${AL2}-${arch}-gp2`,
      description: `Amazon Linux 2 Kernel 5.10 AMI ${AL2} ${arch} HVM gp2`,
      owner: "amazon",
      architecture: arch,
      created: "2024-12-17T23:00:51.000Z",
      rootDeviceName: "/dev/xvda",
      volumeType: "gp2",
      ...(arch === "arm64" ? { bootMode: "uefi" as const } : {}),
    },
  ]),
  ...(["amd64", "arm64"] as const).flatMap((arch): ImageSpec[] => {
    const architecture = arch === "amd64" ? "x86_64" : "arm64";
    const bootMode = arch === "amd64" ? "uefi-preferred" : "uefi";
    return [
      {
        name: `ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-${arch}-server-${UBUNTU_BUILD}`,
        description: `Canonical, Ubuntu, 22.04 LTS, ${arch} jammy image build on 2024-12-06`,
        owner: "canonical",
        architecture,
        created: "2024-12-06T11:04:27.000Z",
        rootDeviceName: "/dev/sda1",
        volumeType: "gp2",
        bootMode,
      },
      {
        name: `ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${arch}-server-${UBUNTU_BUILD}`,
        description: `Canonical, Ubuntu, 24.04, ${arch} noble image`,
        owner: "canonical",
        architecture,
        created: "2024-12-06T11:05:19.000Z",
        rootDeviceName: "/dev/sda1",
        volumeType: "gp3",
        bootMode,
      },
    ];
  }),
];

function derivedId(prefix: string, region: string, name: string): string {
  // `0` + 16 hex digits: the shape of every AMI id AWS hands out today.
  const hex = createHash("sha256").update(`${prefix}\u0000${region}\u0000${name}`).digest("hex");
  return `${prefix}-0${hex.slice(0, 16)}`;
}

function buildImage(region: string, spec: ImageSpec): Image {
  const ownerId = spec.owner === "amazon" ? AMAZON_OWNER_ID : CANONICAL_OWNER_ID;
  return {
    imageId: derivedId("ami", region, spec.name),
    name: spec.name,
    description: spec.description,
    ownerId,
    ...(spec.owner === "amazon" ? { ownerAlias: "amazon" } : {}),
    imageLocation: `${spec.owner === "amazon" ? "amazon" : ownerId}/${spec.name}`,
    architecture: spec.architecture,
    creationDate: spec.created,
    rootDeviceName: spec.rootDeviceName,
    rootDeviceType: "ebs",
    rootSnapshotId: derivedId("snap", region, spec.name),
    rootVolumeSize: 8,
    rootVolumeType: spec.volumeType,
    ...(spec.bootMode !== undefined ? { bootMode: spec.bootMode } : {}),
    ...(spec.imdsSupport !== undefined ? { imdsSupport: spec.imdsSupport } : {}),
    enaSupport: true,
    sriovNetSupport: "simple",
    platformDetails: "Linux/UNIX",
    usageOperation: "RunInstances",
    isPublic: true,
    state: "available",
    imageType: "machine",
    hypervisor: "xen",
    virtualizationType: "hvm",
    tags: [],
  };
}

const catalogues = new Map<
  string,
  { readonly images: readonly Image[]; readonly byId: Map<string, Image> }
>();

function catalogue(region: string) {
  let found = catalogues.get(region);
  if (!found) {
    const images = SPECS.map((s) => buildImage(region, s));
    found = { images, byId: new Map(images.map((i) => [i.imageId, i])) };
    catalogues.set(region, found);
  }
  return found;
}

/** Every image of the region's catalogue. */
export function imagesOf(region: string): readonly Image[] {
  return catalogue(region).images;
}

/** The catalogue image named `name` in `region` (tests and tools use this to find ids). */
export function imageByName(region: string, name: string): Image | undefined {
  return catalogue(region).images.find((i) => i.name === name);
}

function assertWellFormedImageId(id: string): void {
  if (!isWellFormedId("ami", id)) throw new InvalidAmiIdMalformed(id);
}

/** The image RunInstances launches, or AWS's `InvalidAMIID.Malformed` / `InvalidAMIID.NotFound`. */
export function requireImage(region: string, imageId: string): Image {
  assertWellFormedImageId(imageId);
  const image = catalogue(region).byId.get(imageId);
  if (!image) throw new InvalidAmiIdNotFound([imageId]);
  return image;
}

export const IMAGE_FILTERS: FilterTable<Image> = {
  architecture: (i) => i.architecture,
  "block-device-mapping.delete-on-termination": () => true,
  "block-device-mapping.device-name": (i) => i.rootDeviceName,
  "block-device-mapping.snapshot-id": (i) => i.rootSnapshotId,
  "block-device-mapping.volume-size": (i) => i.rootVolumeSize,
  "block-device-mapping.volume-type": (i) => i.rootVolumeType,
  "block-device-mapping.encrypted": () => false,
  "boot-mode": (i) => i.bootMode,
  "creation-date": (i) => i.creationDate,
  description: (i) => i.description,
  "ena-support": (i) => i.enaSupport,
  "free-tier-eligible": () => true,
  hypervisor: (i) => i.hypervisor,
  "image-allowed": () => true,
  "image-id": (i) => i.imageId,
  "image-watermark.source-image-creation-time": () => undefined,
  "image-watermark.source-image-id": () => undefined,
  "image-watermark.source-image-region": () => undefined,
  "image-watermark.watermark-creation-time": () => undefined,
  "image-watermark.watermark-key": () => undefined,
  "image-type": (i) => i.imageType,
  "instance-type-specification.supported-instance-type": () => undefined,
  "instance-type-specification.unsupported-instance-type": () => undefined,
  "is-public": (i) => i.isPublic,
  "kernel-id": () => undefined,
  "manifest-location": (i) => i.imageLocation,
  name: (i) => i.name,
  "owner-alias": (i) => i.ownerAlias,
  "owner-id": (i) => i.ownerId,
  platform: () => undefined,
  "product-code": () => undefined,
  "product-code.type": () => undefined,
  "public-ssm-parameter-name": () => undefined,
  "ramdisk-id": () => undefined,
  "root-device-name": (i) => i.rootDeviceName,
  "root-device-type": (i) => i.rootDeviceType,
  "scan-result.critical-fix-available-since": () => undefined,
  "scan-result.finding-scan-date": () => undefined,
  "scan-result.high-fix-available-since": () => undefined,
  "scan-result.highest-finding-severity-label": () => undefined,
  "scan-result.informational-fix-available-since": () => undefined,
  "scan-result.low-fix-available-since": () => undefined,
  "scan-result.medium-fix-available-since": () => undefined,
  "source-image-id": () => undefined,
  "source-image-region": () => undefined,
  "source-instance-id": () => undefined,
  state: (i) => i.state,
  "state-reason-code": () => undefined,
  "state-reason-message": () => undefined,
  "sriov-net-support": (i) => i.sriovNetSupport,
  "virtualization-type": (i) => i.virtualizationType,
};

/** `Owners`: account ids, `self`, or the aliases `amazon`, `aws-marketplace`, `aws-backup-vault`. */
function ownedBy(image: Image, owner: string, account: string): boolean {
  if (owner === "self") return image.ownerId === account;
  if (/^\d{12}$/.test(owner)) return image.ownerId === owner;
  return image.ownerAlias === owner;
}

/**
 * `ExecutableUsers`: `all` selects public images; `self` or an account id selects images shared
 * with that account explicitly, which no catalogue image is.
 */
function executableBy(image: Image, user: string): boolean {
  return user === "all" ? image.isPublic : false;
}

export interface DescribeImagesInput extends PageRequest {
  readonly imageIds?: readonly string[];
  readonly owners?: readonly string[];
  readonly executableUsers?: readonly string[];
  readonly filters?: readonly Filter[];
  readonly includeDeprecated?: boolean;
}

export function describeImages(
  ctx: ReadContext,
  input: DescribeImagesInput,
): { images: readonly Image[]; nextToken?: string } {
  if (input.imageIds?.length && input.maxResults !== undefined) {
    throw new InvalidParameterCombination(
      "The parameter imagesSet cannot be used with the parameter maxResults",
    );
  }
  const matches = compileFilters(IMAGE_FILTERS, input.filters);
  const { images, byId } = catalogue(ctx.scope.region);
  let candidates = images;
  if (input.imageIds && input.imageIds.length > 0) {
    input.imageIds.forEach(assertWellFormedImageId);
    const missing = [...new Set(input.imageIds)].filter((id) => !byId.has(id));
    if (missing.length > 0) throw new InvalidAmiIdNotFound(missing);
    const wanted = new Set(input.imageIds);
    candidates = images.filter((i) => wanted.has(i.imageId));
  }
  const owners = input.owners?.length ? input.owners : undefined;
  const users = input.executableUsers?.length ? input.executableUsers : undefined;
  // The catalogue's images are never deprecated (a simulator must not lose its images with
  // time), so `IncludeDeprecated` changes nothing.
  const selected = candidates.filter(
    (i) =>
      (!owners || owners.some((o) => ownedBy(i, o, ctx.scope.account))) &&
      (!users || users.some((u) => executableBy(i, u))) &&
      matches(i),
  );
  const page = paginate(selected, input, [
    "DescribeImages",
    input.imageIds ?? [],
    input.owners ?? [],
    input.executableUsers ?? [],
    input.filters ?? [],
  ]);
  return { images: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}
