/**
 * The server's own cost of one large Describe answer, without HTTP: DescribeVpcs of 200 VPCs
 * through the dispatcher (parse, read, wire forms, XML), then encoding the XML to the bytes a
 * response sends. Wire forms and their XML are memoised per unchanged record, so after the first
 * call this is mostly assembling and encoding about 100 KB of kept XML.
 */
import { createDispatcher, DEFAULT_ACCOUNT_SETTINGS } from "../src/api/dispatcher.js";
import { DEFAULT_CONTROL_CONFIG } from "../src/control/context.js";
import { systemClock } from "../src/model/clock.js";
import { seededIds } from "../src/model/ids.js";
import { RESOURCE_SCHEMA, type Resources } from "../src/model/kinds.js";
import { createMemoryStore } from "../src/store/memory-store.js";

const VPCS = 200;
const CALLS = 3000;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

export function runDescribeBench(): Record<string, unknown> {
  const dispatch = createDispatcher({
    store: createMemoryStore<Resources>(RESOURCE_SCHEMA),
    clock: systemClock,
    ids: seededIds(7),
    config: {
      ...DEFAULT_CONTROL_CONFIG,
      defaultVpc: false,
      quotas: { ...DEFAULT_CONTROL_CONFIG.quotas, vpcsPerRegion: VPCS },
    },
    accounts: DEFAULT_ACCOUNT_SETTINGS,
  });
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    authorization:
      "AWS4-HMAC-SHA256 Credential=444444444444/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0",
  };
  const call = (body: string) => dispatch({ method: "POST", headers, query: "", body });
  for (let i = 0; i < VPCS; i++) {
    const created = call(`Action=CreateVpc&Version=2016-11-15&CidrBlock=10.${i}.0.0%2F16`);
    if (created.status !== 200) throw new Error(`CreateVpc failed: ${created.body}`);
  }
  const describe = "Action=DescribeVpcs&Version=2016-11-15";
  let bytes = 0;
  const dispatchUs: number[] = [];
  const encodeUs: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    const { body } = call(describe);
    const t1 = performance.now();
    bytes = Buffer.from(body).length;
    const t2 = performance.now();
    dispatchUs.push((t1 - t0) * 1000);
    encodeUs.push((t2 - t1) * 1000);
  }
  // The first calls build the memoised forms: report the steady state.
  const steady = (samples: number[]) => samples.slice(CALLS / 10).sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  const d = steady(dispatchUs);
  const e = steady(encodeUs);
  return {
    vpcs: VPCS,
    responseBytes: bytes,
    dispatchP50Us: round(quantile(d, 0.5)),
    dispatchP99Us: round(quantile(d, 0.99)),
    encodeP50Us: round(quantile(e, 0.5)),
    encodeP99Us: round(quantile(e, 0.99)),
  };
}
