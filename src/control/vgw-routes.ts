/**
 * The routes a virtual private gateway propagates into route tables, derived from the records of
 * its VPN connections, customer gateways and the Direct Connect virtual interfaces that reach it
 * (directly, or through a Direct Connect gateway associated with it). Nothing here is stored: a
 * route table shows what its gateways know at the moment it is described, so routes appear and
 * disappear as static routes, BGP prefixes, tunnels, interfaces and attachments change.
 */
import { type DxVirtualInterface, directConnectScope } from "../model/direct-connect.js";
import type { Resources } from "../model/kinds.js";
import type { Route, RouteTable } from "../model/resources.js";
import { type VgwPath, vgwRoutes } from "../model/vgw-routing.js";
import type { ReadTx, Scope } from "../store/store.js";
import { attachedVpnGateway } from "./vpn.js";

/**
 * Every on-premises prefix the gateway reaches, each with its paths best first (AWS's priority:
 * healthy paths, Direct Connect BGP, VPN static, VPN BGP, shortest AS path). The data plane uses
 * the first path of a prefix; an empty map when the gateway is unknown.
 */
export function vgwPrefixes(tx: ReadTx<Resources>, scope: Scope, vgwId: string): Map<string, VgwPath[]> {
  const vgw = tx.get("vpnGateway", scope, vgwId);
  if (!vgw || vgw.state === "deleted") return new Map();
  const dx = directConnectScope(scope.account);
  const interfaces: DxVirtualInterface[] = tx
    .listBy("dxVirtualInterface", dx, "virtualGatewayId", vgwId)
    .filter((v) => v.region === scope.region);
  for (const association of tx.listBy("dxGatewayAssociation", dx, "virtualGatewayId", vgwId)) {
    if (association.associationState !== "associated" || association.virtualGatewayRegion !== scope.region)
      continue;
    interfaces.push(
      ...tx.listBy("dxVirtualInterface", dx, "directConnectGatewayId", association.directConnectGatewayId),
    );
  }
  return vgwRoutes({
    vpnConnections: tx.listBy("vpnConnection", scope, "vpnGatewayId", vgwId),
    customerGateway: (id) => tx.get("customerGateway", scope, id),
    virtualInterfaces: interfaces,
    connection: (id) => tx.get("dxConnection", dx, id),
  });
}

/**
 * The propagated routes of a table (`Origin: EnableVgwRoutePropagation`, target the gateway): one
 * per prefix of each propagating gateway that is attached to the table's VPC. A detached or
 * deleted gateway propagates nothing.
 */
export function propagatedRoutes(tx: ReadTx<Resources>, scope: Scope, table: RouteTable): Route[] {
  const routes: Route[] = [];
  for (const vgwId of table.propagatingVgwIds) {
    if (!attachedVpnGateway(tx, scope, table.vpcId, vgwId)) continue;
    for (const prefix of vgwPrefixes(tx, scope, vgwId).keys()) {
      routes.push({
        destination: { kind: "ipv4", cidr: prefix },
        target: { kind: "gateway", id: vgwId },
        origin: "EnableVgwRoutePropagation",
      });
    }
  }
  return routes;
}
