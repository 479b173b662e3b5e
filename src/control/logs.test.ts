import { describe, expect, it } from "vitest";
import {
  appendLogEvents,
  createLogGroup,
  createLogStream,
  deleteLogGroup,
  describeLogGroups,
  describeLogStreams,
  ensureLogStream,
  filterLogEvents,
  getLogEvents,
  MAX_BATCH_EVENTS,
  putLogEvents,
} from "./logs.js";
import { describeTags } from "./tags.js";
import { errorCode, TEST_ACCOUNT, type TestPlane, testPlane } from "./test-support.js";

const T0 = Date.UTC(2026, 0, 1);

function groups(plane: TestPlane, ...names: string[]) {
  for (const name of names) plane.write((ctx) => createLogGroup(ctx, { logGroupName: name }));
}

function put(
  plane: TestPlane,
  group: string,
  stream: string,
  events: { timestamp: number; message: string }[],
) {
  return plane.write((ctx) =>
    putLogEvents(ctx, { logGroupName: group, logStreamName: stream, logEvents: events }),
  );
}

function withStream(group = "app", stream = "s1"): TestPlane {
  const plane = testPlane();
  groups(plane, group);
  plane.write((ctx) => createLogStream(ctx, { logGroupName: group, logStreamName: stream }));
  return plane;
}

