/**
 * The advancers of every resource family with asynchronous states, for `settleTransitions`.
 * A family with transitional states adds its advancer here.
 */
import {
  advanceDxConnection,
  advanceDxGatewayAssociation,
  advanceDxVirtualInterface,
} from "./direct-connect.js";
import { advanceInstance } from "./instances.js";
import { advanceNatGateway } from "./nat-gateways.js";
import { advanceNetworkInsightsAnalysis } from "./network-insights.js";
import { advanceVpcPeeringConnection } from "./peering.js";
import { advancePrefixList } from "./prefix-lists.js";
import type { Advancers } from "./transitions.js";
import { advanceVpcEndpoint } from "./vpc-endpoints.js";
import { advanceCustomerGateway, advanceVpnConnection, advanceVpnGateway } from "./vpn.js";

export const ADVANCERS: Advancers = {
  natGateway: advanceNatGateway,
  instance: advanceInstance,
  networkInsightsAnalysis: advanceNetworkInsightsAnalysis,
  vpcEndpoint: advanceVpcEndpoint,
  prefixList: advancePrefixList,
  vpcPeeringConnection: advanceVpcPeeringConnection,
  vpnGateway: advanceVpnGateway,
  customerGateway: advanceCustomerGateway,
  vpnConnection: advanceVpnConnection,
  dxConnection: advanceDxConnection,
  dxVirtualInterface: advanceDxVirtualInterface,
  dxGatewayAssociation: advanceDxGatewayAssociation,
};
