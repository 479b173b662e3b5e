/**
 * vpcsim as a library: start the endpoint in-process from a test suite (vitest, jest) and point
 * the AWS SDK at `endpoint`.
 *
 *     const vpcsim = await startServer({ port: 0, inMemory: true });
 *     const ec2 = new EC2Client({ endpoint: vpcsim.endpoint, region: "us-east-1", credentials });
 *     …
 *     await vpcsim.close();
 */

export { type Clock, ManualClock } from "./model/clock.js";
export { type RunningServer, type ServerOptions, startServer } from "./server/server.js";
