import {
  associateDhcpOptions,
  createDhcpOptions,
  deleteDhcpOptions,
  describeDhcpOptions,
} from "../../control/dhcp-options.js";
import type { DhcpOptions as DomainDhcpOptions } from "../../model/resources.js";
import type { DhcpOptions, Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { filtersIn, perRecord, tagSpecificationsIn, tagsOut } from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  "CreateDhcpOptions" | "DeleteDhcpOptions" | "DescribeDhcpOptions" | "AssociateDhcpOptions"
>;

/** Each value travels as `{ Value }` (AWS's AttributeValue structure). */
export const dhcpOptionsOut = perRecord(
  (d: DomainDhcpOptions): DhcpOptions => ({
    DhcpConfigurations: d.configurations.map((c) => ({
      Key: c.key,
      Values: c.values.map((v) => ({ Value: v })),
    })),
    DhcpOptionsId: d.id,
    OwnerId: d.ownerId,
    Tags: tagsOut(d.tags),
  }),
);

export const dhcpOptionsHandlers: HandlerMap<Ops> = {
  CreateDhcpOptions: writes((ctx, i) => {
    const { dhcpOptions } = createDhcpOptions(ctx, {
      dhcpConfigurations: i.DhcpConfigurations.map((c) => ({ key: c.Key, values: c.Values })),
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { DhcpOptions: dhcpOptionsOut(dhcpOptions) };
  }),
  DeleteDhcpOptions: writes((ctx, i) => {
    deleteDhcpOptions(ctx, { dhcpOptionsId: i.DhcpOptionsId });
    return {};
  }),
  DescribeDhcpOptions: reads((ctx, i) => {
    const { dhcpOptions, nextToken } = describeDhcpOptions(ctx, {
      dhcpOptionsIds: i.DhcpOptionsIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { DhcpOptions: dhcpOptions.map(dhcpOptionsOut), NextToken: nextToken };
  }),
  AssociateDhcpOptions: writes((ctx, i) => {
    associateDhcpOptions(ctx, { dhcpOptionsId: i.DhcpOptionsId, vpcId: i.VpcId });
    return {};
  }),
};
