import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate, normalize, readInputs } from "../../scripts/codegen/generate.js";
import { applyModelPatches } from "../../scripts/codegen/json-patch.js";
import { singular } from "../../scripts/codegen/naming.js";
import { ec2Service } from "./generated/ec2.js";
import { stsService } from "./generated/sts.js";

const repoRoot = join(import.meta.dirname, "../..");

describe("generated models", () => {
  it("are up to date with the generator and its inputs (run `npx tsx scripts/codegen/generate.ts`)", () => {
    const files = generate();
    expect(files.size).toBeGreaterThan(0);
    for (const [path, content] of files) {
      expect(readFileSync(join(repoRoot, path), "utf8"), path).toBe(content);
    }
  });

  it("are deterministic", () => {
    const first = generate();
    const second = generate();
    expect([...second]).toEqual([...first]);
  });

  it("know every operation of the model and implement exactly the listed ones", () => {
    const inputs = readInputs();
    expect(ec2Service.operationNames).toHaveLength(627);
    expect(Object.keys(ec2Service.operations)).toEqual(inputs.operations.ec2);
    expect(Object.keys(stsService.operations)).toEqual(inputs.operations.sts);
    expect(stsService.operations.GetCallerIdentity?.resultWrapper).toBe("GetCallerIdentityResult");
  });

  it("reference only shapes that exist", () => {
    for (const service of [ec2Service, stsService]) {
      const refs = Object.values(service.shapes).flatMap((shape) =>
        shape.type === "structure"
          ? Object.values(shape.members)
          : shape.type === "list"
            ? [shape.member]
            : [shape.key, shape.value],
      );
      for (const ref of refs) {
        const known = /^[a-z]+$/.test(ref.shape) || service.shapes[ref.shape] !== undefined;
        expect(known, ref.shape).toBe(true);
      }
      for (const op of Object.values(service.operations)) {
        if (op.input) expect(service.shapes[op.input]?.type).toBe("structure");
        if (op.output) expect(service.shapes[op.output]?.type).toBe("structure");
      }
    }
  });

  it("name shared shapes after the members that use them", () => {
    const names = Object.keys(ec2Service.shapes);
    for (const name of [
      "Vpc",
      "Subnet",
      "RouteTable",
      "Route",
      "Tag",
      "Filter",
      "InternetGateway",
      "TagSpecification",
    ]) {
      expect(names).toContain(name);
    }
    expect(ec2Service.shapes.DescribeVpcsOutput).toEqual({
      type: "structure",
      members: {
        Vpcs: { shape: "VpcList", locationName: "vpcSet" },
        NextToken: { shape: "string", locationName: "nextToken" },
      },
    });
    expect(ec2Service.shapes.VpcList).toEqual({
      type: "list",
      member: { shape: "Vpc", locationName: "item" },
    });
    // The model's quirk: EnableDnsHostnames is a structure {Value: boolean}.
    expect(ec2Service.shapes.ModifyVpcAttributeInput).toMatchObject({
      members: { EnableDnsHostnames: { shape: "AttributeBooleanValue" } },
      required: ["VpcId"],
    });
    expect(ec2Service.shapes.AttributeBooleanValue).toEqual({
      type: "structure",
      members: { Value: { shape: "boolean", locationName: "value" } },
    });
  });

  it("keeps serialization traits on references, not shapes", () => {
    expect(ec2Service.shapes.CreateVpcInput).toMatchObject({
      members: {
        CidrBlock: { shape: "string" },
        TagSpecifications: { shape: "TagSpecificationList", locationName: "TagSpecification" },
        DryRun: { shape: "boolean", locationName: "dryRun" },
      },
    });
    expect(ec2Service.shapes.Filter).toEqual({
      type: "structure",
      members: { Name: { shape: "string" }, Values: { shape: "ValueList", locationName: "Value" } },
    });
  });

  it("builds models of services vpcsim does not implement yet, in memory", () => {
    const logs = normalize("logs", ["DescribeLogGroups", "PutLogEvents"]);
    expect(logs.protocol).toBe("json");
    expect(logs.targetPrefix).toBe("Logs_20140328");
    expect(logs.shapes.LogGroup?.type).toBe("structure");
    expect(logs.operations.PutLogEvents).toEqual({
      input: "PutLogEventsInput",
      output: "PutLogEventsOutput",
    });
    const dx = normalize("directconnect", ["DescribeLocations", "CreateConnection", "DescribeConnections"]);
    expect(dx.operations.DescribeLocations).toEqual({ output: "DescribeLocationsOutput" });
    // An output shared by several operations is named after its members' name for it, not the operation.
    expect(dx.operations.CreateConnection?.output).toBe("Connection");
  });

  it("refuses an operation the model does not have", () => {
    expect(() => normalize("ec2", ["CreateVpcs"])).toThrow(/no operation CreateVpcs/);
  });
});

describe("codegen helpers", () => {
  it("singularises list member names", () => {
    expect(
      [
        "Vpcs",
        "Tags",
        "Addresses",
        "Policies",
        "cidrBlockAssociationSet",
        "RouteList",
        "Status",
        "Prefixes",
        "Values",
      ].map(singular),
    ).toEqual([
      "Vpc",
      "Tag",
      "Address",
      "Policy",
      "cidrBlockAssociation",
      "Route",
      "Status",
      "Prefix",
      "Value",
    ]);
  });

  it("applies JSON patches to a model", () => {
    const model = { operations: { CreateVpc: { input: { members: { CidrBlock: {} } } } } };
    applyModelPatches(model, "ec2-2016-11-15", [
      {
        model: "ec2-2016-11-15",
        op: "add",
        path: "/operations/CreateVpc/input/required",
        value: ["CidrBlock"],
      },
      { model: "other", op: "remove", path: "/operations" },
      {
        model: "ec2-2016-11-15",
        op: "test",
        path: "/operations/CreateVpc/input/required/0",
        value: "CidrBlock",
      },
    ]);
    expect(model.operations.CreateVpc.input).toEqual({ members: { CidrBlock: {} }, required: ["CidrBlock"] });
    expect(() =>
      applyModelPatches(model, "m", [{ model: "m", op: "remove", path: "/operations/DeleteVpc" }]),
    ).toThrow(/does not exist/);
  });
});
