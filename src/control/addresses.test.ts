import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocateAddress,
  associateAddress,
  describeAddresses,
  disassociateAddress,
  releaseAddress,
} from "./addresses.js";
import { detachInternetGateway } from "./internet-gateways.js";
import {
  attachNetworkInterface,
  createNetworkInterface,
  deleteNetworkInterface,
  primaryAddress,
} from "./network-interfaces.js";
import { eniRecord, type Network, network, putInstance } from "./network-test-support.js";
import { errorCode, testPlane } from "./test-support.js";

function allocate(net: Network) {
  return net.plane.write((ctx) => allocateAddress(ctx, {})).address;
}

function record(net: Network, allocationId: string) {
  return net.plane.read(({ tx, scope }) => tx.get("address", scope, allocationId));
}

function newInterface(net: Network, secondaries = 0) {
  return net.plane.write((ctx) =>
    createNetworkInterface(ctx, { subnetId: net.subnet.id, secondaryPrivateIpAddressCount: secondaries }),
  ).networkInterface;
}

describe("AllocateAddress", () => {
  it("allocates from the region's pool, up to the quota", () => {
    const net = network({
      plane: testPlane({ config: { quotas: { ...testPlane().env.config.quotas, elasticIpsPerRegion: 2 } } }),
    });
    const first = allocate(net);
    expect(first).toMatchObject({
      publicIp: "54.80.1.1",
      domain: "vpc",
      networkBorderGroup: "us-east-1",
      publicIpv4Pool: "amazon",
    });
    expect(first.id).toMatch(/^eipalloc-[0-9a-f]{17}$/);
    allocate(net);
    expect(errorCode(() => allocate(net))).toBe("AddressLimitExceeded");
  });

  it("answers AWS's errors, and recovers an address it released", () => {
    const net = network();
    const make = (input: Parameters<typeof allocateAddress>[1]) =>
      errorCode(() => net.plane.write((ctx) => allocateAddress(ctx, input)));
    expect(make({ domain: "bogus" })).toBe("InvalidParameterValue");
    expect(make({ domain: "standard" })).toBe("UnsupportedOperation");
    expect(make({ networkBorderGroup: "us-west-2" })).toBe("InvalidParameterValue");
    expect(make({ publicIpv4Pool: "ipv4pool-ec2-0123456789abcdef0" })).toBe("UnsupportedOperation");
    expect(make({ address: "54.80.9.9" })).toBe("InvalidAddress.NotFound");
    expect(make({ tagSpecifications: [{ resourceType: "vpc", tags: [{ key: "a", value: "b" }] }] })).toBe(
      "InvalidParameterValue",
    );
    const tagged = net.plane.write((ctx) =>
      allocateAddress(ctx, {
        domain: "vpc",
        tagSpecifications: [{ resourceType: "elastic-ip", tags: [{ key: "Name", value: "nat" }] }],
      }),
    ).address;
    expect(tagged.tags).toEqual([{ key: "Name", value: "nat" }]);
    net.plane.write((ctx) => releaseAddress(ctx, { allocationId: tagged.id }));
    const recovered = net.plane.write((ctx) => allocateAddress(ctx, { address: tagged.publicIp })).address;
    expect(recovered.publicIp).toBe(tagged.publicIp);
    expect(recovered.id).not.toBe(tagged.id);
  });
});

