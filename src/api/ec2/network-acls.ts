import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateNetworkAcl"
  | "DeleteNetworkAcl"
  | "DescribeNetworkAcls"
  | "CreateNetworkAclEntry"
  | "ReplaceNetworkAclEntry"
  | "DeleteNetworkAclEntry"
  | "ReplaceNetworkAclAssociation"
>;

export const networkAclHandlers: HandlerMap<Ops> = {
  CreateNetworkAcl: planned("CreateNetworkAcl"),
  DeleteNetworkAcl: planned("DeleteNetworkAcl"),
  DescribeNetworkAcls: planned("DescribeNetworkAcls"),
  CreateNetworkAclEntry: planned("CreateNetworkAclEntry"),
  ReplaceNetworkAclEntry: planned("ReplaceNetworkAclEntry"),
  DeleteNetworkAclEntry: planned("DeleteNetworkAclEntry"),
  ReplaceNetworkAclAssociation: planned("ReplaceNetworkAclAssociation"),
};
