/**
 * Every filter AWS documents for a Describe call is accepted by vpcsim's, so that a filter left
 * out of a table fails here and not in a user's script.
 *
 * The names come from the documentation of the request's `Filters` member in the official EC2
 * model, read at test time from the pinned `@aws-sdk/client-ec2` (its type declarations carry
 * the model's documentation strings; `aws-sdk`'s `ec2-2016-11-15.min.json` carries none, and the
 * `.normal.json` that has them is not part of the package). The calls run through the API
 * registry, so the wiring of `Filters`/`Filter` to the control plane is checked too.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { testPlane } from "../../control/test-support.js";
import { ec2Handlers } from "./registry.js";

const OPERATIONS = [
  "DescribeVpcs",
  "DescribeSubnets",
  "DescribeRouteTables",
  "DescribeInternetGateways",
  "DescribeTags",
  "DescribeAvailabilityZones",
  "DescribeRegions",
  "DescribeSecurityGroups",
  "DescribeSecurityGroupRules",
  "DescribeNetworkAcls",
  "DescribeInstances",
  "DescribeInstanceStatus",
  "DescribeImages",
  "DescribeInstanceTypes",
  "DescribeKeyPairs",
  "DescribeNetworkInterfaces",
  "DescribeAddresses",
  "DescribeNatGateways",
  "DescribeEgressOnlyInternetGateways",
  "DescribeDhcpOptions",
  "DescribeVpcPeeringConnections",
  "DescribeVpcEndpoints",
  "DescribeVpcEndpointServices",
  "DescribePrefixLists",
  "DescribeManagedPrefixLists",
  "DescribeVpnGateways",
  "DescribeCustomerGateways",
  "DescribeVpnConnections",
  "DescribeFlowLogs",
  "DescribeNetworkInsightsPaths",
  "DescribeNetworkInsightsAnalyses",
] as const satisfies readonly (keyof typeof ec2Handlers)[];

type Operation = (typeof OPERATIONS)[number];

/**
 * Documented filters vpcsim refuses because they are about features it does not model at all.
 * Empty on purpose: a filter about an absent feature (Outposts, IPAM pools, Spot, dedicated hosts,
 * image scans, transit gateways…) is still accepted and matches nothing, which is what AWS
 * answers for an account that does not use the feature. Add a name here only with its reason.
 */
const UNSUPPORTED: { readonly [O in Operation]?: readonly string[] } = {};

interface DocumentedFilters {
  /** `Filters` for most calls, `Filter` for DescribeNatGateways and DescribeFlowLogs. */
  readonly member: "Filters" | "Filter";
  readonly names: readonly string[];
}

function modelDeclarations(): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve("@aws-sdk/client-ec2/package.json"));
  const dir = join(root, "dist-types", "models");
  return readdirSync(dir)
    .filter((f) => /^models_\d+\.d\.ts$/.test(f))
    .map((f) => readFileSync(join(dir, f), "utf8"))
    .join("\n");
}

/** The names of the top-level list items of the request's filter documentation. */
function documentedFilters(declarations: string, operation: Operation): DocumentedFilters {
  const start = declarations.indexOf(`export interface ${operation}Request {`);
  if (start < 0) throw new Error(`no ${operation}Request in the model`);
  const body = declarations.slice(start, declarations.indexOf("\n}\n", start));
  const member = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(Filters?)\?:/.exec(body);
  if (!member) throw new Error(`no filter documentation for ${operation}`);
  const doc = member[1]!.replace(/\n\s*\*\s?/g, " ");
  const names: string[] = [];
  let depth = 0;
  const tokens = doc.split(/(<\/?ul>|<li>)/);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === "<ul>") depth++;
    else if (token === "</ul>") depth--;
    // Nested lists enumerate values (DescribeImages' severity labels), not filters.
    else if (token === "<li>" && depth === 1) {
      const item = tokens[i + 1]!.trim();
      const name =
        /^<p>\s*<code>((?:(?!<\/code>)[\s\S])+)<\/code>/.exec(item)?.[1] ??
        // DescribeNetworkInsights* write the names without <code>.
        /^<p>\s*([a-z][a-z0-9.:<>-]*)\s+-/.exec(item)?.[1];
      if (!name) throw new Error(`${operation}: cannot read a filter name from "${item.slice(0, 80)}"`);
      names.push(name.trim());
    }
  }
  return { member: member[2] as DocumentedFilters["member"], names };
}

/** The filter a documented name stands for: `tag` and `tag:<key>` are `tag:` plus any key. */
function filterName(documented: string): string {
  return documented === "tag" || documented === "tag:<key>" ? "tag:Name" : documented;
}

type AnyHandler = { readonly run: (ctx: never, input: unknown) => unknown };

/** Runs the operation with one filter; returns the error message, or undefined when it succeeded. */
function describeWith(operation: Operation, member: string, name: string): string | undefined {
  const handler = ec2Handlers[operation] as unknown as AnyHandler;
  const input = { [member]: [{ Name: name, Values: ["x"] }] };
  try {
    testPlane().read((ctx) => handler.run(ctx as never, input));
    return undefined;
  } catch (error) {
    return String((error as Error).message);
  }
}

const declarations = modelDeclarations();
const documented = new Map(OPERATIONS.map((op) => [op, documentedFilters(declarations, op)]));

describe("documented Describe filters", () => {
  it("reads a filter list for every operation from the model", () => {
    for (const op of OPERATIONS) expect(documented.get(op)!.names.length, op).toBeGreaterThan(0);
    expect(documented.get("DescribeVpcs")!.names).toContain("cidr-block-association.cidr-block");
    expect(documented.get("DescribeNetworkInsightsAnalyses")!.names).toEqual(["path-found", "status"]);
    expect(documented.get("DescribeImages")!.names).not.toContain("critical");
    expect(documented.get("DescribeFlowLogs")!.member).toBe("Filter");
  });

  for (const op of OPERATIONS) {
    const { member, names } = documented.get(op)!;
    const skipped = new Set(UNSUPPORTED[op] ?? []);

    it(`${op} accepts every documented filter`, () => {
      const refused = names
        .filter((n) => !skipped.has(n))
        .map((n) => ({ n, message: describeWith(op, member, filterName(n)) }))
        .filter(({ message }) => message !== undefined)
        .map(({ n, message }) => `${n}: ${message}`);
      expect(refused).toEqual([]);
    });

    it(`${op} refuses a filter it does not document`, () => {
      expect(describeWith(op, member, "no-such-filter")).toBe("The filter 'no-such-filter' is invalid");
    });
  }
});
