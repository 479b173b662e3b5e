/**
 * The explicit registry of EC2 operations vpcsim implements: every operation generated from
 * `scripts/codegen/operations.json` has exactly one handler here (a missing one is a compile error;
 * `assertRegistryComplete` checks it again at start-up, as smithy's server-common does).
 */
import { type Ec2Operations, ec2Service } from "../../protocol/generated/ec2.js";
import type { HandlerMap } from "../handler.js";
import { accountHandlers } from "./account.js";
import { addressHandlers } from "./addresses.js";
import { dhcpOptionsHandlers } from "./dhcp-options.js";
import { endpointHandlers } from "./endpoints.js";
import { flowLogHandlers } from "./flow-logs.js";
import { instanceHandlers } from "./instances.js";
import { internetGatewayHandlers } from "./internet-gateways.js";
import { natGatewayHandlers } from "./nat-gateways.js";
import { networkAclHandlers } from "./network-acls.js";
import { networkInsightsHandlers } from "./network-insights.js";
import { networkInterfaceHandlers } from "./network-interfaces.js";
import { peeringHandlers } from "./peering.js";
import { routeTableHandlers } from "./route-tables.js";
import { securityGroupHandlers } from "./security-groups.js";
import { subnetHandlers } from "./subnets.js";
import { vpcHandlers } from "./vpcs.js";
import { vpnHandlers } from "./vpn.js";

export const ec2Handlers: HandlerMap<Ec2Operations> = {
  ...peeringHandlers,
  ...endpointHandlers,
  ...vpnHandlers,
  ...flowLogHandlers,
  ...networkInsightsHandlers,
  ...vpcHandlers,
  ...subnetHandlers,
  ...routeTableHandlers,
  ...internetGatewayHandlers,
  ...accountHandlers,
  ...securityGroupHandlers,
  ...networkAclHandlers,
  ...instanceHandlers,
  ...networkInterfaceHandlers,
  ...addressHandlers,
  ...natGatewayHandlers,
  ...dhcpOptionsHandlers,
};

/** Throws unless handlers and the generated operations are the same set. */
export function assertRegistryComplete(
  handlers: Readonly<Record<string, unknown>>,
  operations: Readonly<Record<string, unknown>>,
  service: string,
): void {
  const missing = Object.keys(operations).filter((op) => !(op in handlers));
  const extra = Object.keys(handlers).filter((op) => !(op in operations));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${service} registry mismatch: no handler for [${missing.join(", ")}], no operation for [${extra.join(", ")}]`,
    );
  }
}

assertRegistryComplete(ec2Handlers, ec2Service.operations, "ec2");
