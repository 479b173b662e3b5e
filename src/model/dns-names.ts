/**
 * AWS's DNS name formats for instances and interfaces. The control plane shows them in Describe
 * answers; the data plane resolves them the way the VPC's resolver (at the VPC base + 2) does.
 */

/**
 * `ip-10-0-1-5.ec2.internal` in us-east-1, `ip-10-0-1-5.<region>.compute.internal` elsewhere
 * (EC2 User Guide, "Amazon EC2 instance hostname types", IP name).
 */
export function privateDnsName(region: string, address: string): string {
  const host = `ip-${address.replaceAll(".", "-")}`;
  return `${host}.${privateDnsSuffix(region)}`;
}

/** A resource-based hostname (`i-0123456789abcdef0.ec2.internal`), same guide, resource name. */
export function resourceDnsName(region: string, instanceId: string): string {
  return `${instanceId}.${privateDnsSuffix(region)}`;
}

/**
 * `ec2-203-0-113-25.compute-1.amazonaws.com` in us-east-1,
 * `ec2-203-0-113-25.<region>.compute.amazonaws.com` elsewhere. AWS gives one only when the VPC
 * has DNS hostnames enabled (and DNS support).
 */
export function publicDnsName(region: string, publicIp: string): string {
  const host = `ec2-${publicIp.replaceAll(".", "-")}`;
  return `${host}.${publicDnsSuffix(region)}`;
}

export function privateDnsSuffix(region: string): string {
  return region === "us-east-1" ? "ec2.internal" : `${region}.compute.internal`;
}

export function publicDnsSuffix(region: string): string {
  return region === "us-east-1" ? "compute-1.amazonaws.com" : `${region}.compute.amazonaws.com`;
}
