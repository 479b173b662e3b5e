/**
 * CloudWatch Logs: log groups, log streams and their events, as the flow-log delivery writes them
 * and `aws logs …` reads them.
 *
 * Events can be numerous, so they are not kept in the stream record: each stream's events live
 * in bounded batch records (`LogEventBatch`), and an append rewrites at most the stream record
 * and its last batch, never every event of the stream. Events are served in time order by
 * merging the batches that overlap the requested window.
 *
 * These records are stored in the same store as EC2's resources (same account-region scopes),
 * but they are not EC2 resources: their `tags` (EC2 tags) stay empty, so that EC2's DescribeTags
 * never shows them; a log group's own tags are `logTags`.
 */
import type { Tag } from "./resources.js";

interface Stored {
  readonly id: string;
  readonly ownerId: string;
  /** Always empty: CloudWatch Logs records are not EC2-taggable resources. */
  readonly tags: readonly Tag[];
}

export type LogGroupClass = "STANDARD" | "INFREQUENT_ACCESS" | "DELIVERY";

/** A log group; its id is its name (unique per account and region, as in AWS). */
export interface LogGroup extends Stored {
  readonly logGroupName: string;
  readonly creationTime: Date;
  readonly logGroupClass: LogGroupClass;
  readonly kmsKeyId?: string;
  readonly retentionInDays?: number;
  /** The log group's CloudWatch Logs tags (CreateLogGroup `tags`). */
  readonly logTags: readonly Tag[];
}

/**
 * A log stream; its id is `<group>:<stream>` (neither name may contain a colon, so the id is
 * unique). Event counters are kept here so that DescribeLogStreams never reads the events.
 */
export interface LogStream extends Stored {
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly creationTime: Date;
  /** Epoch milliseconds, as the API carries them. Absent until the stream has events. */
  readonly firstEventTimestamp?: number;
  readonly lastEventTimestamp?: number;
  readonly lastIngestionTime?: number;
  /** Bytes of the stream's events as CloudWatch Logs counts them (UTF-8 message + 26 per event). */
  readonly storedBytes: number;
  readonly eventCount: number;
  /** The sequence number the next event of the stream gets (ties between equal timestamps). */
  readonly nextSequence: number;
  /** How many batches the stream has had; the last one is `<stream id>:<batchCount - 1>`. */
  readonly batchCount: number;
}

export interface LogEvent {
  /** Epoch milliseconds: event times are data of the log, kept as the API's longs. */
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
  /** Order of arrival within the stream. */
  readonly sequence: number;
}

/** A bounded run of one stream's events, sorted by (timestamp, sequence). */
export interface LogEventBatch extends Stored {
  /** The id of the stream (`<group>:<stream>`), indexed. */
  readonly streamId: string;
  readonly minTimestamp: number;
  readonly maxTimestamp: number;
  readonly bytes: number;
  readonly events: readonly LogEvent[];
}
