/**
 * The Reachability Analyzer wired to the data plane on the live store: each analysis traces on
 * the network as its StartNetworkInsightsAnalysis transaction sees it (the network "as it is when
 * the analysis starts"), in the path's region.
 */
import { graphForTx } from "../api/dataplane.js";
import { usePathAnalyzer } from "../control/network-insights.js";
import { trace } from "../dataplane/trace.js";
import { createPathAnalyzer } from "./network-insights.js";

export function installNetworkInsightsAnalyzer(): void {
  usePathAnalyzer(
    createPathAnalyzer((ctx, from, request) =>
      // Ids are resolved in every account of the region: a path may name another account's
      // resource by ARN (it was checked when the path was created).
      trace(graphForTx(ctx.tx), from, request, { region: ctx.scope.region }),
    ),
  );
}
