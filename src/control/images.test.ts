import { describe, expect, it } from "vitest";
import { isWellFormedId } from "../model/ids.js";
import {
  AMAZON_OWNER_ID,
  CANONICAL_OWNER_ID,
  describeImages,
  imageByName,
  imagesOf,
  requireImage,
} from "./images.js";
import { errorCode, testPlane } from "./test-support.js";

describe("the image catalogue", () => {
  it("has Amazon Linux 2023, Amazon Linux 2 and Ubuntu 22.04/24.04 for x86_64 and arm64", () => {
    const images = imagesOf("us-east-1");
    const key = (pattern: RegExp, arch: string) =>
      images.filter((i) => pattern.test(i.name) && i.architecture === arch).length;
    for (const arch of ["x86_64", "arm64"]) {
      expect(key(/^al2023-ami-2023\./, arch)).toBe(1);
      expect(key(/^amzn2-ami-hvm-2\.0\./, arch)).toBe(1);
      expect(key(/^amzn2-ami-kernel-5\.10-hvm-/, arch)).toBe(1);
      expect(key(/ubuntu-jammy-22\.04-/, arch)).toBe(1);
      expect(key(/ubuntu-noble-24\.04-/, arch)).toBe(1);
    }
    for (const image of images) {
      expect(isWellFormedId("ami", image.imageId)).toBe(true);
      expect(image.imageId).toMatch(/^ami-0[0-9a-f]{16}$/);
    }
  });

  it("derives ids from region and name: stable across runs, distinct across regions", () => {
    const name = "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64";
    const east = imageByName("us-east-1", name)!;
    expect(imageByName("us-east-1", name)!.imageId).toBe(east.imageId);
    expect(imageByName("eu-west-1", name)!.imageId).not.toBe(east.imageId);
    expect(east).toMatchObject({
      ownerId: AMAZON_OWNER_ID,
      ownerAlias: "amazon",
      rootDeviceName: "/dev/xvda",
    });
    const jammy = imageByName("us-east-1", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20241206")!;
    expect(jammy).toMatchObject({
      ownerId: CANONICAL_OWNER_ID,
      architecture: "x86_64",
      rootDeviceName: "/dev/sda1",
    });
    expect(jammy.ownerAlias).toBeUndefined();
    expect(errorCode(() => requireImage("eu-west-1", east.imageId))).toBe("InvalidAMIID.NotFound");
    expect(() => requireImage("eu-west-1", east.imageId)).toThrow(
      `The image id '[${east.imageId}]' does not exist`,
    );
    expect(errorCode(() => requireImage("us-east-1", "ami-xyz"))).toBe("InvalidAMIID.Malformed");
  });
});

describe("DescribeImages", () => {
  const plane = testPlane();
  const names = (input: Parameters<typeof describeImages>[1]) =>
    plane.read((ctx) => describeImages(ctx, input)).images.map((i) => i.name);

  it("finds images the way tools look them up: owner alias or account plus a name pattern", () => {
    expect(
      names({ owners: ["amazon"], filters: [{ name: "name", values: ["al2023-ami-2023.*-x86_64"] }] }),
    ).toEqual(["al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64"]);
    expect(
      names({
        owners: ["amazon"],
        filters: [
          { name: "name", values: ["amzn2-ami-hvm-*"] },
          { name: "architecture", values: ["arm64"] },
        ],
      }),
    ).toEqual(["amzn2-ami-hvm-2.0.20241217.0-arm64-gp2"]);
    expect(
      names({
        owners: [CANONICAL_OWNER_ID],
        filters: [{ name: "name", values: ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"] }],
      }),
    ).toEqual(["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20241206"]);
    expect(names({ owners: ["amazon"], filters: [{ name: "name", values: ["ubuntu*"] }] })).toEqual([]);
    expect(names({ owners: ["self"] })).toEqual([]);
    expect(names({ filters: [{ name: "owner-alias", values: ["amazon"] }] })).toHaveLength(6);
    expect(names({ filters: [{ name: "root-device-name", values: ["/dev/sda1"] }] })).toHaveLength(4);
  });

  it("scopes by ExecutableUsers: all public images for `all`, none shared with `self`", () => {
    expect(names({ executableUsers: ["all"] })).toHaveLength(imagesOf("us-east-1").length);
    expect(names({ executableUsers: ["self"] })).toEqual([]);
  });

  it("answers AWS's errors for unknown, malformed and paged id lookups", () => {
    const [first] = imagesOf("us-east-1");
    expect(names({ imageIds: [first!.imageId] })).toEqual([first!.name]);
    expect(errorCode(() => names({ imageIds: ["ami-0123456789abcdef0"] }))).toBe("InvalidAMIID.NotFound");
    expect(errorCode(() => names({ imageIds: ["bogus"] }))).toBe("InvalidAMIID.Malformed");
    expect(errorCode(() => names({ imageIds: [first!.imageId], maxResults: 5 }))).toBe(
      "InvalidParameterCombination",
    );
    expect(errorCode(() => names({ filters: [{ name: "bogus", values: ["x"] }] }))).toBe(
      "InvalidParameterValue",
    );
  });

  it("pages the catalogue", () => {
    const first = plane.read((ctx) => describeImages(ctx, { maxResults: 6 }));
    expect(first.images).toHaveLength(6);
    const rest = plane.read((ctx) => describeImages(ctx, { maxResults: 6, nextToken: first.nextToken! }));
    expect(rest.nextToken).toBeUndefined();
    expect(new Set([...first.images, ...rest.images].map((i) => i.imageId)).size).toBe(
      imagesOf("us-east-1").length,
    );
  });
});
