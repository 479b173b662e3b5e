import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<Ec2Operations, "CreateFlowLogs" | "DescribeFlowLogs" | "DeleteFlowLogs">;

export const flowLogHandlers: HandlerMap<Ops> = {
  CreateFlowLogs: planned("CreateFlowLogs"),
  DescribeFlowLogs: planned("DescribeFlowLogs"),
  DeleteFlowLogs: planned("DeleteFlowLogs"),
};
