import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateSecurityGroup"
  | "DeleteSecurityGroup"
  | "DescribeSecurityGroups"
  | "DescribeSecurityGroupRules"
  | "AuthorizeSecurityGroupIngress"
  | "AuthorizeSecurityGroupEgress"
  | "RevokeSecurityGroupIngress"
  | "RevokeSecurityGroupEgress"
  | "ModifySecurityGroupRules"
  | "UpdateSecurityGroupRuleDescriptionsIngress"
  | "UpdateSecurityGroupRuleDescriptionsEgress"
  | "DescribeSecurityGroupReferences"
>;

export const securityGroupHandlers: HandlerMap<Ops> = {
  CreateSecurityGroup: planned("CreateSecurityGroup"),
  DeleteSecurityGroup: planned("DeleteSecurityGroup"),
  DescribeSecurityGroups: planned("DescribeSecurityGroups"),
  DescribeSecurityGroupRules: planned("DescribeSecurityGroupRules"),
  AuthorizeSecurityGroupIngress: planned("AuthorizeSecurityGroupIngress"),
  AuthorizeSecurityGroupEgress: planned("AuthorizeSecurityGroupEgress"),
  RevokeSecurityGroupIngress: planned("RevokeSecurityGroupIngress"),
  RevokeSecurityGroupEgress: planned("RevokeSecurityGroupEgress"),
  ModifySecurityGroupRules: planned("ModifySecurityGroupRules"),
  UpdateSecurityGroupRuleDescriptionsIngress: planned("UpdateSecurityGroupRuleDescriptionsIngress"),
  UpdateSecurityGroupRuleDescriptionsEgress: planned("UpdateSecurityGroupRuleDescriptionsEgress"),
  DescribeSecurityGroupReferences: planned("DescribeSecurityGroupReferences"),
};