describe("log groups", () => {
  it("creates, describes and deletes log groups with AWS's fields", () => {
    const plane = testPlane();
    plane.write((ctx) =>
      createLogGroup(ctx, {
        logGroupName: "/aws/vpc/flows",
        tags: { team: "net" },
        kmsKeyId: "arn:aws:kms:us-east-1:1:key/k",
      }),
    );
    const [group] = plane.read((ctx) => describeLogGroups(ctx, {})).logGroups;
    expect(group).toEqual({
      logGroupName: "/aws/vpc/flows",
      creationTime: new Date(T0),
      metricFilterCount: 0,
      arn: `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:/aws/vpc/flows:*`,
      logGroupArn: `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:/aws/vpc/flows`,
      storedBytes: 0,
      kmsKeyId: "arn:aws:kms:us-east-1:1:key/k",
      logGroupClass: "STANDARD",
    });
    // Log groups are not EC2 resources: EC2's DescribeTags does not show their tags.
    expect(plane.read((ctx) => describeTags(ctx, {})).tags).toEqual([]);
    expect(errorCode(() => groups(plane, "/aws/vpc/flows"))).toBe("ResourceAlreadyExistsException");
    plane.write((ctx) => deleteLogGroup(ctx, { logGroupName: "/aws/vpc/flows" }));
    expect(plane.read((ctx) => describeLogGroups(ctx, {})).logGroups).toEqual([]);
    expect(() => plane.write((ctx) => deleteLogGroup(ctx, { logGroupName: "/aws/vpc/flows" }))).toThrow(
      "The specified log group does not exist.",
    );
  });

  it("validates names, classes and tags with AWS's validation messages", () => {
    const plane = testPlane();
    const create = (input: Parameters<typeof createLogGroup>[1]) =>
      plane.write((ctx) => createLogGroup(ctx, input));
    expect(() => create({ logGroupName: "bad name" })).toThrow(
      "1 validation error detected: Value 'bad name' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
    );
    expect(errorCode(() => create({ logGroupName: "" }))).toBe("InvalidParameterException");
    expect(errorCode(() => create({ logGroupName: "a".repeat(513) }))).toBe("InvalidParameterException");
    expect(errorCode(() => create({ logGroupName: "ok", logGroupClass: "COLD" }))).toBe(
      "InvalidParameterException",
    );
    expect(errorCode(() => create({ logGroupName: "ok", tags: { "aws:x": "1" } }))).toBe(
      "InvalidParameterException",
    );
    create({ logGroupName: "a".repeat(512), logGroupClass: "INFREQUENT_ACCESS" });
    expect(
      plane.read((ctx) => describeLogGroups(ctx, { logGroupClass: "INFREQUENT_ACCESS" })).logGroups,
    ).toHaveLength(1);
  });

  it("finds groups by prefix or by case-sensitive substring pattern, in name order, and pages", () => {
    const plane = testPlane();
    groups(
      plane,
      "zeta",
      "/aws/lambda/b",
      "DataLogs",
      "aws/DataLogs",
      "/aws/lambda/a",
      "datalogs",
      "GroupDataLogs",
    );
    const names = (input: Parameters<typeof describeLogGroups>[1]) =>
      plane.read((ctx) => describeLogGroups(ctx, input)).logGroups.map((g) => g.logGroupName);
    expect(names({})).toEqual([
      "/aws/lambda/a",
      "/aws/lambda/b",
      "DataLogs",
      "GroupDataLogs",
      "aws/DataLogs",
      "datalogs",
      "zeta",
    ]);
    expect(names({ logGroupNamePrefix: "/aws/lambda/" })).toEqual(["/aws/lambda/a", "/aws/lambda/b"]);
    // The API reference's own example: DataLogs matches DataLogs, aws/DataLogs and GroupDataLogs only.
    expect(names({ logGroupNamePattern: "DataLogs" })).toEqual(["DataLogs", "GroupDataLogs", "aws/DataLogs"]);
    expect(
      errorCode(() =>
        plane.read((ctx) => describeLogGroups(ctx, { logGroupNamePrefix: "a", logGroupNamePattern: "b" })),
      ),
    ).toBe("InvalidParameterException");
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = plane.read((ctx) =>
        describeLogGroups(ctx, { limit: 3, ...(nextToken ? { nextToken } : {}) }),
      );
      seen.push(...page.logGroups.map((g) => g.logGroupName));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(names({}));
    for (const limit of [0, 51]) {
      expect(errorCode(() => plane.read((ctx) => describeLogGroups(ctx, { limit })))).toBe(
        "InvalidParameterException",
      );
    }
    expect(() => plane.read((ctx) => describeLogGroups(ctx, { nextToken: "nope" }))).toThrow(
      "The specified nextToken is invalid.",
    );
    // A token is valid only with the request that produced it.
    const token = plane.read((ctx) => describeLogGroups(ctx, { limit: 1 })).nextToken!;
    expect(
      errorCode(() =>
        plane.read((ctx) => describeLogGroups(ctx, { limit: 1, logGroupNamePrefix: "/", nextToken: token })),
      ),
    ).toBe("InvalidParameterException");
  });

  it("deleting a group deletes its streams and events", () => {
    const plane = withStream();
    put(plane, "app", "s1", [{ timestamp: T0, message: "hello" }]);
    plane.write((ctx) => deleteLogGroup(ctx, { logGroupName: "app" }));
    expect(
      plane.read(({ tx, scope }) => [tx.count("logStream", scope), tx.count("logEventBatch", scope)]),
    ).toEqual([0, 0]);
    groups(plane, "app");
    expect(plane.read((ctx) => describeLogStreams(ctx, { logGroupName: "app" })).logStreams).toEqual([]);
  });
});

