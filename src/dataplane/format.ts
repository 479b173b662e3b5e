/** A trace as people read it: one line per hop, the rule that decided, and the verdict. */
import type { Hop, PathResult, Trace } from "./types.js";

const PROTOCOLS: Readonly<Record<number, string>> = { 1: "icmp", 6: "tcp", 17: "udp", 58: "icmpv6" };

function ruleOf(hop: Hop): string | undefined {
  if (hop.aclRule) {
    const r = hop.aclRule;
    return `rule ${r.implicit ? "*" : r.ruleNumber} ${r.ruleAction} ${r.cidr}`;
  }
  if (hop.securityGroupRule) {
    const r = hop.securityGroupRule;
    const ports = r.portRange ? ` ${r.portRange.from}-${r.portRange.to}` : "";
    const peer = r.cidr ?? r.prefixListId ?? r.referencedGroupId ?? "";
    return `${r.ruleId} ${r.protocol}${ports} ${peer}`.trim();
  }
  if (hop.connectionTracked) return "tracked connection";
  if (hop.route) {
    const r = hop.route;
    return `${r.destination} → ${r.target.id} (${r.state})`;
  }
  return undefined;
}

function hopLine(hop: Hop): string {
  const action = hop.direction ? `${hop.action} ${hop.direction}` : hop.action;
  const rule = ruleOf(hop);
  const head = `${String(hop.sequence).padStart(3)}  ${hop.component.type.padEnd(28)} ${hop.component.id.padEnd(24)} ${action.padEnd(16)}`;
  const lines = [`${head}${rule ? ` [${rule}]` : ""}`];
  lines.push(`       ${hop.detail}`);
  if (hop.explanation) lines.push(`       ✗ ${hop.explanation.code}`);
  return lines.join("\n");
}

function pathLines(title: string, path: PathResult): string[] {
  return [`${title} (${path.outcome})`, ...path.hops.map(hopLine)];
}

export function formatTrace(trace: Trace): string {
  const p = trace.packet;
  const protocol = PROTOCOLS[p.protocol] ?? `protocol ${p.protocol}`;
  const ports =
    p.destinationPort !== undefined
      ? ` port ${p.destinationPort} (from ${p.sourcePort})`
      : p.icmpType !== undefined
        ? ` type ${p.icmpType} code ${p.icmpCode}`
        : "";
  const lines = [
    `${protocol}${ports}: ${trace.from.component.id} (${trace.from.address}) → ${trace.to.component.id} (${trace.to.address})`,
    "",
    ...pathLines("forward path", trace.forward),
  ];
  if (trace.return) lines.push("", ...pathLines("return path", trace.return));
  lines.push("");
  if (trace.verdict === "reachable") lines.push("verdict: reachable");
  else {
    lines.push("verdict: unreachable");
    for (const e of trace.explanations) lines.push(`  ${e.code} at ${e.component.id}: ${e.message}`);
  }
  return `${lines.join("\n")}\n`;
}
