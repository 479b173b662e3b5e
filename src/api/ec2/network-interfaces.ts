import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateNetworkInterface"
  | "DeleteNetworkInterface"
  | "DescribeNetworkInterfaces"
  | "AttachNetworkInterface"
  | "DetachNetworkInterface"
  | "ModifyNetworkInterfaceAttribute"
  | "AssignPrivateIpAddresses"
  | "UnassignPrivateIpAddresses"
>;

export const networkInterfaceHandlers: HandlerMap<Ops> = {
  CreateNetworkInterface: planned("CreateNetworkInterface"),
  DeleteNetworkInterface: planned("DeleteNetworkInterface"),
  DescribeNetworkInterfaces: planned("DescribeNetworkInterfaces"),
  AttachNetworkInterface: planned("AttachNetworkInterface"),
  DetachNetworkInterface: planned("DetachNetworkInterface"),
  ModifyNetworkInterfaceAttribute: planned("ModifyNetworkInterfaceAttribute"),
  AssignPrivateIpAddresses: planned("AssignPrivateIpAddresses"),
  UnassignPrivateIpAddresses: planned("UnassignPrivateIpAddresses"),
};
