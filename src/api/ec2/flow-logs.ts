import {
  createFlowLogs,
  type UnsuccessfulItem as DomainUnsuccessful,
  deleteFlowLogs,
  describeFlowLogs,
} from "../../control/flow-logs.js";
import type { FlowLog as DomainFlowLog } from "../../model/flow-logs.js";
import type { Ec2Operations, FlowLog, Unsuccessful } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { idempotent } from "../idempotency.js";
import { filtersIn, perRecord, tagSpecificationsIn, tagsOut } from "./wire.js";

type Ops = Pick<Ec2Operations, "CreateFlowLogs" | "DescribeFlowLogs" | "DeleteFlowLogs">;

/**
 * DescribeFlowLogs' form of a flow log (CLI examples of describe-flow-logs): `LogGroupName` for
 * CloudWatch Logs, `LogDestination` when the flow log was created with an ARN (always for S3),
 * `DestinationOptions` for S3 only, `LogFormat` always (the default one included).
 */
export const flowLogOut = perRecord((f: DomainFlowLog): FlowLog => {
  const d = f.destination;
  return {
    CreationTime: f.creationTime,
    DeliverLogsErrorMessage: f.deliverLogsErrorMessage,
    DeliverLogsPermissionArn: f.deliverLogsPermissionArn,
    DeliverCrossAccountRole: f.deliverCrossAccountRole,
    DeliverLogsStatus: f.deliverLogsStatus,
    FlowLogId: f.id,
    FlowLogStatus: "ACTIVE",
    LogGroupName: d.type === "cloud-watch-logs" ? d.logGroupName : undefined,
    ResourceId: f.resourceId,
    TrafficType: f.trafficType,
    LogDestinationType: d.type,
    LogDestination: d.arn,
    LogFormat: f.logFormat,
    Tags: tagsOut(f.tags),
    MaxAggregationInterval: f.maxAggregationInterval,
    DestinationOptions:
      d.type === "s3"
        ? {
            FileFormat: d.fileFormat,
            HiveCompatiblePartitions: d.hiveCompatiblePartitions,
            PerHourPartition: d.perHourPartition,
          }
        : undefined,
  };
});

function unsuccessfulOut(u: DomainUnsuccessful): Unsuccessful {
  return { Error: { Code: u.error.code, Message: u.error.message }, ResourceId: u.resourceId };
}

export const flowLogHandlers: HandlerMap<Ops> = {
  CreateFlowLogs: idempotent("CreateFlowLogs", (ctx, i) => {
    const { flowLogIds, unsuccessful } = createFlowLogs(ctx, {
      resourceIds: i.ResourceIds,
      resourceType: i.ResourceType,
      trafficType: i.TrafficType,
      logDestinationType: i.LogDestinationType,
      logDestination: i.LogDestination,
      logGroupName: i.LogGroupName,
      deliverLogsPermissionArn: i.DeliverLogsPermissionArn,
      deliverCrossAccountRole: i.DeliverCrossAccountRole,
      logFormat: i.LogFormat,
      maxAggregationInterval: i.MaxAggregationInterval,
      destinationOptions: i.DestinationOptions && {
        fileFormat: i.DestinationOptions.FileFormat,
        hiveCompatiblePartitions: i.DestinationOptions.HiveCompatiblePartitions,
        perHourPartition: i.DestinationOptions.PerHourPartition,
      },
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return {
      ClientToken: i.ClientToken,
      FlowLogIds: [...flowLogIds],
      // AWS sends the list even when empty (responses quoted in boto3#3327).
      Unsuccessful: unsuccessful.map(unsuccessfulOut),
    };
  }),
  DescribeFlowLogs: reads((ctx, i) => {
    const { flowLogs, nextToken } = describeFlowLogs(ctx, {
      flowLogIds: i.FlowLogIds,
      filters: filtersIn(i.Filter),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { FlowLogs: flowLogs.map(flowLogOut), NextToken: nextToken };
  }),
  DeleteFlowLogs: writes((ctx, i) => {
    const { unsuccessful } = deleteFlowLogs(ctx, { flowLogIds: i.FlowLogIds });
    return { Unsuccessful: unsuccessful.map(unsuccessfulOut) };
  }),
};
