/** Name helpers for deriving readable type names from member names. */

export function pascalCase(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase());
  const first = cleaned.charAt(0);
  const pascal = first.toUpperCase() + cleaned.slice(1);
  return /^[0-9]/.test(pascal) ? `N${pascal}` : pascal;
}

/**
 * The name of one element of a list called `name`: `Vpcs` → `Vpc`, `Tags` → `Tag`,
 * `Addresses` → `Address`, `Policies` → `Policy`, `cidrBlockAssociationSet` →
 * `cidrBlockAssociation`, `RouteList` → `Route`. A name that is not plural is kept.
 */
export function singular(name: string): string {
  const stripped = name.replace(/(?<=.)(Set|List)$/, "");
  if (stripped !== name) return stripped;
  if (/ies$/.test(name) && name.length > 3) return name.slice(0, -3) + "y";
  if (/(ss|sh|ch|x|z)es$/.test(name)) return name.slice(0, -2);
  if (/uses$/.test(name)) return name.slice(0, -2);
  if (/(ss|us|is)$/.test(name)) return name;
  if (/s$/.test(name) && name.length > 1) return name.slice(0, -1);
  return name;
}

/** Global names a generated type must not shadow (timestamps are `Date`, blobs `Uint8Array`). */
export const reservedTypeNames: ReadonlySet<string> = new Set([
  "Array",
  "Boolean",
  "Date",
  "Error",
  "Function",
  "Map",
  "Number",
  "Object",
  "Partial",
  "Promise",
  "Readonly",
  "Record",
  "Set",
  "String",
  "Symbol",
  "Uint8Array",
]);
