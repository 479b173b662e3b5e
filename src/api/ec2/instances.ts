import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<
  Ec2Operations,
  | "RunInstances"
  | "DescribeInstances"
  | "DescribeInstanceStatus"
  | "StartInstances"
  | "StopInstances"
  | "RebootInstances"
  | "TerminateInstances"
  | "ModifyInstanceAttribute"
  | "DescribeInstanceAttribute"
  | "DescribeImages"
  | "DescribeInstanceTypes"
  | "CreateKeyPair"
  | "ImportKeyPair"
  | "DescribeKeyPairs"
  | "DeleteKeyPair"
>;

export const instanceHandlers: HandlerMap<Ops> = {
  RunInstances: planned("RunInstances"),
  DescribeInstances: planned("DescribeInstances"),
  DescribeInstanceStatus: planned("DescribeInstanceStatus"),
  StartInstances: planned("StartInstances"),
  StopInstances: planned("StopInstances"),
  RebootInstances: planned("RebootInstances"),
  TerminateInstances: planned("TerminateInstances"),
  ModifyInstanceAttribute: planned("ModifyInstanceAttribute"),
  DescribeInstanceAttribute: planned("DescribeInstanceAttribute"),
  DescribeImages: planned("DescribeImages"),
  DescribeInstanceTypes: planned("DescribeInstanceTypes"),
  CreateKeyPair: planned("CreateKeyPair"),
  ImportKeyPair: planned("ImportKeyPair"),
  DescribeKeyPairs: planned("DescribeKeyPairs"),
  DeleteKeyPair: planned("DeleteKeyPair"),
};
