import {
  describeAccountAttributes,
  describeAvailabilityZones,
  describeRegions,
} from "../../control/regions.js";
import { createTags, deleteTags, describeTags } from "../../control/tags.js";
import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { accountAttributeOut, filtersIn, regionOut, tagDescriptionOut, tagsIn, zoneOut } from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateTags"
  | "DeleteTags"
  | "DescribeTags"
  | "DescribeAvailabilityZones"
  | "DescribeRegions"
  | "DescribeAccountAttributes"
>;

export const accountHandlers: HandlerMap<Ops> = {
  CreateTags: writes((ctx, i) => {
    createTags(ctx, { resources: i.Resources, tags: tagsIn(i.Tags) });
    return {};
  }),
  DeleteTags: writes((ctx, i) => {
    deleteTags(ctx, { resources: i.Resources, tags: tagsIn(i.Tags) });
    return {};
  }),
  DescribeTags: reads((ctx, i) => {
    const { tags, nextToken } = describeTags(ctx, {
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { Tags: tags.map(tagDescriptionOut), NextToken: nextToken };
  }),
  DescribeAvailabilityZones: reads((ctx, i) => {
    const { availabilityZones } = describeAvailabilityZones(ctx, {
      zoneNames: i.ZoneNames,
      zoneIds: i.ZoneIds,
      allAvailabilityZones: i.AllAvailabilityZones,
      filters: filtersIn(i.Filters),
    });
    return { AvailabilityZones: availabilityZones.map(zoneOut) };
  }),
  DescribeRegions: reads((ctx, i) => {
    const { regions } = describeRegions(ctx, {
      regionNames: i.RegionNames,
      allRegions: i.AllRegions,
      filters: filtersIn(i.Filters),
    });
    return { Regions: regions.map(regionOut) };
  }),
  DescribeAccountAttributes: reads((ctx, i) => {
    const { accountAttributes } = describeAccountAttributes(ctx, { attributeNames: i.AttributeNames });
    return { AccountAttributes: accountAttributes.map(accountAttributeOut) };
  }),
};
