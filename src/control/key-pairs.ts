/**
 * Key pairs: CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPair.
 *
 * CreateKeyPair generates real keys with node:crypto and returns the private key the way AWS
 * does (API reference): an unencrypted PKCS#1 PEM for RSA 2048, an OpenSSH private key for
 * ED25519, or a PuTTY key file with `KeyFormat=ppk`. Fingerprints follow the EC2 User Guide
 * ("Verify the fingerprint"): SHA-1 of the DER PKCS#8 private key for RSA keys AWS created, MD5 of
 * the DER public key for imported RSA keys (colon-separated hex, as `openssl sha1 -c`/`md5 -c` print),
 * and the base64 SHA-256 of the public key blob for ED25519 keys, padded with `=` as AWS pads it.
 */
import {
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import type { KeyPair } from "../model/compute.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  InvalidKeyFormat,
  InvalidKeyPairDuplicate,
  InvalidKeyPairNameNotFound,
  InvalidParameterValue,
  KeyPairLookupIdErrors,
  MissingParameter,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { assertWellFormedId } from "./lookup.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";

export type KeyType = KeyPair["keyType"];
export type KeyFormat = "pem" | "ppk";

const KEY_TYPES: readonly KeyType[] = ["rsa", "ed25519"];
const KEY_FORMATS: readonly KeyFormat[] = ["pem", "ppk"];
const MAX_KEY_NAME_LENGTH = 255;

// ---- SSH wire format (RFC 4251 §5) --------------------------------------------------------------

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  return Buffer.concat([uint32(bytes.length), bytes]);
}

/** An unsigned big-endian integer as an SSH `mpint`: no leading zeros, a zero byte if the top bit is set. */
function mpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length && unsigned[start] === 0) start++;
  const digits = unsigned.subarray(start);
  return sshString(
    digits.length > 0 && digits[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), digits]) : digits,
  );
}

class SshReader {
  private offset = 0;
  constructor(private readonly data: Buffer) {}
  string(): Buffer {
    if (this.offset + 4 > this.data.length) throw new InvalidKeyFormat();
    const length = this.data.readUInt32BE(this.offset);
    const end = this.offset + 4 + length;
    if (end > this.data.length) throw new InvalidKeyFormat();
    const value = this.data.subarray(this.offset + 4, end);
    this.offset = end;
    return value;
  }
  get done(): boolean {
    return this.offset === this.data.length;
  }
}

const b64url = (value: string | undefined): Buffer => Buffer.from(value ?? "", "base64url");

interface PublicKeyParts {
  readonly type: KeyType;
  /** The public key blob (`string type, …`), as OpenSSH encodes it. */
  readonly blob: Buffer;
  readonly object: KeyObject;
}

function publicParts(object: KeyObject): PublicKeyParts {
  const jwk = object.export({ format: "jwk" });
  if (object.asymmetricKeyType === "rsa") {
    return {
      type: "rsa",
      blob: Buffer.concat([sshString("ssh-rsa"), mpint(b64url(jwk.e)), mpint(b64url(jwk.n))]),
      object,
    };
  }
  return {
    type: "ed25519",
    blob: Buffer.concat([sshString("ssh-ed25519"), sshString(b64url(jwk.x))]),
    object,
  };
}

const SSH_NAMES: { readonly [T in KeyType]: string } = { rsa: "ssh-rsa", ed25519: "ssh-ed25519" };

function openSshPublicKey(parts: PublicKeyParts, comment: string): string {
  return `${SSH_NAMES[parts.type]} ${parts.blob.toString("base64")}${comment ? ` ${comment}` : ""}`;
}

// ---- fingerprints ---------------------------------------------------------------------------------

function colonHex(digest: Buffer): string {
  return digest.toString("hex").match(/../g)!.join(":");
}

/** ED25519 (created or imported): base64 SHA-256 of the public key blob, `=`-padded. */
function ed25519Fingerprint(blob: Buffer): string {
  return createHash("sha256").update(blob).digest("base64");
}

/** RSA created by AWS: SHA-1 of the DER PKCS#8 private key (`openssl pkcs8 … -topk8 | openssl sha1 -c`). */
function createdRsaFingerprint(privateKey: KeyObject): string {
  const der = privateKey.export({ type: "pkcs8", format: "der" });
  return colonHex(createHash("sha1").update(der).digest());
}

/** RSA imported: MD5 of the DER public key (`openssl rsa -pubout -outform DER | openssl md5 -c`). */
function importedRsaFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return colonHex(createHash("md5").update(der).digest());
}

// ---- private key formats --------------------------------------------------------------------------

