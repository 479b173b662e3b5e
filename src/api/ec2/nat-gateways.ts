import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateNatGateway"
  | "DeleteNatGateway"
  | "DescribeNatGateways"
  | "CreateEgressOnlyInternetGateway"
  | "DeleteEgressOnlyInternetGateway"
  | "DescribeEgressOnlyInternetGateways"
>;

export const natGatewayHandlers: HandlerMap<Ops> = {
  CreateNatGateway: planned("CreateNatGateway"),
  DeleteNatGateway: planned("DeleteNatGateway"),
  DescribeNatGateways: planned("DescribeNatGateways"),
  CreateEgressOnlyInternetGateway: planned("CreateEgressOnlyInternetGateway"),
  DeleteEgressOnlyInternetGateway: planned("DeleteEgressOnlyInternetGateway"),
  DescribeEgressOnlyInternetGateways: planned("DescribeEgressOnlyInternetGateways"),
};
