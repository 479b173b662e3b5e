/**
 * Explicit mapping between the Direct Connect domain and its wire shapes (AWS JSON 1.1, generated
 * from the official model). Direct Connect lists tags even when empty, as the service returns them.
 */
import type {
  DxTagInput,
  NewVirtualInterfaceInput,
  VirtualInterfaceView,
} from "../../control/direct-connect.js";
import type {
  DxConnection,
  DxGateway,
  DxGatewayAssociation,
  DxLocation,
} from "../../model/direct-connect.js";
import type { Tag as DomainTag } from "../../model/resources.js";
import type {
  Connection,
  DirectConnectGateway,
  DirectConnectGatewayAssociation,
  Location,
  NewPrivateVirtualInterface,
  NewPublicVirtualInterface,
  Tag,
  VirtualInterface,
} from "../../protocol/generated/directconnect.js";
import { perRecord } from "../ec2/wire.js";

export function dxTagsIn(tags: readonly Tag[] | undefined): DxTagInput[] | undefined {
  return tags?.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}) }));
}

function dxTagsOut(tags: readonly DomainTag[]): Tag[] {
  return tags.map((t) => ({ key: t.key, value: t.value }));
}

export function newVirtualInterfaceIn(
  v: NewPrivateVirtualInterface | NewPublicVirtualInterface | undefined,
): NewVirtualInterfaceInput | undefined {
  if (v === undefined) return undefined;
  const privateSpec = v as Partial<NewPrivateVirtualInterface>;
  const publicSpec = v as Partial<NewPublicVirtualInterface>;
  return {
    virtualInterfaceName: v.virtualInterfaceName,
    vlan: v.vlan,
    asn: v.asn,
    mtu: privateSpec.mtu,
    authKey: v.authKey,
    amazonAddress: v.amazonAddress,
    customerAddress: v.customerAddress,
    addressFamily: v.addressFamily,
    virtualGatewayId: privateSpec.virtualGatewayId,
    directConnectGatewayId: privateSpec.directConnectGatewayId,
    enableSiteLink: privateSpec.enableSiteLink,
    routeFilterPrefixes: publicSpec.routeFilterPrefixes?.flatMap((p) =>
      p.cidr === undefined ? [] : [p.cidr],
    ),
    tags: dxTagsIn(v.tags),
  };
}

export function locationOut(l: DxLocation): Location {
  return {
    locationCode: l.locationCode,
    locationName: l.locationName,
    region: l.region,
    availablePortSpeeds: [...l.availablePortSpeeds],
    availableProviders: [...l.availableProviders],
    availableMacSecPortSpeeds: [...l.availableMacSecPortSpeeds],
  };
}

export const connectionOut = perRecord(
  (c: DxConnection): Connection => ({
    ownerAccount: c.ownerId,
    connectionId: c.id,
    connectionName: c.connectionName,
    connectionState: c.connectionState,
    region: c.region,
    location: c.location,
    bandwidth: c.bandwidth,
    loaIssueTime: c.loaIssueTime,
    awsDevice: c.awsDevice,
    jumboFrameCapable: c.jumboFrameCapable,
    awsDeviceV2: c.awsDevice,
    awsLogicalDeviceId: c.awsLogicalDeviceId,
    hasLogicalRedundancy: c.hasLogicalRedundancy,
    tags: dxTagsOut(c.tags),
    providerName: c.providerName,
    macSecCapable: c.macSecCapable,
    portEncryptionStatus: c.portEncryptionStatus,
    encryptionMode: c.encryptionMode,
  }),
);

/** Not memoised: the BGP status depends on the connection as well. */
export function virtualInterfaceOut(v: VirtualInterfaceView): VirtualInterface {
  return {
    ownerAccount: v.ownerId,
    virtualInterfaceId: v.id,
    location: v.location,
    connectionId: v.connectionId,
    virtualInterfaceType: v.virtualInterfaceType,
    virtualInterfaceName: v.virtualInterfaceName,
    vlan: v.vlan,
    asn: v.asn,
    amazonSideAsn: v.amazonSideAsn,
    authKey: v.authKey,
    amazonAddress: v.amazonAddress,
    customerAddress: v.customerAddress,
    addressFamily: v.addressFamily,
    virtualInterfaceState: v.virtualInterfaceState,
    customerRouterConfig: v.customerRouterConfig,
    mtu: v.mtu,
    jumboFrameCapable: v.jumboFrameCapable,
    virtualGatewayId: v.virtualGatewayId,
    directConnectGatewayId: v.directConnectGatewayId,
    routeFilterPrefixes: v.routeFilterPrefixes.map((cidr) => ({ cidr })),
    bgpPeers: v.bgpPeers.map((p) => ({
      bgpPeerId: p.bgpPeerId,
      asn: p.asn,
      authKey: p.authKey,
      addressFamily: p.addressFamily,
      amazonAddress: p.amazonAddress,
      customerAddress: p.customerAddress,
      bgpPeerState: p.bgpPeerState,
      bgpStatus: v.bgpStatus,
      awsDeviceV2: v.awsDevice,
      awsLogicalDeviceId: v.awsLogicalDeviceId,
    })),
    region: v.region,
    awsDeviceV2: v.awsDevice,
    awsLogicalDeviceId: v.awsLogicalDeviceId,
    tags: dxTagsOut(v.tags),
    siteLinkEnabled: v.siteLinkEnabled,
  };
}

export const directConnectGatewayOut = perRecord(
  (g: DxGateway): DirectConnectGateway => ({
    directConnectGatewayId: g.id,
    directConnectGatewayName: g.directConnectGatewayName,
    amazonSideAsn: g.amazonSideAsn,
    ownerAccount: g.ownerId,
    directConnectGatewayState: g.directConnectGatewayState,
  }),
);

export const directConnectGatewayAssociationOut = perRecord(
  (a: DxGatewayAssociation): DirectConnectGatewayAssociation => ({
    directConnectGatewayId: a.directConnectGatewayId,
    directConnectGatewayOwnerAccount: a.directConnectGatewayOwnerAccount,
    associationState: a.associationState,
    associatedGateway: {
      id: a.virtualGatewayId,
      type: "virtualPrivateGateway",
      ownerAccount: a.virtualGatewayOwnerAccount,
      region: a.virtualGatewayRegion,
    },
    associationId: a.id,
    allowedPrefixesToDirectConnectGateway: a.allowedPrefixes.map((cidr) => ({ cidr })),
    virtualGatewayId: a.virtualGatewayId,
    virtualGatewayRegion: a.virtualGatewayRegion,
    virtualGatewayOwnerAccount: a.virtualGatewayOwnerAccount,
  }),
);