function armor(label: string, body: Buffer, width: number): string {
  const text = body.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** The `openssh-key-v1` format (OpenSSH PROTOCOL.key), unencrypted, one key. */
function openSshPrivateKey(privateKey: KeyObject, parts: PublicKeyParts, comment: string): string {
  const jwk = privateKey.export({ format: "jwk" });
  const seed = b64url(jwk.d);
  const publicBytes = b64url(jwk.x);
  const check = randomBytes(4);
  let section = Buffer.concat([
    check,
    check,
    sshString("ssh-ed25519"),
    sshString(publicBytes),
    sshString(Buffer.concat([seed, publicBytes])),
    sshString(comment),
  ]);
  const padding: number[] = [];
  for (let i = 1; (section.length + padding.length) % 8 !== 0; i++) padding.push(i);
  section = Buffer.concat([section, Buffer.from(padding)]);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    uint32(1),
    sshString(parts.blob),
    sshString(section),
  ]);
  return armor("OPENSSH PRIVATE KEY", body, 70);
}

function base64Lines(data: Buffer): string[] {
  const text = data.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 64) lines.push(text.slice(i, i + 64));
  return lines;
}

/**
 * A PuTTY key file, format 2, unencrypted (PuTTY manual, appendix C): the private-MAC is an
 * HMAC-SHA-1 keyed with SHA-1("putty-private-key-file-mac-key") over the algorithm, encryption,
 * comment, public blob and private blob. Version 2 is the one every PuTTY release reads.
 */
function puttyPrivateKey(privateKey: KeyObject, parts: PublicKeyParts, comment: string): string {
  const jwk = privateKey.export({ format: "jwk" });
  let privateBlob: Buffer;
  if (parts.type === "rsa") {
    privateBlob = Buffer.concat([
      mpint(b64url(jwk.d)),
      mpint(b64url(jwk.p)),
      mpint(b64url(jwk.q)),
      mpint(b64url(jwk.qi)),
    ]);
  } else {
    // PuTTY keeps the EdDSA private key as an unsigned little-endian integer: the seed without
    // its most significant zero bytes.
    const seed = b64url(jwk.d);
    let length = seed.length;
    while (length > 0 && seed[length - 1] === 0) length--;
    privateBlob = sshString(seed.subarray(0, length));
  }
  const algorithm = SSH_NAMES[parts.type];
  const macKey = createHash("sha1").update("putty-private-key-file-mac-key").digest();
  const mac = createHmac("sha1", macKey)
    .update(
      Buffer.concat([
        sshString(algorithm),
        sshString("none"),
        sshString(comment),
        sshString(parts.blob),
        sshString(privateBlob),
      ]),
    )
    .digest("hex");
  const publicLines = base64Lines(parts.blob);
  const privateLines = base64Lines(privateBlob);
  return [
    `PuTTY-User-Key-File-2: ${algorithm}`,
    "Encryption: none",
    `Comment: ${comment}`,
    `Public-Lines: ${publicLines.length}`,
    ...publicLines,
    `Private-Lines: ${privateLines.length}`,
    ...privateLines,
    `Private-MAC: ${mac}`,
    "",
  ].join("\n");
}

// ---- importing public keys -------------------------------------------------------------------------

function fromSshBlob(blob: Buffer, declaredType?: string): PublicKeyParts {
  const reader = new SshReader(blob);
  const type = reader.string().toString();
  if (declaredType !== undefined && declaredType !== type) throw new InvalidKeyFormat();
  let object: KeyObject;
  if (type === "ssh-rsa") {
    const e = reader.string();
    const n = reader.string();
    if (!reader.done) throw new InvalidKeyFormat();
    try {
      object = createPublicKey({
        key: { kty: "RSA", n: n.toString("base64url"), e: e.toString("base64url") },
        format: "jwk",
      });
    } catch {
      throw new InvalidKeyFormat();
    }
  } else if (type === "ssh-ed25519") {
    const pk = reader.string();
    if (!reader.done || pk.length !== 32) throw new InvalidKeyFormat();
    object = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: pk.toString("base64url") },
      format: "jwk",
    });
  } else {
    // DSA and ECDSA keys are not accepted by EC2 (EC2 User Guide, "Create a key pair using a
    // third-party tool and import the public key").
    throw new InvalidKeyFormat();
  }
  return { ...publicParts(object), blob };
}

function decodeBase64Strict(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, "base64");
}

interface ImportedKey {
  readonly parts: PublicKeyParts;
  readonly comment: string;
}

/**
 * Reads a public key in one of the formats ImportKeyPair accepts (API reference): OpenSSH
 * (`ssh-rsa AAAA… comment`), RFC 4716 (`---- BEGIN SSH2 PUBLIC KEY ----`), or base64 DER.
 */