describe("AssociateAddress", () => {
  it("maps an Elastic IP to an interface's primary address, and to a named secondary one", () => {
    const net = network();
    const eni = newInterface(net, 1);
    const a = allocate(net);
    const b = allocate(net);
    const { associationId } = net.plane.write((ctx) =>
      associateAddress(ctx, { allocationId: a.id, networkInterfaceId: eni.id }),
    );
    expect(associationId).toMatch(/^eipassoc-[0-9a-f]{17}$/);
    net.plane.write((ctx) =>
      associateAddress(ctx, { allocationId: b.id, networkInterfaceId: eni.id, privateIpAddress: "10.0.1.5" }),
    );
    expect(record(net, a.id)!.association).toEqual({
      associationId,
      networkInterfaceId: eni.id,
      networkInterfaceOwnerId: net.plane.env.scope.account,
      privateIpAddress: "10.0.1.4",
    });
    expect(eniRecord(net.plane, eni.id)!.privateIpAddresses.map((p) => p.association?.publicIp)).toEqual([
      a.publicIp,
      b.publicIp,
    ]);
    // The same mapping again is idempotent.
    expect(
      net.plane.write((ctx) => associateAddress(ctx, { allocationId: a.id, networkInterfaceId: eni.id }))
        .associationId,
    ).toBe(associationId);
  });

  it("moves an associated address unless AllowReassociation is false, and replaces another Elastic IP", () => {
    const net = network();
    const one = newInterface(net);
    const two = newInterface(net);
    const a = allocate(net);
    const b = allocate(net);
    net.plane.write((ctx) => associateAddress(ctx, { allocationId: a.id, networkInterfaceId: one.id }));
    const refused = errorCode(() =>
      net.plane.write((ctx) =>
        associateAddress(ctx, { allocationId: a.id, networkInterfaceId: two.id, allowReassociation: false }),
      ),
    );
    expect(refused).toBe("Resource.AlreadyAssociated");
    net.plane.write((ctx) => associateAddress(ctx, { allocationId: a.id, networkInterfaceId: two.id }));
    expect(eniRecord(net.plane, one.id)!.privateIpAddresses[0]!.association).toBeUndefined();
    expect(record(net, a.id)!.association?.networkInterfaceId).toBe(two.id);
    // b takes two's primary address: a is disassociated but stays allocated.
    net.plane.write((ctx) => associateAddress(ctx, { allocationId: b.id, networkInterfaceId: two.id }));
    expect(record(net, a.id)).toBeDefined();
    expect(record(net, a.id)!.association).toBeUndefined();
    expect(eniRecord(net.plane, two.id)!.privateIpAddresses[0]!.association?.allocationId).toBe(b.id);
  });

  it("associates with an instance's only interface, and refuses an instance with several", () => {
    const net = network();
    const { instance, eni } = putInstance(net.plane, net.subnet);
    const a = allocate(net);
    net.plane.write((ctx) => associateAddress(ctx, { allocationId: a.id, instanceId: instance.id }));
    expect(record(net, a.id)!.association).toMatchObject({
      instanceId: instance.id,
      networkInterfaceId: eni.id,
    });
    const second = newInterface(net);
    net.plane.write((ctx) =>
      attachNetworkInterface(ctx, { networkInterfaceId: second.id, instanceId: instance.id, deviceIndex: 1 }),
    );
    const spare = allocate(net);
    expect(
      errorCode(() =>
        net.plane.write((ctx) => associateAddress(ctx, { allocationId: spare.id, instanceId: instance.id })),
      ),
    ).toBe("InvalidInstanceID");
  });

  it("answers AWS's errors", () => {
    const net = network();
    const eni = newInterface(net);
    const { instance, eni: pendingEni } = putInstance(net.plane, net.subnet, { state: "pending" });
    const a = allocate(net);
    const associate = (input: Parameters<typeof associateAddress>[1]) =>
      errorCode(() => net.plane.write((ctx) => associateAddress(ctx, input)));
    expect(associate({ networkInterfaceId: eni.id })).toBe("MissingParameter");
    expect(associate({ allocationId: a.id })).toBe("MissingParameter");
    expect(associate({ allocationId: "eipalloc-0123456789abcdef0", networkInterfaceId: eni.id })).toBe(
      "InvalidAllocationID.NotFound",
    );
    expect(associate({ allocationId: "eipalloc-x", networkInterfaceId: eni.id })).toBe(
      "InvalidAllocationID.Malformed",
    );
    expect(associate({ allocationId: a.id, networkInterfaceId: "eni-0123456789abcdef0" })).toBe(
      "InvalidNetworkInterfaceID.NotFound",
    );
    expect(associate({ allocationId: a.id, instanceId: "i-0123456789abcdef0" })).toBe(
      "InvalidInstanceID.NotFound",
    );
    // By instance id AWS answers InvalidInstanceID (terraform-provider-aws#3072); by the id of an
    // interface attached to such an instance, IncorrectInstanceState (terraform-provider-aws#19699).
    expect(associate({ allocationId: a.id, instanceId: instance.id })).toBe("InvalidInstanceID");
    expect(() =>
      net.plane.write((ctx) => associateAddress(ctx, { allocationId: a.id, instanceId: instance.id })),
    ).toThrow(`The pending instance '${instance.id}' is not in a valid state for this operation.`);
    expect(associate({ allocationId: a.id, networkInterfaceId: pendingEni.id })).toBe(
      "IncorrectInstanceState",
    );
    expect(() =>
      net.plane.write((ctx) =>
        associateAddress(ctx, { allocationId: a.id, networkInterfaceId: pendingEni.id }),
      ),
    ).toThrow(
      `The pending instance to which '${pendingEni.id}' is attached is not in a valid state for this operation`,
    );
    expect(associate({ allocationId: a.id, instanceId: instance.id, networkInterfaceId: eni.id })).toBe(
      "InvalidParameterCombination",
    );
    expect(associate({ allocationId: a.id, networkInterfaceId: eni.id, privateIpAddress: "10.0.1.99" })).toBe(
      "InvalidParameterValue",
    );
    expect(associate({ publicIp: "54.80.99.99", networkInterfaceId: eni.id })).toBe(
      "InvalidAddress.NotFound",
    );
    expect(associate({ publicIp: "not-an-ip", networkInterfaceId: eni.id })).toBe("InvalidParameterValue");
    const bare = network({ plane: net.plane, vpcCidr: "10.1.0.0/16", internetGateway: false });
    const isolated = newInterface(bare);
    expect(associate({ allocationId: a.id, networkInterfaceId: isolated.id })).toBe("Gateway.NotAttached");
  });
});

