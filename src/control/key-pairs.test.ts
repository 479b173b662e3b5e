import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createKeyPair,
  deleteKeyPair,
  describeKeyPairs,
  importKeyPair,
  requireKeyPairByName,
} from "./key-pairs.js";
import { errorCode, testPlane } from "./test-support.js";

// Public keys made with OpenSSH 9 (`ssh-keygen -t rsa -b 3072`, `-t ed25519`, `-t ecdsa`), with the
// fingerprints `openssl md5 -c` and `ssh-keygen -l` print for them: the vectors AWS's
// documentation tells users to compare with.
const RSA_3072 =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC5glcU2tnG0eLUy+I0g1Q1049jS2/El/2Sp/6Z1mPKCSC5E3xCNikUVR5PQN5nBHwY+vM2ULSek3Iz+ETahxyDetzXq2jXJuYyL1C9VT30eaHO76VVjlBciPxr0glUHOdysyiKmnDdXuGuYgxTHPZsOFmZGag7gvfNI4/ByAhBhWg6onJ+W7yDhA4s2mFgsjvEiQ80+M539CmFKRCSO2xozCXBadSUTAJ1htO9msfxy25gi4WqKQwAEPnYqU4b+1NnblLBJj4kdCRiZ5G3SCcyHYSG+7eqgtG8JiVpANdYHkW0ChTgh5IXUKHN9j+rjaKoTB4oVw5AXcHOMIGy6sZhyD/HKmRn2rMkOnyPo3nzhm2jmkkjgNftwUNCS0BQNcA7OPledrKE7m0n11KQxdVk1YWkvpGaRAQhc2c2dBffOK81osQoY9JBt+lpHaXmfOA919miwCJuacL/JW+LrzKfVGzzi+60AFQsVCXzSyP+iu8nUfsATL8Kc2X3htj3YT8= me@host";
/** `ssh-keygen -e -f key.pub -m PKCS8 | openssl pkey -pubin -outform DER | openssl md5 -c` */
const RSA_3072_MD5 = "8f:fb:22:01:e1:5b:fa:ec:51:c4:59:14:ba:3c:03:ed";
const RSA_3072_RFC4716 = `---- BEGIN SSH2 PUBLIC KEY ----
Comment: "3072-bit RSA, converted by root@vm from OpenSSH"
AAAAB3NzaC1yc2EAAAADAQABAAABgQC5glcU2tnG0eLUy+I0g1Q1049jS2/El/2Sp/6Z1m
PKCSC5E3xCNikUVR5PQN5nBHwY+vM2ULSek3Iz+ETahxyDetzXq2jXJuYyL1C9VT30eaHO
76VVjlBciPxr0glUHOdysyiKmnDdXuGuYgxTHPZsOFmZGag7gvfNI4/ByAhBhWg6onJ+W7
yDhA4s2mFgsjvEiQ80+M539CmFKRCSO2xozCXBadSUTAJ1htO9msfxy25gi4WqKQwAEPnY
qU4b+1NnblLBJj4kdCRiZ5G3SCcyHYSG+7eqgtG8JiVpANdYHkW0ChTgh5IXUKHN9j+rja
KoTB4oVw5AXcHOMIGy6sZhyD/HKmRn2rMkOnyPo3nzhm2jmkkjgNftwUNCS0BQNcA7OPle
drKE7m0n11KQxdVk1YWkvpGaRAQhc2c2dBffOK81osQoY9JBt+lpHaXmfOA919miwCJuac
L/JW+LrzKfVGzzi+60AFQsVCXzSyP+iu8nUfsATL8Kc2X3htj3YT8=
---- END SSH2 PUBLIC KEY ----
`;
const RSA_3072_DER_BASE64 =
  "MIIBojANBgkqhkiG9w0BAQEFAAOCAY8AMIIBigKCAYEAuYJXFNrZxtHi1MviNINUNdOPY0tvxJf9kqf+mdZjygkguRN8QjYpFFUeT0DeZwR8GPrzNlC0npNyM/hE2occg3rc16to1ybmMi9QvVU99Hmhzu+lVY5QXIj8a9IJVBzncrMoippw3V7hrmIMUxz2bDhZmRmoO4L3zSOPwcgIQYVoOqJyflu8g4QOLNphYLI7xIkPNPjOd/QphSkQkjtsaMwlwWnUlEwCdYbTvZrH8ctuYIuFqikMABD52KlOG/tTZ25SwSY+JHQkYmeRt0gnMh2Ehvu3qoLRvCYlaQDXWB5FtAoU4IeSF1ChzfY/q42iqEweKFcOQF3BzjCBsurGYcg/xypkZ9qzJDp8j6N584Zto5pJI4DX7cFDQktAUDXAOzj5XnayhO5tJ9dSkMXVZNWFpL6RmkQEIXNnNnQX3zivNaLEKGPSQbfpaR2l5nzgPdfZosAibmnC/yVvi68yn1Rs84vutABULFQl80sj/orvJ1H7AEy/CnNl94bY92E/AgMBAAE=";
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGnoBJsa1huXoHS29lLJxy2p231POksKZp1RczAMR4dN ed";
/** `ssh-keygen -l`: SHA256:Q5cJBAbFFQuIRmwyHe6jC9CrrHWLzq1nM3cwY98oTCw — AWS pads it with `=`. */
const ED25519_FINGERPRINT = "Q5cJBAbFFQuIRmwyHe6jC9CrrHWLzq1nM3cwY98oTCw=";
const ECDSA =
  "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJQyvms0ANzSjUtPwR2GFxnXsUBohbSt+33ltzIBlZFClD+pcnZLWYrCI6MPMjkkiuglvdyps2hzgw90Oozvo1g= x";

