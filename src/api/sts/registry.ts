import { type StsOperations, stsService } from "../../protocol/generated/sts.js";
import { assertRegistryComplete } from "../ec2/registry.js";
import { type HandlerMap, reads } from "../handler.js";

/** STS, for the tools that ask who they are before anything else (Terraform, the CDK). */
export const stsHandlers: HandlerMap<StsOperations> = {
  GetCallerIdentity: reads((ctx) => ({
    UserId: ctx.scope.account,
    Account: ctx.scope.account,
    Arn: `arn:aws:iam::${ctx.scope.account}:root`,
  })),
};

assertRegistryComplete(stsHandlers, stsService.operations, "sts");
