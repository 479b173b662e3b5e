/**
 * Which network interfaces a trace crossed, in which direction, and whether their filters let it
 * through: flow logs are written per interface and direction, ACCEPT or REJECT (a packet denied
 * by the interface's security groups or by its subnet's network ACL on the way in or out).
 * Traffic to the VPC's own services (Amazon DNS, metadata, time sync, the router) is not logged,
 * and traffic an instance sends to itself never reaches an interface.
 */
import type { Component, Direction, Hop, InterfaceCrossing, Packet, PathResult, Trace } from "./types.js";

function crossing(
  iface: Component,
  path: "forward" | "return",
  direction: Direction,
  packet: Packet,
  sequence: number,
): InterfaceCrossing {
  return { interfaceId: iface.id, interface: iface, path, direction, packet, action: "ACCEPT", sequence };
}

function crossingsOf(result: PathResult, path: "forward" | "return", out: InterfaceCrossing[]): void {
  // Consecutive hops at one interface and direction (its ACL, its groups, itself) are one crossing.
  let current: InterfaceCrossing | undefined;
  let index = -1;
  const hops: readonly Hop[] = result.hops;
  for (let i = 0; i < hops.length; i++) {
    const hop = hops[i]!;
    if (hop.exempt) {
      current = undefined;
      continue;
    }
    const type = hop.component.type;
    if (type === "nat-gateway") {
      // The NAT gateway's interface receives the packet and, when it passes it on, sends it again.
      const eni = hop.networkInterface;
      if (eni === undefined) continue;
      if (current?.interfaceId !== eni.id || current.direction !== "ingress") {
        current = crossing(eni, path, "ingress", hop.inbound, hop.sequence);
        index = out.push(current) - 1;
      }
      if (hop.outbound !== undefined) {
        current = crossing(eni, path, "egress", hop.outbound, hop.sequence);
        index = out.push(current) - 1;
      }
      continue;
    }
    if (type !== "network-interface" && type !== "security-group" && type !== "network-acl") continue;
    const direction = hop.direction;
    const iface = type === "network-interface" ? hop.component : hop.networkInterface;
    if (iface === undefined || direction === undefined) continue;
    if (current?.interfaceId !== iface.id || current.direction !== direction) {
      current = crossing(iface, path, direction, hop.inbound, hop.sequence);
      index = out.push(current) - 1;
    }
    if (hop.action === "deny") {
      current = { ...current, action: "REJECT" };
      out[index] = current;
    }
  }
}

/**
 * The interfaces a trace passed through, forward then return, in path order: one entry per
 * interface and direction of each path, with the headers on the wire there.
 */
export function interfaceCrossings(trace: Trace): InterfaceCrossing[] {
  const out: InterfaceCrossing[] = [];
  crossingsOf(trace.forward, "forward", out);
  if (trace.return) crossingsOf(trace.return, "return", out);
  return out;
}