describe("log streams", () => {
  it("creates streams and describes them by name or by last event time, either way, and pages", () => {
    const plane = testPlane();
    groups(plane, "g");
    for (const name of ["b", "a", "c", "d"])
      plane.write((ctx) => createLogStream(ctx, { logGroupName: "g", logStreamName: name }));
    put(plane, "g", "c", [{ timestamp: T0 - 3000, message: "old" }]);
    put(plane, "g", "a", [{ timestamp: T0 - 1000, message: "new" }]);
    const names = (input: Omit<Parameters<typeof describeLogStreams>[1], "logGroupName">) =>
      plane
        .read((ctx) => describeLogStreams(ctx, { logGroupName: "g", ...input }))
        .logStreams.map((s) => s.logStreamName);
    expect(names({})).toEqual(["a", "b", "c", "d"]);
    expect(names({ descending: true })).toEqual(["d", "c", "b", "a"]);
    expect(names({ orderBy: "LastEventTime" })).toEqual(["b", "d", "c", "a"]);
    expect(names({ orderBy: "LastEventTime", descending: true })).toEqual(["a", "c", "d", "b"]);
    expect(names({ logStreamNamePrefix: "c" })).toEqual(["c"]);
    const paged: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = plane.read((ctx) =>
        describeLogStreams(ctx, {
          logGroupName: "g",
          orderBy: "LastEventTime",
          limit: 3,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      paged.push(...page.logStreams.map((s) => s.logStreamName));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(paged).toEqual(["b", "d", "c", "a"]);
    const [stream] = plane.read((ctx) =>
      describeLogStreams(ctx, { logGroupName: "g", logStreamNamePrefix: "a" }),
    ).logStreams;
    expect(stream).toEqual({
      logStreamName: "a",
      creationTime: new Date(T0),
      firstEventTimestamp: T0 - 1000,
      lastEventTimestamp: T0 - 1000,
      lastIngestionTime: T0,
      arn: `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:g:log-stream:a`,
      storedBytes: 0,
    });
    // The group counts its streams' bytes (message + 26 per event).
    expect(plane.read((ctx) => describeLogGroups(ctx, {})).logGroups[0]!.storedBytes).toBe(3 + 26 + 3 + 26);
  });

  it("answers AWS's errors", () => {
    const plane = testPlane();
    groups(plane, "g");
    const create = (group: string, stream: string) =>
      plane.write((ctx) => createLogStream(ctx, { logGroupName: group, logStreamName: stream }));
    create("g", "s");
    expect(() => create("g", "s")).toThrow("The specified log stream already exists");
    expect(errorCode(() => create("missing", "s"))).toBe("ResourceNotFoundException");
    expect(errorCode(() => create("g", "a:b"))).toBe("InvalidParameterException");
    expect(errorCode(() => create("g", "a*"))).toBe("InvalidParameterException");
    const describe = (input: Parameters<typeof describeLogStreams>[1]) =>
      plane.read((ctx) => describeLogStreams(ctx, input));
    expect(() => describe({ logGroupName: "g", orderBy: "LastEventTime", logStreamNamePrefix: "s" })).toThrow(
      "Cannot order by LastEventTime with a logStreamNamePrefix.",
    );
    expect(errorCode(() => describe({ logGroupName: "g", orderBy: "Name" }))).toBe(
      "InvalidParameterException",
    );
    expect(errorCode(() => describe({ logGroupName: "nope" }))).toBe("ResourceNotFoundException");
    expect(errorCode(() => describe({}))).toBe("InvalidParameterException");
    expect(errorCode(() => describe({ logGroupName: "g", logGroupIdentifier: "g" }))).toBe(
      "InvalidParameterException",
    );
    // A group named by ARN (with or without :*); another account's ARN is unknown.
    const arn = `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:g`;
    expect(describe({ logGroupIdentifier: arn }).logStreams).toHaveLength(1);
    expect(describe({ logGroupIdentifier: `${arn}:*` }).logStreams).toHaveLength(1);
    expect(errorCode(() => describe({ logGroupIdentifier: arn.replace(TEST_ACCOUNT, "999999999999") }))).toBe(
      "ResourceNotFoundException",
    );
  });
});

describe("PutLogEvents", () => {
  it("stores events and answers with a sequence token", () => {
    const plane = withStream();
    const result = put(plane, "app", "s1", [
      { timestamp: T0 - 2, message: "one" },
      { timestamp: T0 - 1, message: "two" },
    ]);
    expect(result.nextSequenceToken).toMatch(/^\d{56}$/);
    expect(result.rejectedLogEventsInfo).toBeUndefined();
    expect(
      plane
        .read((ctx) => getLogEvents(ctx, { logGroupName: "app", logStreamName: "s1" }))
        .events.map((e) => e.message),
    ).toEqual(["one", "two"]);
  });

  it("enforces AWS's batch rules", () => {
    const plane = withStream();
    const code = (events: { timestamp: number; message: string }[]) =>
      errorCode(() => put(plane, "app", "s1", events));
    expect(code([])).toBe("InvalidParameterException");
    expect(code([{ timestamp: T0, message: "" }])).toBe("InvalidParameterException");
    expect(() =>
      put(plane, "app", "s1", [
        { timestamp: T0, message: "b" },
        { timestamp: T0 - 1, message: "a" },
      ]),
    ).toThrow("Log events in a single PutLogEvents request must be in chronological order.");
    expect(() =>
      put(plane, "app", "s1", [
        { timestamp: T0 - 25 * 3600_000, message: "a" },
        { timestamp: T0, message: "b" },
      ]),
    ).toThrow("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
    expect(() => put(plane, "app", "s1", [{ timestamp: T0, message: "x".repeat(1_048_576) }])).toThrow(
      /^Upload too large/,
    );
    expect(code(Array.from({ length: 10_001 }, () => ({ timestamp: T0, message: "x" })))).toBe(
      "InvalidParameterException",
    );
    expect(errorCode(() => put(plane, "app", "nope", [{ timestamp: T0, message: "x" }]))).toBe(
      "ResourceNotFoundException",
    );
    expect(errorCode(() => put(plane, "nope", "s1", [{ timestamp: T0, message: "x" }]))).toBe(
      "ResourceNotFoundException",
    );
  });

  it("rejects events too far in the future or the past, and stores the others", () => {
    const plane = withStream();
    const day = 24 * 3600_000;
    const result = put(plane, "app", "s1", [
      { timestamp: T0 - 14 * day - 2 * 3600_000, message: "too old" },
      { timestamp: T0 - 14 * day - 3600_000, message: "too old too" },
      { timestamp: T0 - 14 * day + 3 * 3600_000, message: "fine" },
    ]);
    expect(result.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1 });
    const future = put(plane, "app", "s1", [
      { timestamp: T0, message: "now" },
      { timestamp: T0 + 3 * 3600_000, message: "too new" },
    ]);
    expect(future.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 });
    expect(
      plane
        .read((ctx) => getLogEvents(ctx, { logGroupName: "app", logStreamName: "s1", startFromHead: true }))
        .events.map((e) => e.message),
    ).toEqual(["fine", "now"]);
  });

  it("keeps events in bounded batches: an append rewrites the last batch only", () => {
    const plane = withStream();
    const total = MAX_BATCH_EVENTS * 2 + 10;
    const events = Array.from({ length: total }, (_, i) => ({
      timestamp: T0 - total + i,
      message: `event ${i}`,
    }));
    plane.write((ctx) => appendLogEvents(ctx, ensureLogStream(ctx, "app", "s1"), events.slice(0, 1500)));
    plane.write((ctx) => appendLogEvents(ctx, ensureLogStream(ctx, "app", "s1"), events.slice(1500)));
    const batches = plane.read(({ tx, scope }) => tx.listBy("logEventBatch", scope, "streamId", "app:s1"));
    expect(batches.map((b) => b.events.length)).toEqual([MAX_BATCH_EVENTS, MAX_BATCH_EVENTS, 10]);
    const before = plane.read(({ tx, scope }) => tx.listBy("logEventBatch", scope, "streamId", "app:s1"));
    plane.write((ctx) =>
      appendLogEvents(ctx, ensureLogStream(ctx, "app", "s1"), [{ timestamp: T0, message: "last" }]),
    );
    const after = plane.read(({ tx, scope }) => tx.listBy("logEventBatch", scope, "streamId", "app:s1"));
    // Records are immutable: the untouched batches are the very same objects.
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
    expect(after[2]!.events).toHaveLength(11);
    const all = plane.read((ctx) =>
      getLogEvents(ctx, { logGroupName: "app", logStreamName: "s1", startFromHead: true }),
    );
    expect(all.events.map((e) => e.message)).toEqual([...events.map((e) => e.message), "last"]);
  });
});

describe("GetLogEvents", () => {
  function streamOf(count: number): TestPlane {
    const plane = withStream();
    put(
      plane,
      "app",
      "s1",
      Array.from({ length: count }, (_, i) => ({ timestamp: T0 - 1000 + i * 10, message: `m${i}` })),
    );
    return plane;
  }
  const get = (plane: TestPlane, input: Partial<Parameters<typeof getLogEvents>[1]>) =>
    plane.read((ctx) => getLogEvents(ctx, { logGroupName: "app", logStreamName: "s1", ...input }));
  const messages = (page: { events: readonly { message: string }[] }) => page.events.map((e) => e.message);

  it("returns the last page by default and the first with startFromHead, in time order", () => {
    const plane = streamOf(10);
    expect(messages(get(plane, { limit: 3 }))).toEqual(["m7", "m8", "m9"]);
    expect(messages(get(plane, { limit: 3, startFromHead: true }))).toEqual(["m0", "m1", "m2"]);
    expect(messages(get(plane, {}))).toHaveLength(10);
  });

  it("walks forward and backward with AWS-shaped tokens, returning the same token at the end", () => {
    const plane = streamOf(7);
    const first = get(plane, { limit: 3, startFromHead: true });
    expect(first.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
    expect(first.nextBackwardToken).toMatch(/^b\/\d{56}\/s$/);
    const second = get(plane, { limit: 3, nextToken: first.nextForwardToken });
    expect(messages(second)).toEqual(["m3", "m4", "m5"]);
    const third = get(plane, { limit: 3, nextToken: second.nextForwardToken });
    expect(messages(third)).toEqual(["m6"]);
    const end = get(plane, { limit: 3, nextToken: third.nextForwardToken });
    expect(messages(end)).toEqual([]);
    expect(end.nextForwardToken).toBe(third.nextForwardToken);
    const back = get(plane, { limit: 2, nextToken: third.nextBackwardToken });
    expect(messages(back)).toEqual(["m4", "m5"]);
    expect(messages(get(plane, { limit: 10, nextToken: back.nextBackwardToken }))).toEqual([
      "m0",
      "m1",
      "m2",
      "m3",
    ]);
    const start = get(plane, { nextToken: first.nextBackwardToken });
    expect(messages(start)).toEqual([]);
    expect(start.nextBackwardToken).toBe(first.nextBackwardToken);
    // New events show up when following the forward token (tailing).
    put(plane, "app", "s1", [{ timestamp: T0, message: "late" }]);
    expect(messages(get(plane, { nextToken: end.nextForwardToken }))).toEqual(["late"]);
  });

  it("limits to [startTime, endTime)", () => {
    const plane = streamOf(10);
    expect(
      messages(get(plane, { startTime: T0 - 1000 + 20, endTime: T0 - 1000 + 50, startFromHead: true })),
    ).toEqual(["m2", "m3", "m4"]);
    expect(messages(get(plane, { startTime: T0, endTime: T0 - 5 }))).toEqual([]);
  });

  it("answers AWS's errors", () => {
    const plane = streamOf(1);
    expect(() => get(plane, { nextToken: "f/123/s" })).toThrow("The specified nextToken is invalid.");
    expect(errorCode(() => get(plane, { limit: 0 }))).toBe("InvalidParameterException");
    expect(errorCode(() => get(plane, { limit: 10_001 }))).toBe("InvalidParameterException");
    expect(() => get(plane, { logStreamName: "missing" })).toThrow(
      "The specified log stream does not exist.",
    );
    expect(errorCode(() => get(plane, { logGroupName: "missing" }))).toBe("ResourceNotFoundException");
  });
});

describe("FilterLogEvents", () => {
  function twoStreams(): TestPlane {
    const plane = testPlane();
    groups(plane, "flows");
    for (const s of ["eni-a-all", "eni-b-all", "other"]) {
      plane.write((ctx) => createLogStream(ctx, { logGroupName: "flows", logStreamName: s }));
    }
    put(plane, "flows", "eni-a-all", [
      { timestamp: T0 - 300, message: "2 1 eni-a 10.0.0.1 10.0.0.2 40000 22 6 1 60 1 2 REJECT OK" },
      { timestamp: T0 - 100, message: "2 1 eni-a 10.0.0.1 10.0.0.2 40001 443 6 1 60 1 2 ACCEPT OK" },
    ]);
    put(plane, "flows", "eni-b-all", [
      { timestamp: T0 - 200, message: "2 1 eni-b 10.0.0.3 10.0.0.2 40002 22 6 1 60 1 2 ACCEPT OK" },
      { timestamp: T0 - 100, message: "2 1 eni-b 10.0.0.3 10.0.0.2 40003 80 6 1 60 1 2 REJECT OK" },
    ]);
    put(plane, "flows", "other", [{ timestamp: T0 - 150, message: "unrelated" }]);
    return plane;
  }
  const filter = (plane: TestPlane, input: Partial<Parameters<typeof filterLogEvents>[1]>) =>
    plane.read((ctx) => filterLogEvents(ctx, { logGroupName: "flows", ...input }));

  it("merges the streams in time order, with event ids, and filters by pattern, streams and time", () => {
    const plane = twoStreams();
    const all = filter(plane, {});
    expect(all.events.map((e) => [e.logStreamName, e.timestamp])).toEqual([
      ["eni-a-all", T0 - 300],
      ["eni-b-all", T0 - 200],
      ["other", T0 - 150],
      ["eni-a-all", T0 - 100],
      ["eni-b-all", T0 - 100],
    ]);
    expect(all.searchedLogStreams).toEqual([]);
    expect(new Set(all.events.map((e) => e.eventId)).size).toBe(5);
    expect(all.events.every((e) => /^\d{56}$/.test(e.eventId))).toBe(true);
    const ssh =
      "[v, account, eni, src, dst, srcport, dstport=22, protocol, packets, bytes, start, end, action, status]";
    expect(filter(plane, { filterPattern: ssh }).events.map((e) => e.logStreamName)).toEqual([
      "eni-a-all",
      "eni-b-all",
    ]);
    expect(filter(plane, { filterPattern: "REJECT" }).events).toHaveLength(2);
    expect(filter(plane, { logStreamNamePrefix: "eni-" }).events).toHaveLength(4);
    expect(filter(plane, { logStreamNames: ["other", "eni-b-all"] }).events).toHaveLength(3);
    expect(filter(plane, { startTime: T0 - 200, endTime: T0 - 150 }).events.map((e) => e.timestamp)).toEqual([
      T0 - 200,
      T0 - 150,
    ]);
  });

  it("pages with nextToken", () => {
    const plane = twoStreams();
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = filter(plane, { limit: 2, ...(nextToken ? { nextToken } : {}) });
      seen.push(...page.events.map((e) => e.eventId));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(filter(plane, {}).events.map((e) => e.eventId));
    expect(() => filter(plane, { nextToken: "garbage" })).toThrow("The specified nextToken is invalid.");
  });

  it("answers AWS's errors", () => {
    const plane = twoStreams();
    expect(errorCode(() => filter(plane, { logStreamNames: ["a"], logStreamNamePrefix: "a" }))).toBe(
      "InvalidParameterException",
    );
    expect(errorCode(() => filter(plane, { filterPattern: "10.0.0.1" }))).toBe("InvalidParameterException");
    expect(errorCode(() => filter(plane, { logGroupName: "nope" }))).toBe("ResourceNotFoundException");
    expect(errorCode(() => filter(plane, { limit: 0 }))).toBe("InvalidParameterException");
  });
});