function sshString(data: Buffer | string): Buffer {
  const bytes = Buffer.from(data);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** Reads length-prefixed SSH strings from `data`. */
function sshStrings(data: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 4 <= data.length) {
    const length = data.readUInt32BE(offset);
    parts.push(data.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return parts;
}

describe("CreateKeyPair", () => {
  it("returns an RSA 2048 PKCS#1 PEM whose fingerprint is the SHA-1 of its DER PKCS#8 form", () => {
    const plane = testPlane();
    const { keyPair, keyMaterial } = plane.write((ctx) => createKeyPair(ctx, { keyName: "deploy" }));
    expect(keyMaterial.startsWith("-----BEGIN RSA PRIVATE KEY-----\n")).toBe(true);
    const privateKey = createPrivateKey(keyMaterial);
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const sha1 = createHash("sha1")
      .update(privateKey.export({ type: "pkcs8", format: "der" }))
      .digest("hex");
    expect(keyPair.keyFingerprint).toBe(sha1.match(/../g)!.join(":"));
    expect(keyPair).toMatchObject({ keyName: "deploy", keyType: "rsa", ownerId: plane.env.scope.account });
    expect(keyPair.id).toMatch(/^key-[0-9a-f]{17}$/);
    // The stored public key is the private key's, in OpenSSH form with the key name as comment.
    const [type, body, comment] = keyPair.publicKey.split(" ");
    expect([type, comment]).toEqual(["ssh-rsa", "deploy"]);
    const jwk = createPublicKey(privateKey).export({ format: "jwk" });
    const [, , modulus] = sshStrings(Buffer.from(body!, "base64"));
    expect(modulus!.subarray(modulus![0] === 0 ? 1 : 0).toString("base64url")).toBe(jwk.n);
  });

  it("returns an ED25519 key in OpenSSH format, fingerprinted with a padded base64 SHA-256", () => {
    const plane = testPlane();
    const { keyPair, keyMaterial } = plane.write((ctx) =>
      createKeyPair(ctx, { keyName: "ed", keyType: "ed25519" }),
    );
    expect(keyMaterial).toMatch(
      /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/,
    );
    const body = Buffer.from(keyMaterial.split("\n").slice(1, -2).join(""), "base64");
    expect(body.subarray(0, 15).toString("latin1")).toBe("openssh-key-v1\0");
    // ciphername, kdfname, kdfoptions, then a uint32 key count, then the public blob and private section.
    const [cipher, kdf, kdfOptions] = sshStrings(body.subarray(15));
    expect([cipher!.toString(), kdf!.toString(), kdfOptions!.length]).toEqual(["none", "none", 0]);
    const countAt = 15 + 4 + 4 + 4 + 4 + 4;
    expect(body.readUInt32BE(countAt)).toBe(1);
    const [publicBlob, privateSection] = sshStrings(body.subarray(countAt + 4));
    const publicKey = keyPair.publicKey.split(" ");
    expect(publicKey[0]).toBe("ssh-ed25519");
    expect(publicBlob!.toString("base64")).toBe(publicKey[1]);
    expect(keyPair.keyFingerprint).toBe(createHash("sha256").update(publicBlob!).digest("base64"));
    expect(keyPair.keyFingerprint.endsWith("=")).toBe(true);
    // The private section: two equal check words, then the key and its 64-byte secret (seed + public).
    expect(privateSection!.readUInt32BE(0)).toBe(privateSection!.readUInt32BE(4));
    const [, , secret, comment] = sshStrings(privateSection!.subarray(8));
    expect(secret).toHaveLength(64);
    expect(comment!.toString()).toBe("ed");
    expect(privateSection!.length % 8).toBe(0);
  });

  it("writes PuTTY key files whose MAC verifies", () => {
    const plane = testPlane();
    for (const keyType of ["rsa", "ed25519"] as const) {
      const { keyMaterial } = plane.write((ctx) =>
        createKeyPair(ctx, { keyName: `putty-${keyType}`, keyType, keyFormat: "ppk" }),
      );
      const lines = keyMaterial.trimEnd().split("\n");
      const algorithm = keyType === "rsa" ? "ssh-rsa" : "ssh-ed25519";
      expect(lines.slice(0, 3)).toEqual([
        `PuTTY-User-Key-File-2: ${algorithm}`,
        "Encryption: none",
        `Comment: putty-${keyType}`,
      ]);
      const publicCount = Number(/^Public-Lines: (\d+)$/.exec(lines[3]!)![1]);
      const publicBlob = Buffer.from(lines.slice(4, 4 + publicCount).join(""), "base64");
      const privateCount = Number(/^Private-Lines: (\d+)$/.exec(lines[4 + publicCount]!)![1]);
      const privateBlob = Buffer.from(
        lines.slice(5 + publicCount, 5 + publicCount + privateCount).join(""),
        "base64",
      );
      const mac = /^Private-MAC: ([0-9a-f]{40})$/.exec(lines.at(-1)!)![1];
      const macKey = createHash("sha1").update("putty-private-key-file-mac-key").digest();
      const expected = createHmac("sha1", macKey)
        .update(
          Buffer.concat([
            sshString(algorithm),
            sshString("none"),
            sshString(`putty-${keyType}`),
            sshString(publicBlob),
            sshString(privateBlob),
          ]),
        )
        .digest("hex");
      expect(mac).toBe(expected);
      expect(sshStrings(publicBlob)[0]!.toString()).toBe(algorithm);
    }
  });

  it("refuses duplicates, empty names and unknown types or formats with AWS's errors", () => {
    const plane = testPlane();
    plane.write((ctx) => createKeyPair(ctx, { keyName: "taken", keyType: "ed25519" }));
    const attempt = (input: Parameters<typeof createKeyPair>[1]) => () =>
      plane.write((ctx) => createKeyPair(ctx, input));
    expect(errorCode(attempt({ keyName: "taken", keyType: "ed25519" }))).toBe("InvalidKeyPair.Duplicate");
    expect(attempt({ keyName: "taken", keyType: "ed25519" })).toThrow("The keypair 'taken' already exists.");
    expect(errorCode(attempt({}))).toBe("MissingParameter");
    expect(errorCode(attempt({ keyName: "x".repeat(256) }))).toBe("InvalidParameterValue");
    expect(errorCode(attempt({ keyName: "t", keyType: "dsa" }))).toBe("InvalidParameterValue");
    expect(errorCode(attempt({ keyName: "t", keyFormat: "der" }))).toBe("InvalidParameterValue");
    // Key names are per region.
    plane
      .as({ region: "eu-west-1" })
      .write((ctx) => createKeyPair(ctx, { keyName: "taken", keyType: "ed25519" }));
  });
});

describe("ImportKeyPair", () => {
  const imported = (material: string, keyName = "imported") => {
    const plane = testPlane();
    return plane.write((ctx) => importKeyPair(ctx, { keyName, publicKeyMaterial: Buffer.from(material) }))
      .keyPair;
  };

  it("fingerprints imported RSA keys with the MD5 of their DER public key", () => {
    const keyPair = imported(RSA_3072);
    expect(keyPair).toMatchObject({ keyType: "rsa", keyFingerprint: RSA_3072_MD5 });
    expect(keyPair.publicKey).toBe(RSA_3072);
  });

  it("fingerprints imported ED25519 keys with the padded base64 SHA-256 of the key blob", () => {
    expect(imported(ED25519)).toMatchObject({
      keyType: "ed25519",
      keyFingerprint: ED25519_FINGERPRINT,
      publicKey: ED25519,
    });
  });

  it("accepts the RFC 4716 and base64 DER forms of the same key", () => {
    expect(imported(RSA_3072_RFC4716).keyFingerprint).toBe(RSA_3072_MD5);
    expect(imported(RSA_3072_DER_BASE64).keyFingerprint).toBe(RSA_3072_MD5);
    expect(imported(`\n  ${RSA_3072}\n`).keyFingerprint).toBe(RSA_3072_MD5);
  });

  it("accepts keys made with node:crypto, and refuses what EC2 refuses with InvalidKey.Format", () => {
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const der = publicKey.export({ type: "spki", format: "der" }).toString("base64");
    expect(imported(der).keyFingerprint).toBe(
      createHash("md5").update(Buffer.from(der, "base64")).digest("hex").match(/../g)!.join(":"),
    );
    const refused = (material: string) => errorCode(() => imported(material));
    expect(refused(ECDSA)).toBe("InvalidKey.Format");
    expect(refused("ssh-rsa not-base64!")).toBe("InvalidKey.Format");
    expect(refused("hello world")).toBe("InvalidKey.Format");
    expect(refused(ED25519.replace("ssh-ed25519", "ssh-rsa"))).toBe("InvalidKey.Format");
    const { publicKey: small } = generateKeyPairSync("rsa", { modulusLength: 512 });
    expect(refused(small.export({ type: "spki", format: "der" }).toString("base64"))).toBe(
      "InvalidKey.Format",
    );
    expect(() => imported(ECDSA)).toThrow("Key is not in valid OpenSSH public key format");
  });

  it("refuses a name in use", () => {
    const plane = testPlane();
    plane.write((ctx) => importKeyPair(ctx, { keyName: "k", publicKeyMaterial: ED25519 }));
    expect(
      errorCode(() =>
        plane.write((ctx) => importKeyPair(ctx, { keyName: "k", publicKeyMaterial: RSA_3072 })),
      ),
    ).toBe("InvalidKeyPair.Duplicate");
    expect(errorCode(() => plane.write((ctx) => importKeyPair(ctx, { keyName: "j" })))).toBe(
      "MissingParameter",
    );
  });
});

describe("DescribeKeyPairs and DeleteKeyPair", () => {
  function setup() {
    const plane = testPlane();
    const a = plane.write((ctx) =>
      importKeyPair(ctx, { keyName: "alpha", publicKeyMaterial: ED25519 }),
    ).keyPair;
    const b = plane.write((ctx) =>
      importKeyPair(ctx, {
        keyName: "beta",
        publicKeyMaterial: RSA_3072,
        tagSpecifications: [{ resourceType: "key-pair", tags: [{ key: "team", value: "net" }] }],
      }),
    ).keyPair;
    return { plane, a, b };
  }

  it("describes by name, id and filter, sorted by name", () => {
    const { plane, a, b } = setup();
    const names = (input: Parameters<typeof describeKeyPairs>[1]) =>
      plane.read((ctx) => describeKeyPairs(ctx, input)).keyPairs.map((k) => k.keyName);
    expect(names({})).toEqual(["alpha", "beta"]);
    expect(names({ keyNames: ["beta"] })).toEqual(["beta"]);
    expect(names({ keyPairIds: [a.id] })).toEqual(["alpha"]);
    expect(names({ filters: [{ name: "fingerprint", values: [RSA_3072_MD5] }] })).toEqual(["beta"]);
    expect(names({ filters: [{ name: "key-pair-id", values: [b.id] }] })).toEqual(["beta"]);
    expect(names({ filters: [{ name: "key-name", values: ["a*"] }] })).toEqual(["alpha"]);
    expect(names({ filters: [{ name: "tag:team", values: ["net"] }] })).toEqual(["beta"]);
    expect(plane.read((ctx) => requireKeyPairByName(ctx, "alpha")).id).toBe(a.id);
  });

  it("answers InvalidKeyPair.NotFound for unknown names and ids", () => {
    const { plane } = setup();
    const failure = (input: Parameters<typeof describeKeyPairs>[1]) => () =>
      plane.read((ctx) => describeKeyPairs(ctx, input));
    expect(errorCode(failure({ keyNames: ["alpha", "gamma"] }))).toBe("InvalidKeyPair.NotFound");
    expect(failure({ keyNames: ["gamma"] })).toThrow("The key pair 'gamma' does not exist");
    expect(failure({ keyPairIds: ["key-0123456789abcdef0"] })).toThrow(
      "The key pair ID 'key-0123456789abcdef0' does not exist",
    );
    expect(errorCode(failure({ keyPairIds: ["nope"] }))).toBe("InvalidKeyPairId.Malformed");
    expect(errorCode(failure({ filters: [{ name: "bogus", values: ["x"] }] }))).toBe("InvalidParameterValue");
  });

  it("deletes by name or id; an unknown name is not an error, an unknown id is", () => {
    const { plane, a, b } = setup();
    expect(plane.write((ctx) => deleteKeyPair(ctx, { keyName: "alpha" }))).toEqual({ keyPairId: a.id });
    expect(plane.write((ctx) => deleteKeyPair(ctx, { keyName: "alpha" }))).toEqual({});
    expect(plane.write((ctx) => deleteKeyPair(ctx, { keyPairId: b.id }))).toEqual({ keyPairId: b.id });
    expect(plane.read((ctx) => describeKeyPairs(ctx, {})).keyPairs).toEqual([]);
    expect(errorCode(() => plane.write((ctx) => deleteKeyPair(ctx, { keyPairId: b.id })))).toBe(
      "InvalidKeyPair.NotFound",
    );
    expect(errorCode(() => plane.write((ctx) => deleteKeyPair(ctx, {})))).toBe("MissingParameter");
  });
});