export function parsePublicKey(material: string): ImportedKey {
  const text = material.trim();
  const openSsh =
    /^(ssh-rsa|ssh-ed25519|ssh-dss|ecdsa-sha2-\S+|sk-\S+)\s+([A-Za-z0-9+/]+={0,2})(?:\s+(.*))?$/s.exec(text);
  if (openSsh) {
    const blob = decodeBase64Strict(openSsh[2]!);
    if (!blob) throw new InvalidKeyFormat();
    return { parts: fromSshBlob(blob, openSsh[1]!), comment: (openSsh[3] ?? "").trim() };
  }
  if (text.startsWith("---- BEGIN SSH2 PUBLIC KEY ----")) {
    const lines = text.split(/\r?\n/);
    const end = lines.findIndex((l) => l.trim() === "---- END SSH2 PUBLIC KEY ----");
    if (end < 0) throw new InvalidKeyFormat();
    let comment = "";
    const body: string[] = [];
    let continued = false;
    for (const line of lines.slice(1, end)) {
      if (continued || /^[^:\s]{1,64}:/.test(line)) {
        const header = /^Comment:\s*"?(.*?)"?\\?$/.exec(line);
        if (header) comment = header[1]!;
        continued = line.endsWith("\\");
        continue;
      }
      body.push(line.trim());
    }
    const blob = decodeBase64Strict(body.join(""));
    if (!blob) throw new InvalidKeyFormat();
    return { parts: fromSshBlob(blob), comment };
  }
  const der = decodeBase64Strict(text);
  if (der) {
    let object: KeyObject;
    try {
      object = createPublicKey({ key: der, format: "der", type: "spki" });
    } catch {
      throw new InvalidKeyFormat();
    }
    if (object.asymmetricKeyType !== "rsa" && object.asymmetricKeyType !== "ed25519")
      throw new InvalidKeyFormat();
    return { parts: publicParts(object), comment: "" };
  }
  throw new InvalidKeyFormat();
}

// ---- operations ---------------------------------------------------------------------------------

function assertKeyName(name: string | undefined): string {
  if (name === undefined || name === "") throw new MissingParameter("KeyName");
  if (name.length > MAX_KEY_NAME_LENGTH || !/^[\x20-\x7e]+$/.test(name)) {
    throw new InvalidParameterValue(
      `Value (${name}) for parameter keyName is invalid. Key names may contain up to ${MAX_KEY_NAME_LENGTH} ASCII characters.`,
    );
  }
  return name;
}

function assertUniqueName(ctx: ReadContext, keyName: string): void {
  if (ctx.tx.listBy("keyPair", ctx.scope, "keyName", keyName).length > 0)
    throw new InvalidKeyPairDuplicate(keyName);
}

function storeKeyPair(
  ctx: WriteContext,
  fields: Pick<KeyPair, "keyName" | "keyFingerprint" | "keyType" | "publicKey">,
  tagSpecifications: readonly TagSpecificationInput[] | undefined,
): KeyPair {
  const tags = tagsFromSpecifications(tagSpecifications, "key-pair", ctx.config.quotas.tagsPerResource);
  const keyPair: KeyPair = {
    id: ctx.ids("key"),
    ownerId: ctx.scope.account,
    tags,
    ...fields,
    createTime: ctx.clock.now(),
  };
  ctx.tx.put("keyPair", ctx.scope, keyPair);
  return keyPair;
}

export interface CreateKeyPairInput {
  readonly keyName?: string;
  readonly keyType?: string;
  readonly keyFormat?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

export function createKeyPair(
  ctx: WriteContext,
  input: CreateKeyPairInput,
): { keyPair: KeyPair; keyMaterial: string } {
  const keyName = assertKeyName(input.keyName);
  const keyType = (input.keyType ?? "rsa") as KeyType;
  if (!KEY_TYPES.includes(keyType)) {
    throw new InvalidParameterValue(
      `Value (${input.keyType}) for parameter keyType is invalid. Valid values: ${KEY_TYPES.join(", ")}`,
    );
  }
  const keyFormat = (input.keyFormat ?? "pem") as KeyFormat;
  if (!KEY_FORMATS.includes(keyFormat)) {
    throw new InvalidParameterValue(
      `Value (${input.keyFormat}) for parameter keyFormat is invalid. Valid values: ${KEY_FORMATS.join(", ")}`,
    );
  }
  assertUniqueName(ctx, keyName);
  const { privateKey, publicKey } =
    keyType === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 0x10001 })
      : generateKeyPairSync("ed25519");
  const parts = publicParts(publicKey);
  const keyMaterial =
    keyFormat === "ppk"
      ? puttyPrivateKey(privateKey, parts, keyName)
      : keyType === "rsa"
        ? (privateKey.export({ type: "pkcs1", format: "pem" }) as string)
        : openSshPrivateKey(privateKey, parts, keyName);
  const keyPair = storeKeyPair(
    ctx,
    {
      keyName,
      keyType,
      keyFingerprint: keyType === "rsa" ? createdRsaFingerprint(privateKey) : ed25519Fingerprint(parts.blob),
      publicKey: openSshPublicKey(parts, keyName),
    },
    input.tagSpecifications,
  );
  return { keyPair, keyMaterial };
}