describe("auto-assigned public addresses and Elastic IPs (EC2 User Guide, Public IPv4 addresses)", () => {
  it("an Elastic IP replaces the instance's public address; disassociating brings a new one", () => {
    const net = network();
    const { instance, eni } = putInstance(net.plane, net.subnet, { publicIp: true });
    const auto = primaryAddress(eni).association!.publicIp;
    const a = allocate(net);
    const { associationId } = net.plane.write((ctx) =>
      associateAddress(ctx, { allocationId: a.id, instanceId: instance.id }),
    );
    expect(primaryAddress(eniRecord(net.plane, eni.id)!).association).toMatchObject({
      publicIp: a.publicIp,
      allocationId: a.id,
    });
    net.plane.write((ctx) => disassociateAddress(ctx, { associationId }));
    const fresh = primaryAddress(eniRecord(net.plane, eni.id)!).association!;
    expect(fresh.ipOwnerId).toBe("amazon");
    expect(fresh.publicIp).not.toBe(auto);
    expect(fresh.publicIp).not.toBe(a.publicIp);
  });

  it("no new public address when the instance has several interfaces, or a secondary address holds an Elastic IP", () => {
    const net = network();
    const several = putInstance(net.plane, net.subnet, { publicIp: true });
    const extra = newInterface(net);
    net.plane.write((ctx) =>
      attachNetworkInterface(ctx, {
        networkInterfaceId: extra.id,
        instanceId: several.instance.id,
        deviceIndex: 1,
      }),
    );
    const a = allocate(net);
    const first = net.plane.write((ctx) =>
      associateAddress(ctx, { allocationId: a.id, networkInterfaceId: several.eni.id }),
    );
    net.plane.write((ctx) => disassociateAddress(ctx, { associationId: first.associationId }));
    expect(primaryAddress(eniRecord(net.plane, several.eni.id)!).association).toBeUndefined();

    const single = putInstance(net.plane, net.subnet, { publicIp: true });
    net.plane.write(({ tx, scope }) => {
      const current = tx.get("networkInterface", scope, single.eni.id)!;
      tx.put("networkInterface", scope, {
        ...current,
        privateIpAddresses: [...current.privateIpAddresses, { address: "10.0.1.200", primary: false }],
      });
    });
    const b = allocate(net);
    const c = allocate(net);
    net.plane.write((ctx) =>
      associateAddress(ctx, {
        allocationId: b.id,
        networkInterfaceId: single.eni.id,
        privateIpAddress: "10.0.1.200",
      }),
    );
    const onPrimary = net.plane.write((ctx) =>
      associateAddress(ctx, { allocationId: c.id, networkInterfaceId: single.eni.id }),
    );
    net.plane.write((ctx) => disassociateAddress(ctx, { associationId: onPrimary.associationId }));
    expect(primaryAddress(eniRecord(net.plane, single.eni.id)!).association).toBeUndefined();
  });
});

