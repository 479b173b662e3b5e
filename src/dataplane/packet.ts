/**
 * Packets inside the engine: the headers both as numbers (for tries, maps and rule matching) and
 * as the text a `Packet` shows, built once per distinct header and shared by every hop that
 * passes it on unchanged.
 */
import { formatIpAddress, type IpAddress, ipv4Cidr, ipv6Cidr, parseIpAddress } from "../net/index.js";
import { type Packet, PROTOCOL_NUMBERS } from "./types.js";

export const TCP = PROTOCOL_NUMBERS.tcp;
export const UDP = PROTOCOL_NUMBERS.udp;
export const ICMP = PROTOCOL_NUMBERS.icmp;
export const ICMPV6 = PROTOCOL_NUMBERS.icmpv6;

export const ICMP_ECHO_REQUEST = 8;
export const ICMP_ECHO_REPLY = 0;
export const ICMPV6_ECHO_REQUEST = 128;
export const ICMPV6_ECHO_REPLY = 129;

export function hasPorts(protocol: number): boolean {
  return protocol === TCP || protocol === UDP;
}

export function isIcmp(protocol: number): boolean {
  return protocol === ICMP || protocol === ICMPV6;
}

/** Immutable headers; `with*` return new packets. */
export class Pkt {
  #header: Packet | undefined;

  constructor(
    readonly protocol: number,
    readonly src: IpAddress,
    readonly dst: IpAddress,
    /** TCP/UDP ports, or -1. */
    readonly srcPort: number,
    readonly dstPort: number,
    /** ICMP type and code, or -1. */
    readonly icmpType: number,
    readonly icmpCode: number,
    srcText?: string,
    dstText?: string,
  ) {
    this.#srcText = srcText;
    this.#dstText = dstText;
  }

  #srcText: string | undefined;
  #dstText: string | undefined;

  get family(): 4 | 6 {
    return typeof this.src === "number" ? 4 : 6;
  }

  get srcText(): string {
    if (this.#srcText === undefined) this.#srcText = formatIpAddress(this.src);
    return this.#srcText;
  }

  get dstText(): string {
    if (this.#dstText === undefined) this.#dstText = formatIpAddress(this.dst);
    return this.#dstText;
  }

  /** The public form, built once. */
  get header(): Packet {
    if (this.#header === undefined) {
      this.#header = hasPorts(this.protocol)
        ? {
            protocol: this.protocol,
            source: this.srcText,
            destination: this.dstText,
            sourcePort: this.srcPort,
            destinationPort: this.dstPort,
          }
        : isIcmp(this.protocol)
          ? {
              protocol: this.protocol,
              source: this.srcText,
              destination: this.dstText,
              icmpType: this.icmpType,
              icmpCode: this.icmpCode,
            }
          : { protocol: this.protocol, source: this.srcText, destination: this.dstText };
    }
    return this.#header;
  }

  withSource(src: IpAddress, srcPort = this.srcPort, srcText?: string): Pkt {
    return new Pkt(
      this.protocol,
      src,
      this.dst,
      srcPort,
      this.dstPort,
      this.icmpType,
      this.icmpCode,
      srcText,
      this.#dstText,
    );
  }

  withDestination(dst: IpAddress, dstPort = this.dstPort, dstText?: string): Pkt {
    return new Pkt(
      this.protocol,
      this.src,
      dst,
      this.srcPort,
      dstPort,
      this.icmpType,
      this.icmpCode,
      this.#srcText,
      dstText,
    );
  }

  /**
   * The reply a destination sends back: addresses and ports swapped; an echo request answered by
   * an echo reply. Undefined for ICMP messages that get no answer.
   */
  reply(): Pkt | undefined {
    let icmpType = this.icmpType;
    if (this.protocol === ICMP) {
      if (this.icmpType !== ICMP_ECHO_REQUEST) return undefined;
      icmpType = ICMP_ECHO_REPLY;
    } else if (this.protocol === ICMPV6) {
      if (this.icmpType !== ICMPV6_ECHO_REQUEST) return undefined;
      icmpType = ICMPV6_ECHO_REPLY;
    }
    return new Pkt(
      this.protocol,
      this.dst,
      this.src,
      this.dstPort,
      this.srcPort,
      icmpType,
      this.icmpCode,
      this.#dstText,
      this.#srcText,
    );
  }
}

/** Parses an address, or undefined. Text is kept in canonical form. */
export function parseAddress(text: string): IpAddress | undefined {
  return parseIpAddress(text.trim());
}

const RFC1918 = [ipv4Cidr("10.0.0.0/8"), ipv4Cidr("172.16.0.0/12"), ipv4Cidr("192.168.0.0/16")];
const RFC6598 = ipv4Cidr("100.64.0.0/10");
const LINK_LOCAL_V4 = ipv4Cidr("169.254.0.0/16");
const LOOPBACK_V4 = ipv4Cidr("127.0.0.0/8");
const UNIQUE_LOCAL_V6 = ipv6Cidr("fc00::/7");
const LINK_LOCAL_V6 = ipv6Cidr("fe80::/10");

export function isRfc1918(address: IpAddress): boolean {
  return typeof address === "number" && RFC1918.some((c) => c.contains(address));
}

export function isRfc6598(address: IpAddress): boolean {
  return typeof address === "number" && RFC6598.contains(address);
}

/**
 * Whether an address can be a host on the internet: not private (RFC 1918), shared (RFC 6598),
 * link-local, loopback or, for IPv6, unique local or link-local.
 */
export function isInternetAddress(address: IpAddress): boolean {
  if (typeof address === "number") {
    return (
      !isRfc1918(address) &&
      !isRfc6598(address) &&
      !LINK_LOCAL_V4.contains(address) &&
      !LOOPBACK_V4.contains(address) &&
      address !== 0
    );
  }
  return !UNIQUE_LOCAL_V6.contains(address) && !LINK_LOCAL_V6.contains(address) && address > 1n;
}
