import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateVpcPeeringConnection"
  | "AcceptVpcPeeringConnection"
  | "RejectVpcPeeringConnection"
  | "DeleteVpcPeeringConnection"
  | "DescribeVpcPeeringConnections"
  | "ModifyVpcPeeringConnectionOptions"
>;

export const peeringHandlers: HandlerMap<Ops> = {
  CreateVpcPeeringConnection: planned("CreateVpcPeeringConnection"),
  AcceptVpcPeeringConnection: planned("AcceptVpcPeeringConnection"),
  RejectVpcPeeringConnection: planned("RejectVpcPeeringConnection"),
  DeleteVpcPeeringConnection: planned("DeleteVpcPeeringConnection"),
  DescribeVpcPeeringConnections: planned("DescribeVpcPeeringConnections"),
  ModifyVpcPeeringConnectionOptions: planned("ModifyVpcPeeringConnectionOptions"),
};