describe("DisassociateAddress and ReleaseAddress", () => {
  it("disassociates by association id, idempotently by public IP, and answers AWS's errors", () => {
    const net = network();
    const eni = newInterface(net);
    const a = allocate(net);
    const { associationId } = net.plane.write((ctx) =>
      associateAddress(ctx, { allocationId: a.id, networkInterfaceId: eni.id }),
    );
    net.plane.write((ctx) => disassociateAddress(ctx, { associationId }));
    expect(record(net, a.id)!.association).toBeUndefined();
    expect(eniRecord(net.plane, eni.id)!.privateIpAddresses[0]!.association).toBeUndefined();
    net.plane.write((ctx) => disassociateAddress(ctx, { publicIp: a.publicIp }));
    expect(errorCode(() => net.plane.write((ctx) => disassociateAddress(ctx, { associationId })))).toBe(
      "InvalidAssociationID.NotFound",
    );
    expect(errorCode(() => net.plane.write((ctx) => disassociateAddress(ctx, {})))).toBe("MissingParameter");
  });

  it("refuses to release an associated address outside a default VPC, and releases once", () => {
    const net = network();
    const eni = newInterface(net);
    const a = allocate(net);
    net.plane.write((ctx) => associateAddress(ctx, { allocationId: a.id, networkInterfaceId: eni.id }));
    const release = (input: Parameters<typeof releaseAddress>[1]) =>
      errorCode(() => net.plane.write((ctx) => releaseAddress(ctx, input)));
    expect(release({ allocationId: a.id })).toBe("InvalidIPAddress.InUse");
    expect(release({ publicIp: a.publicIp })).toBe("InvalidParameterValue");
    expect(release({ publicIp: a.publicIp, allocationId: a.id })).toBe("InvalidParameterCombination");
    expect(release({})).toBe("MissingParameter");
    expect(release({ allocationId: a.id, networkBorderGroup: "us-east-2" })).toBe("InvalidAddress.NotFound");
    net.plane.write((ctx) => disassociateAddress(ctx, { publicIp: a.publicIp }));
    net.plane.write((ctx) => releaseAddress(ctx, { allocationId: a.id }));
    expect(release({ allocationId: a.id })).toBe("InvalidAllocationID.NotFound");
  });

  it("releases an associated address of a default VPC, disassociating it first", () => {
    const plane = testPlane({ config: { defaultVpc: true } });
    const vpc = plane.read(({ tx, scope }) => tx.list("vpc", scope).find((v) => v.isDefault)!);
    const subnet = plane.read(({ tx, scope }) => tx.listBy("subnet", scope, "vpcId", vpc.id)[0]!);
    const net: Network = { plane, vpc, subnet };
    const eni = newInterface(net);
    const a = allocate(net);
    plane.write((ctx) => associateAddress(ctx, { allocationId: a.id, networkInterfaceId: eni.id }));
    plane.write((ctx) => releaseAddress(ctx, { allocationId: a.id }));
    expect(record(net, a.id)).toBeUndefined();
    expect(eniRecord(plane, eni.id)!.privateIpAddresses[0]!.association).toBeUndefined();
  });

  it("an associated Elastic IP keeps the internet gateway attached until disassociated", () => {
    const net = network();
    const eni = newInterface(net);
    const a = allocate(net);
    net.plane.write((ctx) => associateAddress(ctx, { allocationId: a.id, networkInterfaceId: eni.id }));
    const detach = () =>
      net.plane.write((ctx) =>
        detachInternetGateway(ctx, { internetGatewayId: net.igwId!, vpcId: net.vpc.id }),
      );
    expect(errorCode(detach)).toBe("DependencyViolation");
    net.plane.write((ctx) => disassociateAddress(ctx, { publicIp: a.publicIp }));
    detach();
  });
});

describe("DescribeAddresses", () => {
  it("answers ids, public IPs (together they add up) and every documented filter", () => {
    const net = network();
    const { instance, eni } = putInstance(net.plane, net.subnet);
    const a = allocate(net);
    const b = net.plane.write((ctx) =>
      allocateAddress(ctx, {
        tagSpecifications: [{ resourceType: "elastic-ip", tags: [{ key: "role", value: "spare" }] }],
      }),
    ).address;
    const { associationId } = net.plane.write((ctx) =>
      associateAddress(ctx, { allocationId: a.id, instanceId: instance.id }),
    );
    const read = (input: Parameters<typeof describeAddresses>[1]) =>
      net.plane.read((ctx) => describeAddresses(ctx, input)).addresses.map((x) => x.id);
    const filter = (name: string, ...values: string[]) => read({ filters: [{ name, values }] });
    expect(read({})).toEqual([a.id, b.id]);
    expect(read({ publicIps: [a.publicIp], allocationIds: [b.id] }).sort()).toEqual([a.id, b.id].sort());
    expect(filter("allocation-id", a.id)).toEqual([a.id]);
    expect(filter("association-id", associationId)).toEqual([a.id]);
    expect(filter("domain", "vpc")).toEqual([a.id, b.id]);
    expect(filter("instance-id", instance.id)).toEqual([a.id]);
    expect(filter("network-border-group", "us-east-1")).toEqual([a.id, b.id]);
    expect(filter("network-interface-id", eni.id)).toEqual([a.id]);
    expect(filter("network-interface-owner-id", net.plane.env.scope.account)).toEqual([a.id]);
    expect(filter("private-ip-address", primaryAddress(eni).address)).toEqual([a.id]);
    expect(filter("public-ip", b.publicIp)).toEqual([b.id]);
    expect(filter("tag:role", "spare")).toEqual([b.id]);
    expect(filter("tag-key", "role")).toEqual([b.id]);
    const fails = (input: Parameters<typeof describeAddresses>[1]) =>
      errorCode(() => net.plane.read((ctx) => describeAddresses(ctx, input)));
    expect(fails({ publicIps: ["invalidIp"] })).toBe("InvalidParameterValue");
    expect(fails({ publicIps: ["54.80.200.1"] })).toBe("InvalidAddress.NotFound");
    expect(fails({ allocationIds: ["eipalloc-00000000"] })).toBe("InvalidAllocationID.NotFound");
    expect(fails({ filters: [{ name: "bogus", values: ["x"] }] })).toBe("InvalidParameterValue");
  });
});

