import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<
  Ec2Operations,
  "AllocateAddress" | "ReleaseAddress" | "AssociateAddress" | "DisassociateAddress" | "DescribeAddresses"
>;

export const addressHandlers: HandlerMap<Ops> = {
  AllocateAddress: planned("AllocateAddress"),
  ReleaseAddress: planned("ReleaseAddress"),
  AssociateAddress: planned("AssociateAddress"),
  DisassociateAddress: planned("DisassociateAddress"),
  DescribeAddresses: planned("DescribeAddresses"),
};
