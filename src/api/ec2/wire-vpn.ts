/**
 * Wire mappers of virtual private gateways, customer gateways and VPN connections (see wire.ts for
 * the rules). Field choices follow the AWS CLI's examples and real `describe-vpn-connections`
 * output: `VpcAttachments` is sent even when empty, `Routes` likewise, `Category: VPN`, telemetry
 * per tunnel, tunnel options limited to what AWS shows for a connection (outside and inside
 * addresses, pre-shared key, and the options that were set).
 */
import type { TunnelOptionsInput, VpnConnectionOptionsInput, VpnConnectionView } from "../../control/vpn.js";
import type {
  CustomerGateway as DomainCustomerGateway,
  VpnGateway as DomainVpnGateway,
  VpnGatewayAttachment,
  VpnTunnel,
} from "../../model/vpn.js";
import type {
  CustomerGateway,
  Options,
  TunnelOption,
  VpcAttachment,
  VpnConnection,
  VpnConnectionOptionsTunnelOption,
  VpnGateway,
} from "../../protocol/generated/ec2.js";
import { perRecord, tagsOut } from "./wire.js";

const MAX_BGP_ASN = 2_147_483_647;

function values<T>(items: readonly { readonly Value?: T }[] | undefined): T[] | undefined {
  return items?.flatMap((i) => (i.Value === undefined ? [] : [i.Value]));
}

function tunnelOptionsIn(o: TunnelOption): TunnelOptionsInput {
  return {
    tunnelInsideCidr: o.TunnelInsideCidr,
    tunnelInsideIpv6Cidr: o.TunnelInsideIpv6Cidr,
    preSharedKey: o.PreSharedKey,
    phase1LifetimeSeconds: o.Phase1LifetimeSeconds,
    phase2LifetimeSeconds: o.Phase2LifetimeSeconds,
    rekeyMarginTimeSeconds: o.RekeyMarginTimeSeconds,
    rekeyFuzzPercentage: o.RekeyFuzzPercentage,
    replayWindowSize: o.ReplayWindowSize,
    dpdTimeoutSeconds: o.DPDTimeoutSeconds,
    dpdTimeoutAction: o.DPDTimeoutAction,
    phase1EncryptionAlgorithms: values(o.Phase1EncryptionAlgorithms),
    phase2EncryptionAlgorithms: values(o.Phase2EncryptionAlgorithms),
    phase1IntegrityAlgorithms: values(o.Phase1IntegrityAlgorithms),
    phase2IntegrityAlgorithms: values(o.Phase2IntegrityAlgorithms),
    phase1DhGroupNumbers: values(o.Phase1DHGroupNumbers),
    phase2DhGroupNumbers: values(o.Phase2DHGroupNumbers),
    ikeVersions: values(o.IKEVersions),
    startupAction: o.StartupAction,
  };
}

export function vpnConnectionOptionsIn(o: Options | undefined): VpnConnectionOptionsInput | undefined {
  if (o === undefined) return undefined;
  return {
    staticRoutesOnly: o.StaticRoutesOnly,
    enableAcceleration: o.EnableAcceleration,
    tunnelInsideIpVersion: o.TunnelInsideIpVersion,
    localIpv4NetworkCidr: o.LocalIpv4NetworkCidr,
    remoteIpv4NetworkCidr: o.RemoteIpv4NetworkCidr,
    localIpv6NetworkCidr: o.LocalIpv6NetworkCidr,
    remoteIpv6NetworkCidr: o.RemoteIpv6NetworkCidr,
    outsideIpAddressType: o.OutsideIpAddressType,
    transportTransitGatewayAttachmentId: o.TransportTransitGatewayAttachmentId,
    tunnelOptions: o.TunnelOptions?.map(tunnelOptionsIn),
  };
}

export function vpcAttachmentOut(a: VpnGatewayAttachment): VpcAttachment {
  return { State: a.state, VpcId: a.vpcId };
}

