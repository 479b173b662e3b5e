import { type LogsOperations, logsService } from "../../protocol/generated/logs.js";
import { assertRegistryComplete } from "../ec2/registry.js";
import { type HandlerMap, planned } from "../handler.js";

export const logsHandlers: HandlerMap<LogsOperations> = {
  CreateLogGroup: planned("CreateLogGroup"),
  DescribeLogGroups: planned("DescribeLogGroups"),
  DescribeLogStreams: planned("DescribeLogStreams"),
  GetLogEvents: planned("GetLogEvents"),
  FilterLogEvents: planned("FilterLogEvents"),
  DeleteLogGroup: planned("DeleteLogGroup"),
};

assertRegistryComplete(logsHandlers, logsService.operations, "logs");
