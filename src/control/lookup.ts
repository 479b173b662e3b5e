import { isWellFormedId } from "../model/ids.js";
import type { Kind, Resources } from "../model/kinds.js";
import type { Vpc } from "../model/resources.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { IdErrors } from "./errors.js";

/** The region's default VPC, if it has one (an owner can delete it). */
export function defaultVpcOf(tx: ReadTx<Resources>, scope: Scope): Vpc | undefined {
  return tx.list("vpc", scope).find((v) => v.isDefault);
}

/** Throws the type's Malformed error unless `id` has the shape of an id of this type. */
export function assertWellFormedId(id: string, errors: IdErrors): void {
  if (!isWellFormedId(errors.prefix, id)) throw new errors.malformed(id);
}

/** The record with this id, or the type's Malformed/NotFound error. */
export function requireRecord<K extends Kind>(
  tx: ReadTx<Resources>,
  scope: Scope,
  kind: K,
  id: string,
  errors: IdErrors,
): Resources[K] {
  assertWellFormedId(id, errors);
  const record = tx.get(kind, scope, id);
  if (!record) throw new errors.notFound([id]);
  return record;
}

/**
 * The records a Describe call names by id, in the order asked (duplicates dropped), or the NotFound error listing every id
 * that does not exist (AWS answers an error, not a shorter list). No ids means all records.
 */
export function selectByIds<K extends Kind>(
  tx: ReadTx<Resources>,
  scope: Scope,
  kind: K,
  ids: readonly string[] | undefined,
  errors: IdErrors,
): readonly Resources[K][] {
  if (!ids || ids.length === 0) return tx.list(kind, scope);
  const wanted = new Set<string>();
  for (const id of ids) {
    assertWellFormedId(id, errors);
    wanted.add(id);
  }
  const missing = [...wanted].filter((id) => !tx.get(kind, scope, id));
  if (missing.length > 0) throw new errors.notFound(missing);
  const found: Resources[K][] = [];
  for (const id of wanted) found.push(tx.get(kind, scope, id)!);
  return found;
}
