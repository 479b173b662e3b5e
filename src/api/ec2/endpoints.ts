import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateVpcEndpoint"
  | "ModifyVpcEndpoint"
  | "DeleteVpcEndpoints"
  | "DescribeVpcEndpoints"
  | "DescribeVpcEndpointServices"
  | "DescribePrefixLists"
  | "DescribeManagedPrefixLists"
  | "GetManagedPrefixListEntries"
  | "CreateManagedPrefixList"
  | "ModifyManagedPrefixList"
  | "DeleteManagedPrefixList"
>;

export const endpointHandlers: HandlerMap<Ops> = {
  CreateVpcEndpoint: planned("CreateVpcEndpoint"),
  ModifyVpcEndpoint: planned("ModifyVpcEndpoint"),
  DeleteVpcEndpoints: planned("DeleteVpcEndpoints"),
  DescribeVpcEndpoints: planned("DescribeVpcEndpoints"),
  DescribeVpcEndpointServices: planned("DescribeVpcEndpointServices"),
  DescribePrefixLists: planned("DescribePrefixLists"),
  DescribeManagedPrefixLists: planned("DescribeManagedPrefixLists"),
  GetManagedPrefixListEntries: planned("GetManagedPrefixListEntries"),
  CreateManagedPrefixList: planned("CreateManagedPrefixList"),
  ModifyManagedPrefixList: planned("ModifyManagedPrefixList"),
  DeleteManagedPrefixList: planned("DeleteManagedPrefixList"),
};
