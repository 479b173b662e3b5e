/**
 * VPC flow logs (`fl-`): which traffic of a VPC, subnet or network interface is recorded, in which
 * format and aggregation interval, and where the records go (a CloudWatch Logs log group or an S3
 * bucket). The data plane reads these records to decide which flows to log and how to write them.
 */
import type { Tag } from "./resources.js";

interface Owned {
  readonly id: string;
  readonly ownerId: string;
  readonly tags: readonly Tag[];
}

/** The resource types vpcsim records traffic for (transit gateways and Cloud WAN are not simulated). */
export type FlowLogResourceType = "VPC" | "Subnet" | "NetworkInterface";
export type FlowLogTrafficType = "ACCEPT" | "REJECT" | "ALL";
export type FlowLogDeliveryStatus = "SUCCESS" | "FAILED";

export interface CloudWatchLogsDestination {
  readonly type: "cloud-watch-logs";
  readonly logGroupName: string;
  /**
   * The log-group ARN, when the flow log was created with `LogDestination` (AWS then shows it in
   * DescribeFlowLogs); absent when it was created with `LogGroupName`.
   */
  readonly arn?: string;
}

export interface S3Destination {
  readonly type: "s3";
  /** The bucket ARN as given, with its optional folder (`arn:aws:s3:::bucket/folder/`). */
  readonly arn: string;
  readonly bucket: string;
  /** The folder inside the bucket, without leading or trailing slashes; empty when none. */
  readonly prefix: string;
  /** vpcsim writes plain text only (CreateFlowLogs refuses Parquet). */
  readonly fileFormat: "plain-text";
  readonly hiveCompatiblePartitions: boolean;
  readonly perHourPartition: boolean;
}

export type FlowLogDestination = CloudWatchLogsDestination | S3Destination;

export interface FlowLog extends Owned {
  readonly resourceId: string;
  readonly resourceType: FlowLogResourceType;
  readonly trafficType: FlowLogTrafficType;
  readonly destination: FlowLogDestination;
  /** The record format: the custom `LogFormat` as given, or AWS's default (version 2) format. */
  readonly logFormat: string;
  /** Seconds: 60 or 600. */
  readonly maxAggregationInterval: 60 | 600;
  readonly deliverLogsPermissionArn?: string;
  readonly deliverCrossAccountRole?: string;
  readonly creationTime: Date;
  /** SUCCESS until a delivery fails; then FAILED with AWS's error message. */
  readonly deliverLogsStatus: FlowLogDeliveryStatus;
  readonly deliverLogsErrorMessage?: string;
}
