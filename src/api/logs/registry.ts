/**
 * CloudWatch Logs (AWS JSON 1.1, `X-Amz-Target: Logs_20140328.<Operation>`): each operation mapped
 * to its control function, inputs and outputs field by field. Times travel as epoch milliseconds
 * (the model's `long`s).
 */
import {
  createLogGroup,
  createLogStream,
  deleteLogGroup,
  describeLogGroups,
  describeLogStreams,
  filterLogEvents,
  getLogEvents,
  type LogGroupView,
  type LogStreamView,
  putLogEvents,
} from "../../control/logs.js";
import {
  type LogGroup,
  type LogStream,
  type LogsOperations,
  logsService,
} from "../../protocol/generated/logs.js";
import { assertRegistryComplete } from "../ec2/registry.js";
import { type HandlerMap, reads, writes } from "../handler.js";

function logGroupOut(g: LogGroupView): LogGroup {
  return {
    logGroupName: g.logGroupName,
    creationTime: g.creationTime.getTime(),
    retentionInDays: g.retentionInDays,
    metricFilterCount: g.metricFilterCount,
    arn: g.arn,
    storedBytes: g.storedBytes,
    kmsKeyId: g.kmsKeyId,
    logGroupClass: g.logGroupClass,
    logGroupArn: g.logGroupArn,
  };
}

function logStreamOut(s: LogStreamView): LogStream {
  return {
    logStreamName: s.logStreamName,
    creationTime: s.creationTime.getTime(),
    firstEventTimestamp: s.firstEventTimestamp,
    lastEventTimestamp: s.lastEventTimestamp,
    lastIngestionTime: s.lastIngestionTime,
    arn: s.arn,
    storedBytes: s.storedBytes,
  };
}

export const logsHandlers: HandlerMap<LogsOperations> = {
  CreateLogGroup: writes((ctx, i) => {
    createLogGroup(ctx, {
      logGroupName: i.logGroupName,
      kmsKeyId: i.kmsKeyId,
      tags: i.tags,
      logGroupClass: i.logGroupClass,
    });
    return {};
  }),
  DescribeLogGroups: reads((ctx, i) => {
    const { logGroups, nextToken } = describeLogGroups(ctx, {
      logGroupNamePrefix: i.logGroupNamePrefix,
      logGroupNamePattern: i.logGroupNamePattern,
      logGroupClass: i.logGroupClass,
      limit: i.limit,
      nextToken: i.nextToken,
    });
    return { logGroups: logGroups.map(logGroupOut), nextToken };
  }),
  DescribeLogStreams: reads((ctx, i) => {
    const { logStreams, nextToken } = describeLogStreams(ctx, {
      logGroupName: i.logGroupName,
      logGroupIdentifier: i.logGroupIdentifier,
      logStreamNamePrefix: i.logStreamNamePrefix,
      orderBy: i.orderBy,
      descending: i.descending,
      limit: i.limit,
      nextToken: i.nextToken,
    });
    return { logStreams: logStreams.map(logStreamOut), nextToken };
  }),
  GetLogEvents: reads((ctx, i) => {
    const result = getLogEvents(ctx, {
      logGroupName: i.logGroupName,
      logGroupIdentifier: i.logGroupIdentifier,
      logStreamName: i.logStreamName,
      startTime: i.startTime,
      endTime: i.endTime,
      nextToken: i.nextToken,
      limit: i.limit,
      startFromHead: i.startFromHead,
    });
    return {
      events: result.events.map((e) => ({
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
      })),
      nextForwardToken: result.nextForwardToken,
      nextBackwardToken: result.nextBackwardToken,
    };
  }),
  FilterLogEvents: reads((ctx, i) => {
    const result = filterLogEvents(ctx, {
      logGroupName: i.logGroupName,
      logGroupIdentifier: i.logGroupIdentifier,
      logStreamNames: i.logStreamNames,
      logStreamNamePrefix: i.logStreamNamePrefix,
      startTime: i.startTime,
      endTime: i.endTime,
      filterPattern: i.filterPattern,
      nextToken: i.nextToken,
      limit: i.limit,
    });
    return {
      events: result.events.map((e) => ({
        logStreamName: e.logStreamName,
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
        eventId: e.eventId,
      })),
      searchedLogStreams: [],
      nextToken: result.nextToken,
    };
  }),
  DeleteLogGroup: writes((ctx, i) => {
    deleteLogGroup(ctx, { logGroupName: i.logGroupName });
    return {};
  }),
  CreateLogStream: writes((ctx, i) => {
    createLogStream(ctx, { logGroupName: i.logGroupName, logStreamName: i.logStreamName });
    return {};
  }),
  PutLogEvents: writes((ctx, i) => {
    const result = putLogEvents(ctx, {
      logGroupName: i.logGroupName,
      logStreamName: i.logStreamName,
      logEvents: i.logEvents.map((e) => ({ timestamp: e.timestamp, message: e.message })),
      sequenceToken: i.sequenceToken,
    });
    return {
      nextSequenceToken: result.nextSequenceToken,
      rejectedLogEventsInfo: result.rejectedLogEventsInfo && {
        tooNewLogEventStartIndex: result.rejectedLogEventsInfo.tooNewLogEventStartIndex,
        tooOldLogEventEndIndex: result.rejectedLogEventsInfo.tooOldLogEventEndIndex,
      },
    };
  }),
};

assertRegistryComplete(logsHandlers, logsService.operations, "logs");