describe("Elastic IP associations stay consistent", () => {
  it("after any sequence of associate, disassociate, release and interface deletion", () => {
    type Op = {
      kind: "allocate" | "associate" | "disassociate" | "release" | "delete";
      a: number;
      b: number;
      secondary: boolean;
    };
    const op = fc.record({
      kind: fc.constantFrom("allocate", "associate", "disassociate", "release", "delete"),
      a: fc.nat(10),
      b: fc.nat(10),
      secondary: fc.boolean(),
    }) as fc.Arbitrary<Op>;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const net = network({ plane: testPlane() });
        const instances = [
          putInstance(net.plane, net.subnet, { publicIp: true }),
          putInstance(net.plane, net.subnet),
        ];
        const enis = [...instances.map((i) => i.eni.id), newInterface(net, 1).id, newInterface(net, 1).id];
        for (const o of ops) {
          const addresses = net.plane.read(({ tx, scope }) => tx.list("address", scope));
          const address = addresses[o.a % Math.max(1, addresses.length)];
          const eniId = enis[o.b % enis.length]!;
          try {
            if (o.kind === "allocate" || !address) {
              allocate(net);
            } else if (o.kind === "associate") {
              const eni = eniRecord(net.plane, eniId);
              if (!eni) continue;
              const target = o.secondary
                ? eni.privateIpAddresses[eni.privateIpAddresses.length - 1]!
                : primaryAddress(eni);
              net.plane.write((ctx) =>
                associateAddress(ctx, {
                  allocationId: address.id,
                  networkInterfaceId: eniId,
                  privateIpAddress: target.address,
                }),
              );
            } else if (o.kind === "disassociate") {
              net.plane.write((ctx) => disassociateAddress(ctx, { publicIp: address.publicIp }));
            } else if (o.kind === "release") {
              if (address.association)
                net.plane.write((ctx) => disassociateAddress(ctx, { publicIp: address.publicIp }));
              net.plane.write((ctx) => releaseAddress(ctx, { allocationId: address.id }));
            } else {
              const eni = eniRecord(net.plane, eniId);
              if (eni && !eni.attachment)
                net.plane.write((ctx) => deleteNetworkInterface(ctx, { networkInterfaceId: eniId }));
            }
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (code !== "AddressLimitExceeded") throw error;
          }
          assertConsistent(net);
        }
      }),
      { numRuns: 40 },
    );
  });
});

/** Every association is recorded on both sides, the same way; no public address is held twice. */
function assertConsistent(net: Network): void {
  const { addresses, enis } = net.plane.read(({ tx, scope }) => ({
    addresses: tx.list("address", scope),
    enis: tx.list("networkInterface", scope),
  }));
  for (const address of addresses) {
    if (!address.association) {
      expect(
        enis.some((e) => e.privateIpAddresses.some((p) => p.association?.allocationId === address.id)),
      ).toBe(false);
      continue;
    }
    const eni = enis.find((e) => e.id === address.association!.networkInterfaceId)!;
    expect(eni).toBeDefined();
    const mapped = eni.privateIpAddresses.find((p) => p.address === address.association!.privateIpAddress)!;
    expect(mapped.association).toEqual({
      publicIp: address.publicIp,
      ipOwnerId: address.ownerId,
      allocationId: address.id,
      associationId: address.association.associationId,
    });
    expect(address.association.instanceId).toBe(eni.instanceId);
  }
  for (const eni of enis) {
    for (const p of eni.privateIpAddresses) {
      const id = p.association?.allocationId;
      if (id !== undefined)
        expect(addresses.find((a) => a.id === id)?.association?.networkInterfaceId).toBe(eni.id);
    }
  }
  const publicIps = enis.flatMap((e) =>
    e.privateIpAddresses.flatMap((p) => (p.association ? [p.association.publicIp] : [])),
  );
  expect(new Set(publicIps).size).toBe(publicIps.length);
}