export interface ImportKeyPairInput {
  readonly keyName?: string;
  /** The public key as the client sent it (the wire's base64 already decoded). */
  readonly publicKeyMaterial?: Uint8Array | string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

const MIN_RSA_BITS = 1024;
const MAX_RSA_BITS = 16384;

export function importKeyPair(ctx: WriteContext, input: ImportKeyPairInput): { keyPair: KeyPair } {
  const keyName = assertKeyName(input.keyName);
  if (input.publicKeyMaterial === undefined || input.publicKeyMaterial.length === 0) {
    throw new MissingParameter("PublicKeyMaterial");
  }
  const text =
    typeof input.publicKeyMaterial === "string"
      ? input.publicKeyMaterial
      : Buffer.from(input.publicKeyMaterial).toString("utf8");
  const { parts, comment } = parsePublicKey(text);
  if (parts.type === "rsa") {
    const bits = parts.object.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) throw new InvalidKeyFormat();
  }
  assertUniqueName(ctx, keyName);
  const keyPair = storeKeyPair(
    ctx,
    {
      keyName,
      keyType: parts.type,
      keyFingerprint:
        parts.type === "rsa" ? importedRsaFingerprint(parts.object) : ed25519Fingerprint(parts.blob),
      publicKey: openSshPublicKey(parts, comment),
    },
    input.tagSpecifications,
  );
  return { keyPair };
}

export const KEY_PAIR_FILTERS: FilterTable<KeyPair> = {
  "key-pair-id": (k) => k.id,
  fingerprint: (k) => k.keyFingerprint,
  "key-name": (k) => k.keyName,
};

export interface DescribeKeyPairsInput {
  readonly keyNames?: readonly string[];
  readonly keyPairIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

/** The key pair named `keyName`, or `InvalidKeyPair.NotFound` (RunInstances' `KeyName`). */
export function requireKeyPairByName(ctx: ReadContext, keyName: string): KeyPair {
  const found = ctx.tx.listBy("keyPair", ctx.scope, "keyName", keyName)[0];
  if (!found) throw new InvalidKeyPairNameNotFound(keyName);
  return found;
}

export function describeKeyPairs(
  ctx: ReadContext,
  input: DescribeKeyPairsInput,
): { keyPairs: readonly KeyPair[] } {
  const matches = compileFilters(KEY_PAIR_FILTERS, input.filters);
  const { tx, scope } = ctx;
  let candidates: KeyPair[];
  if (input.keyNames?.length || input.keyPairIds?.length) {
    const selected = new Map<string, KeyPair>();
    for (const name of input.keyNames ?? []) {
      const found = requireKeyPairByName(ctx, name);
      selected.set(found.id, found);
    }
    const missing: string[] = [];
    for (const id of input.keyPairIds ?? []) {
      assertWellFormedId(id, KeyPairLookupIdErrors);
      const found = tx.get("keyPair", scope, id);
      if (found) selected.set(found.id, found);
      else missing.push(id);
    }
    if (missing.length > 0) throw new KeyPairLookupIdErrors.notFound(missing);
    candidates = [...selected.values()];
  } else {
    candidates = [...tx.list("keyPair", scope)];
  }
  const keyPairs = candidates
    .filter(matches)
    .sort((a, b) => (a.keyName < b.keyName ? -1 : a.keyName > b.keyName ? 1 : 0));
  return { keyPairs };
}

export interface DeleteKeyPairInput {
  readonly keyName?: string;
  readonly keyPairId?: string;
}

/**
 * Deletes by name or id. Deleting a name that does not exist succeeds, as it does on AWS; an id
 * that does not exist is `InvalidKeyPair.NotFound`.
 */
export function deleteKeyPair(ctx: WriteContext, input: DeleteKeyPairInput): { keyPairId?: string } {
  const { tx, scope } = ctx;
  if (!input.keyName && !input.keyPairId) throw new MissingParameter("KeyName");
  let keyPair: KeyPair | undefined;
  if (input.keyPairId) {
    assertWellFormedId(input.keyPairId, KeyPairLookupIdErrors);
    keyPair = tx.get("keyPair", scope, input.keyPairId);
    if (!keyPair) throw new KeyPairLookupIdErrors.notFound([input.keyPairId]);
    if (input.keyName && keyPair.keyName !== input.keyName)
      throw new InvalidKeyPairNameNotFound(input.keyName);
  } else {
    keyPair = tx.listBy("keyPair", scope, "keyName", input.keyName!)[0];
  }
  if (!keyPair) return {};
  tx.delete("keyPair", scope, keyPair.id);
  return { keyPairId: keyPair.id };
}
