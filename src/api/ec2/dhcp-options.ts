import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<
  Ec2Operations,
  "CreateDhcpOptions" | "DeleteDhcpOptions" | "DescribeDhcpOptions" | "AssociateDhcpOptions"
>;

export const dhcpOptionsHandlers: HandlerMap<Ops> = {
  CreateDhcpOptions: planned("CreateDhcpOptions"),
  DeleteDhcpOptions: planned("DeleteDhcpOptions"),
  DescribeDhcpOptions: planned("DescribeDhcpOptions"),
  AssociateDhcpOptions: planned("AssociateDhcpOptions"),
};