export const vpnGatewayOut = perRecord(
  (g: DomainVpnGateway): VpnGateway => ({
    AvailabilityZone: g.availabilityZone,
    State: g.state,
    Type: g.type,
    VpcAttachments: g.attachments.map(vpcAttachmentOut),
    VpnGatewayId: g.id,
    AmazonSideAsn: g.amazonSideAsn,
    Tags: tagsOut(g.tags),
  }),
);

export const customerGatewayOut = perRecord(
  (g: DomainCustomerGateway): CustomerGateway => ({
    BgpAsn: g.bgpAsn <= MAX_BGP_ASN ? String(g.bgpAsn) : undefined,
    BgpAsnExtended: g.bgpAsn > MAX_BGP_ASN ? String(g.bgpAsn) : undefined,
    CustomerGatewayId: g.id,
    IpAddress: g.ipAddress,
    CertificateArn: g.certificateArn,
    State: g.state,
    Type: g.type,
    DeviceName: g.deviceName,
    Tags: tagsOut(g.tags),
  }),
);

function wrap<T>(items: readonly T[] | undefined) {
  return items?.map((Value) => ({ Value }));
}

function tunnelOptionOut(t: VpnTunnel): VpnConnectionOptionsTunnelOption {
  return {
    OutsideIpAddress: t.outsideIpAddress,
    TunnelInsideCidr: t.insideCidr,
    PreSharedKey: t.preSharedKey,
    Phase1LifetimeSeconds: t.phase1LifetimeSeconds,
    Phase2LifetimeSeconds: t.phase2LifetimeSeconds,
    RekeyMarginTimeSeconds: t.rekeyMarginTimeSeconds,
    RekeyFuzzPercentage: t.rekeyFuzzPercentage,
    ReplayWindowSize: t.replayWindowSize,
    DpdTimeoutSeconds: t.dpdTimeoutSeconds,
    DpdTimeoutAction: t.dpdTimeoutAction,
    Phase1EncryptionAlgorithms: wrap(t.phase1EncryptionAlgorithms),
    Phase2EncryptionAlgorithms: wrap(t.phase2EncryptionAlgorithms),
    Phase1IntegrityAlgorithms: wrap(t.phase1IntegrityAlgorithms),
    Phase2IntegrityAlgorithms: wrap(t.phase2IntegrityAlgorithms),
    Phase1DHGroupNumbers: wrap(t.phase1DhGroupNumbers),
    Phase2DHGroupNumbers: wrap(t.phase2DhGroupNumbers),
    IkeVersions: wrap(t.ikeVersions),
    StartupAction: t.startupAction,
  };
}

/** Not memoised: the view depends on the customer gateway, the gateway, tags and time. */
export function vpnConnectionOut(c: VpnConnectionView): VpnConnection {
  return {
    CustomerGatewayConfiguration: c.customerGatewayConfiguration,
    CustomerGatewayId: c.customerGatewayId,
    Category: c.category,
    State: c.state,
    Type: c.type,
    VpnConnectionId: c.id,
    VpnGatewayId: c.vpnGatewayId,
    GatewayAssociationState: c.state === "deleted" ? "not-associated" : "associated",
    Options: {
      EnableAcceleration: c.enableAcceleration,
      StaticRoutesOnly: c.staticRoutesOnly,
      LocalIpv4NetworkCidr: c.localIpv4NetworkCidr,
      RemoteIpv4NetworkCidr: c.remoteIpv4NetworkCidr,
      OutsideIpAddressType: c.outsideIpAddressType,
      TunnelInsideIpVersion: c.tunnelInsideIpVersion,
      TunnelOptions: c.tunnels.map(tunnelOptionOut),
    },
    Routes: c.routes.map((r) => ({
      DestinationCidrBlock: r.destinationCidrBlock,
      Source: "Static",
      State: r.state,
    })),
    Tags: tagsOut(c.tags),
    VgwTelemetry: c.telemetry.map((t) => ({
      AcceptedRouteCount: t.acceptedRouteCount,
      LastStatusChange: t.lastStatusChange,
      OutsideIpAddress: t.outsideIpAddress,
      Status: t.status,
      StatusMessage: t.statusMessage,
    })),
  };
}
