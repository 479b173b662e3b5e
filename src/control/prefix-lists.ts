/**
 * Prefix lists: DescribePrefixLists (AWS's service lists, the legacy call),
 * DescribeManagedPrefixLists, GetManagedPrefixListEntries, CreateManagedPrefixList,
 * ModifyManagedPrefixList, DeleteManagedPrefixList, and the lookups routes and security group
 * rules use to reference a list.
 *
 * AWS-managed lists (`com.amazonaws.<region>.s3`, `…dynamodb`) come from the built-in catalogue of
 * aws-prefix-lists.ts; customer-managed lists are records. A customer list is versioned: version 1
 * at creation, one more each time entries are added or removed (renaming or resizing keeps the
 * version), earlier versions kept for `TargetVersion`. Its states follow the ManagedPrefixList
 * reference (create-in-progress → create-complete, modify-in-progress → modify-complete,
 * delete-in-progress → gone) through scheduled transitions.
 */
import type {
  PrefixList,
  PrefixListAddressFamily,
  PrefixListEntry,
  PrefixListState,
  PrefixListVersion,
} from "../model/endpoints.js";
import type { Resources } from "../model/kinds.js";
import type { Tag } from "../model/resources.js";
import { parseIpv4Cidr, parseIpv6Cidr } from "../net/index.js";
import type { ReadTx, Scope } from "../store/store.js";
import {
  AWS_PREFIX_LIST_OWNER,
  type AwsManagedPrefixList,
  awsManagedPrefixLists,
  findAwsManagedPrefixList,
} from "./aws-prefix-lists.js";
import { DEFAULT_QUOTAS, type ReadContext, type WriteContext } from "./context.js";
import {
  AwsManagedPrefixListNotModifiable,
  type IdErrors,
  InvalidParameterValue,
  ManagedPrefixListIdErrors,
  MissingParameter,
  PrefixListEntriesAndMaxEntries,
  PrefixListEntriesPerRequestExceeded,
  PrefixListEntryExists,
  PrefixListEntryNotFound,
  PrefixListIdErrors,
  PrefixListIncorrectState,
  PrefixListInUse,
  PrefixListLimitExceeded,
  PrefixListMaxEntriesOutOfRange,
  PrefixListNameReserved,
  PrefixListTooManyEntries,
  PrefixListVersionMismatch,
  PrefixListVersionNotFound,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { assertWellFormedId } from "./lookup.js";
import { type PageRequest, paginate } from "./pagination.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";
import { scheduleTransition } from "./transitions.js";

/** CreateManagedPrefixList and ModifyManagedPrefixList: "Must specify a max size between 1 and 1000". */
export const MAX_PREFIX_LIST_ENTRIES = 1000;
/** Entries one request may add or remove (AddPrefixListEntries, RemovePrefixListEntries: 0–100). */
const MAX_ENTRIES_PER_REQUEST = 100;
const MAX_NAME_LENGTH = 255;
const MAX_DESCRIPTION_LENGTH = 255;
/** Names AWS keeps for its own lists; the trailing dot is part of each (`com.amazonaws-x` is allowed). */
const RESERVED_NAME_PREFIXES = ["com.amazonaws.", "com.amazon.", "com.aws."];

/** A prefix list as the Describe calls show it, AWS-managed or the customer's. */
export interface PrefixListView {
  readonly id: string;
  readonly name: string;
  readonly addressFamily: PrefixListAddressFamily;
  readonly state: PrefixListState;
  readonly stateMessage?: string;
  readonly arn: string;
  /** Customer lists only: AWS shows neither for its own lists. */
  readonly maxEntries?: number;
  readonly version?: number;
  readonly ownerId: string;
  readonly tags: readonly Tag[];
  readonly entries: readonly PrefixListEntry[];
  readonly awsManaged: boolean;
}

function arnOf(scope: Scope, owner: string, id: string): string {
  return `arn:aws:ec2:${scope.region}:${owner}:prefix-list/${id}`;
}

export function viewAwsManagedPrefixList(scope: Scope, list: AwsManagedPrefixList): PrefixListView {
  return {
    id: list.id,
    name: list.name,
    addressFamily: list.addressFamily,
    state: "create-complete",
    arn: arnOf(scope, "aws", list.id),
    ownerId: AWS_PREFIX_LIST_OWNER,
    tags: [],
    entries: list.cidrs.map((cidr) => ({ cidr })),
    awsManaged: true,
  };
}

export function viewPrefixList(scope: Scope, list: PrefixList): PrefixListView {
  return {
    id: list.id,
    name: list.name,
    addressFamily: list.addressFamily,
    state: list.state,
    ...(list.stateMessage !== undefined ? { stateMessage: list.stateMessage } : {}),
    arn: arnOf(scope, list.ownerId, list.id),
    maxEntries: list.maxEntries,
    version: list.version,
    ownerId: list.ownerId,
    tags: list.tags,
    entries: list.entries,
    awsManaged: false,
  };
}

/** The list with this id in the scope's region, AWS-managed or the customer's, if any. */
export function findPrefixList(tx: ReadTx<Resources>, scope: Scope, id: string): PrefixListView | undefined {
  const managed = findAwsManagedPrefixList(scope.region, id);
  if (managed) return viewAwsManagedPrefixList(scope, managed);
  const own = tx.get("prefixList", scope, id);
  return own ? viewPrefixList(scope, own) : undefined;
}

/**
 * A list that a route or a security group rule may reference: it exists (AWS-managed or the
 * customer's) and is not being deleted. `errors` spells the NotFound error of the calling API.
 */
export function requireReferenceablePrefixList(
  ctx: ReadContext,
  id: string,
  errors: IdErrors = PrefixListIdErrors,
): PrefixListView {
  assertWellFormedId(id, errors);
  const list = findPrefixList(ctx.tx, ctx.scope, id);
  if (!list) throw new errors.notFound([id]);
  if (list.state === "delete-in-progress") throw new PrefixListIncorrectState(id, list.state);
  return list;
}

/** The route tables and security groups whose routes and rules name the list. */
export function prefixListReferences(tx: ReadTx<Resources>, scope: Scope, id: string): string[] {
  const tables = tx
    .list("routeTable", scope)
    .filter((t) =>
      t.routes.some((r) => r.destination.kind === "prefix-list" && r.destination.prefixListId === id),
    )
    .map((t) => t.id);
  const groups = tx
    .list("securityGroup", scope)
    .filter((g) => g.rules.some((r) => r.prefixListId === id))
    .map((g) => g.id);
  return [...tables, ...groups];
}

// ---- DescribePrefixLists (AWS's service lists) -------------------------------------------------

/** Every filter of the DescribePrefixLists API reference. */
export const PREFIX_LIST_FILTERS: FilterTable<PrefixListView> = {
  "prefix-list-id": (l) => l.id,
  "prefix-list-name": (l) => l.name,
};

/** The API references give no range for these MaxResults but AWS pages at most 1,000 items. */
const LEGACY_PAGE_LIMITS = { min: 1, max: 1000 };
/** PrefixListMaxResults: 1–100. */
const MANAGED_PAGE_LIMITS = { min: 1, max: 100 };

export interface DescribePrefixListsInput extends PageRequest {
  readonly prefixListIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

function selectPrefixLists(
  lists: readonly PrefixListView[],
  ids: readonly string[] | undefined,
  errors: IdErrors,
): readonly PrefixListView[] {
  if (!ids || ids.length === 0) return lists;
  const wanted = [...new Set(ids)];
  for (const id of wanted) assertWellFormedId(id, errors);
  const missing = wanted.filter((id) => !lists.some((l) => l.id === id));
  if (missing.length > 0) throw new errors.notFound(missing);
  return wanted.map((id) => lists.find((l) => l.id === id)!);
}

/** DescribePrefixLists: the prefix lists of AWS's services in the region, with their CIDRs. */
export function describePrefixLists(
  ctx: ReadContext,
  input: DescribePrefixListsInput,
): { prefixLists: readonly PrefixListView[]; nextToken?: string } {
  // AWS's service lists cannot be tagged: DescribePrefixLists offers no tag filters.
  const matches = compileFilters(PREFIX_LIST_FILTERS, input.filters, { tagFilters: false });
  const all = awsManagedPrefixLists(ctx.scope.region).map((l) => viewAwsManagedPrefixList(ctx.scope, l));
  const lists = selectPrefixLists(all, input.prefixListIds, PrefixListIdErrors).filter(matches);
  const page = paginate(
    lists,
    input,
    ["DescribePrefixLists", input.prefixListIds ?? [], input.filters ?? []],
    LEGACY_PAGE_LIMITS,
  );
  return { prefixLists: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

// ---- DescribeManagedPrefixLists, GetManagedPrefixListEntries ------------------------------------

/** Every filter of the DescribeManagedPrefixLists API reference. */
export const MANAGED_PREFIX_LIST_FILTERS: FilterTable<PrefixListView> = {
  "owner-id": (l) => l.ownerId,
  "prefix-list-id": (l) => l.id,
  "prefix-list-name": (l) => l.name,
};

export interface DescribeManagedPrefixListsInput extends PageRequest {
  readonly prefixListIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

/** DescribeManagedPrefixLists: AWS's lists of the region, then the account's own. */
export function describeManagedPrefixLists(
  ctx: ReadContext,
  input: DescribeManagedPrefixListsInput,
): { prefixLists: readonly PrefixListView[]; nextToken?: string } {
  const { tx, scope } = ctx;
  const matches = compileFilters(MANAGED_PREFIX_LIST_FILTERS, input.filters);
  const all = [
    ...awsManagedPrefixLists(scope.region).map((l) => viewAwsManagedPrefixList(scope, l)),
    ...tx.list("prefixList", scope).map((l) => viewPrefixList(scope, l)),
  ];
  const lists = selectPrefixLists(all, input.prefixListIds, ManagedPrefixListIdErrors).filter(matches);
  const page = paginate(
    lists,
    input,
    ["DescribeManagedPrefixLists", input.prefixListIds ?? [], input.filters ?? []],
    MANAGED_PAGE_LIMITS,
  );
  return { prefixLists: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export interface GetManagedPrefixListEntriesInput extends PageRequest {
  readonly prefixListId?: string;
  readonly targetVersion?: number;
}

export function getManagedPrefixListEntries(
  ctx: ReadContext,
  input: GetManagedPrefixListEntriesInput,
): { entries: readonly PrefixListEntry[]; nextToken?: string } {
  if (!input.prefixListId) throw new MissingParameter("PrefixListId");
  const id = input.prefixListId;
  assertWellFormedId(id, ManagedPrefixListIdErrors);
  const view = findPrefixList(ctx.tx, ctx.scope, id);
  if (!view) throw new ManagedPrefixListIdErrors.notFound([id]);
  let entries = view.entries;
  const target = input.targetVersion;
  if (target !== undefined) {
    const own = ctx.tx.get("prefixList", ctx.scope, id);
    if (own && target !== own.version) {
      const previous = own.previousVersions.find((v) => v.version === target);
      if (!previous) throw new PrefixListVersionNotFound(target, id);
      entries = previous.entries;
    } else if (!own && target !== 1) {
      throw new PrefixListVersionNotFound(target, id);
    }
  }
  const page = paginate(
    entries,
    input,
    ["GetManagedPrefixListEntries", id, target ?? null],
    MANAGED_PAGE_LIMITS,
  );
  return { entries: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

// ---- rules ----------------------------------------------------------------------------------------

function assertName(name: string | undefined): string {
  if (name === undefined || name === "") throw new MissingParameter("PrefixListName");
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidParameterValue(
      `Value (${name}) for parameter prefixListName is invalid. The name can be up to ${MAX_NAME_LENGTH} characters long.`,
    );
  }
  if (RESERVED_NAME_PREFIXES.some((prefix) => name.startsWith(prefix))) throw new PrefixListNameReserved();
  return name;
}

function assertMaxEntries(value: number | undefined): number {
  if (value === undefined) throw new MissingParameter("MaxEntries");
  if (!Number.isInteger(value) || value < 1 || value > MAX_PREFIX_LIST_ENTRIES) {
    throw new PrefixListMaxEntriesOutOfRange(MAX_PREFIX_LIST_ENTRIES);
  }
  return value;
}

function assertAddressFamily(value: string | undefined): PrefixListAddressFamily {
  if (value === undefined || value === "") throw new MissingParameter("AddressFamily");
  if (value !== "IPv4" && value !== "IPv6") {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter addressFamily is invalid. Valid values: IPv4, IPv6.`,
    );
  }
  return value;
}

/** A CIDR of the list's family, in AWS's canonical form (host bits cleared, IPv6 compressed). */
function parseEntryCidr(value: string | undefined, family: PrefixListAddressFamily): string {
  if (value === undefined || value === "") throw new MissingParameter("Cidr");
  const parsed = family === "IPv4" ? parseIpv4Cidr(value) : parseIpv6Cidr(value);
  if (!parsed.ok) {
    const other = family === "IPv4" ? parseIpv6Cidr(value) : parseIpv4Cidr(value);
    throw new InvalidParameterValue(
      other.ok
        ? `The CIDR ${value} does not match the address family ${family} of the prefix list.`
        : `Value (${value}) for parameter cidr is invalid. This is not a valid CIDR block.`,
    );
  }
  return parsed.cidr.toString();
}

export interface PrefixListEntryInput {
  readonly cidr?: string;
  readonly description?: string;
}

function parseEntries(
  entries: readonly PrefixListEntryInput[] | undefined,
  family: PrefixListAddressFamily,
): PrefixListEntry[] {
  if (!entries) return [];
  if (entries.length > MAX_ENTRIES_PER_REQUEST) {
    throw new PrefixListEntriesPerRequestExceeded(MAX_ENTRIES_PER_REQUEST);
  }
  const parsed: PrefixListEntry[] = [];
  for (const entry of entries) {
    const cidr = parseEntryCidr(entry.cidr, family);
    const description = entry.description;
    if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
      throw new InvalidParameterValue(
        `Value for parameter description is invalid. The description can be up to ${MAX_DESCRIPTION_LENGTH} characters long.`,
      );
    }
    const existing = parsed.find((e) => e.cidr === cidr);
    if (existing) throw new PrefixListEntryExists(cidr, existing.description ?? "");
    parsed.push({ cidr, ...(description !== undefined && description !== "" ? { description } : {}) });
  }
  return parsed;
}

function quota(ctx: ReadContext, name: "prefixListsPerRegion" | "prefixListVersions"): number {
  return ctx.config.quotas[name] ?? DEFAULT_QUOTAS[name]!;
}

/** The customer's own list, for Modify and Delete: AWS's lists cannot be changed. */
function requireOwnPrefixList(ctx: ReadContext, id: string | undefined): PrefixList {
  if (!id) throw new MissingParameter("PrefixListId");
  assertWellFormedId(id, ManagedPrefixListIdErrors);
  if (findAwsManagedPrefixList(ctx.scope.region, id)) throw new AwsManagedPrefixListNotModifiable(id);
  const list = ctx.tx.get("prefixList", ctx.scope, id);
  if (!list) throw new ManagedPrefixListIdErrors.notFound([id]);
  return list;
}

/** States in which a list takes another change: none of the `*-in-progress` ones. */
function assertSettled(list: PrefixList): void {
  if (list.state.endsWith("-in-progress")) throw new PrefixListIncorrectState(list.id, list.state);
}

function scheduleDone(ctx: WriteContext, id: string): Date {
  const dueAt = new Date(ctx.clock.now().getTime() + (ctx.config.delays.prefixListTransitionMs ?? 0));
  scheduleTransition(ctx, "prefixList", id, dueAt);
  return dueAt;
}

// ---- CreateManagedPrefixList, ModifyManagedPrefixList, DeleteManagedPrefixList --------------------

export interface CreateManagedPrefixListInput {
  readonly prefixListName?: string;
  readonly addressFamily?: string;
  readonly maxEntries?: number;
  readonly entries?: readonly PrefixListEntryInput[];
  readonly tagSpecifications?: readonly TagSpecificationInput[];
  readonly clientToken?: string;
}

export function createManagedPrefixList(
  ctx: WriteContext,
  input: CreateManagedPrefixListInput,
): { prefixList: PrefixListView } {
  const { tx, scope } = ctx;
  const name = assertName(input.prefixListName);
  const addressFamily = assertAddressFamily(input.addressFamily);
  const maxEntries = assertMaxEntries(input.maxEntries);
  const entries = parseEntries(input.entries, addressFamily);
  if (entries.length > maxEntries) throw new PrefixListTooManyEntries(maxEntries);
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "prefix-list",
    ctx.config.quotas.tagsPerResource,
  );
  if (tx.count("prefixList", scope) >= quota(ctx, "prefixListsPerRegion")) {
    throw new PrefixListLimitExceeded(quota(ctx, "prefixListsPerRegion"));
  }
  const id = ctx.ids("pl");
  const list: PrefixList = {
    id,
    ownerId: scope.account,
    tags,
    name,
    addressFamily,
    maxEntries,
    version: 1,
    entries,
    previousVersions: [],
    state: "create-in-progress",
    stateDueAt: scheduleDone(ctx, id),
    ...(input.clientToken ? { clientToken: input.clientToken } : {}),
  };
  tx.put("prefixList", scope, list);
  return { prefixList: viewPrefixList(scope, list) };
}

export interface ModifyManagedPrefixListInput {
  readonly prefixListId?: string;
  readonly currentVersion?: number;
  readonly prefixListName?: string;
  readonly addEntries?: readonly PrefixListEntryInput[];
  readonly removeEntries?: readonly { readonly cidr?: string }[];
  readonly maxEntries?: number;
}

/**
 * Removals apply before additions, so one call can change an entry's description by removing and
 * adding its CIDR. The response shows the list as it was when the change started (the version
 * before it), in `modify-in-progress`, as AWS's does.
 */
export function modifyManagedPrefixList(
  ctx: WriteContext,
  input: ModifyManagedPrefixListInput,
): { prefixList: PrefixListView } {
  const { tx, scope } = ctx;
  const list = requireOwnPrefixList(ctx, input.prefixListId);
  const adds = input.addEntries ?? [];
  const removes = input.removeEntries ?? [];
  const changesEntries = adds.length > 0 || removes.length > 0;
  if (changesEntries && input.maxEntries !== undefined) throw new PrefixListEntriesAndMaxEntries();
  assertSettled(list);
  if (input.currentVersion !== undefined && input.currentVersion !== list.version) {
    throw new PrefixListVersionMismatch();
  }
  const name = input.prefixListName !== undefined ? assertName(input.prefixListName) : list.name;
  const maxEntries = input.maxEntries !== undefined ? assertMaxEntries(input.maxEntries) : list.maxEntries;
  if (removes.length > MAX_ENTRIES_PER_REQUEST) {
    throw new PrefixListEntriesPerRequestExceeded(MAX_ENTRIES_PER_REQUEST);
  }
  let entries = [...list.entries];
  for (const remove of removes) {
    const cidr = parseEntryCidr(remove.cidr, list.addressFamily);
    const index = entries.findIndex((e) => e.cidr === cidr);
    if (index === -1) throw new PrefixListEntryNotFound(cidr);
    entries.splice(index, 1);
  }
  for (const entry of parseEntries(adds, list.addressFamily)) {
    const existing = entries.find((e) => e.cidr === entry.cidr);
    if (existing) throw new PrefixListEntryExists(entry.cidr, existing.description ?? "");
    entries = [...entries, entry];
  }
  if (entries.length > maxEntries) throw new PrefixListTooManyEntries(maxEntries);
  const keep = quota(ctx, "prefixListVersions") - 1;
  const previousVersions: PrefixListVersion[] = changesEntries
    ? [...list.previousVersions, { version: list.version, entries: list.entries }].slice(-Math.max(0, keep))
    : [...list.previousVersions];
  const { stateMessage: _message, ...rest } = list;
  const updated: PrefixList = {
    ...rest,
    name,
    maxEntries,
    entries,
    version: changesEntries ? list.version + 1 : list.version,
    previousVersions,
    state: "modify-in-progress",
    stateDueAt: scheduleDone(ctx, list.id),
  };
  tx.put("prefixList", scope, updated);
  return { prefixList: { ...viewPrefixList(scope, updated), version: list.version } };
}

export function deleteManagedPrefixList(
  ctx: WriteContext,
  input: { prefixListId?: string },
): { prefixList: PrefixListView } {
  const { tx, scope } = ctx;
  const list = requireOwnPrefixList(ctx, input.prefixListId);
  assertSettled(list);
  const references = prefixListReferences(tx, scope, list.id);
  if (references.length > 0) throw new PrefixListInUse(list.id, references);
  const updated: PrefixList = {
    ...list,
    state: "delete-in-progress",
    stateDueAt: scheduleDone(ctx, list.id),
  };
  tx.put("prefixList", scope, updated);
  return { prefixList: viewPrefixList(scope, updated) };
}

// ---- state machine ----------------------------------------------------------------------------

const COMPLETED: { readonly [S in PrefixListState]?: PrefixListState } = {
  "create-in-progress": "create-complete",
  "modify-in-progress": "modify-complete",
  "restore-in-progress": "restore-complete",
};

/** Ends a list's transitional state: `*-in-progress` → `*-complete`; a deleted list disappears. */
export function advancePrefixList(ctx: WriteContext, id: string): void {
  const list = ctx.tx.get("prefixList", ctx.scope, id);
  if (!list || list.stateDueAt === undefined || list.stateDueAt.getTime() > ctx.clock.now().getTime()) return;
  if (list.state === "delete-in-progress") {
    ctx.tx.delete("prefixList", ctx.scope, id);
    return;
  }
  const { stateDueAt: _due, ...rest } = list;
  const next = COMPLETED[list.state];
  ctx.tx.put("prefixList", ctx.scope, next ? { ...rest, state: next } : rest);
}
