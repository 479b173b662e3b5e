import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateNetworkInsightsPath"
  | "DescribeNetworkInsightsPaths"
  | "DeleteNetworkInsightsPath"
  | "StartNetworkInsightsAnalysis"
  | "DescribeNetworkInsightsAnalyses"
  | "DeleteNetworkInsightsAnalysis"
>;

export const networkInsightsHandlers: HandlerMap<Ops> = {
  CreateNetworkInsightsPath: planned("CreateNetworkInsightsPath"),
  DescribeNetworkInsightsPaths: planned("DescribeNetworkInsightsPaths"),
  DeleteNetworkInsightsPath: planned("DeleteNetworkInsightsPath"),
  StartNetworkInsightsAnalysis: planned("StartNetworkInsightsAnalysis"),
  DescribeNetworkInsightsAnalyses: planned("DescribeNetworkInsightsAnalyses"),
  DeleteNetworkInsightsAnalysis: planned("DeleteNetworkInsightsAnalysis"),
};
