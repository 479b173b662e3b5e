import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Cidr, cidr, compareCidrs, Ipv4Cidr, Ipv6Cidr, ipv4Cidr, ipv6Cidr } from "./cidr.js";
import { ipv4 } from "./ipv4.js";
import { ipv6 } from "./ipv6.js";
import { IpTrie, Ipv4Trie, Ipv6Trie, type TrieEntry } from "./trie.js";

const show = (e: TrieEntry<Cidr, string> | undefined) =>
  e === undefined ? undefined : `${e.cidr}=${e.value}`;

describe("Ipv4Trie", () => {
  it("finds the longest matching prefix", () => {
    const routes = new Ipv4Trie<string>();
    routes.insert(ipv4Cidr("0.0.0.0/0"), "igw");
    routes.insert(ipv4Cidr("10.0.0.0/16"), "local");
    routes.insert(ipv4Cidr("10.0.1.0/24"), "pcx");
    routes.insert(ipv4Cidr("10.0.1.128/25"), "eni");
    expect(routes.size).toBe(4);
    expect(routes.lookup(ipv4("8.8.8.8"))?.value).toBe("igw");
    expect(routes.lookup(ipv4("10.0.2.1"))?.value).toBe("local");
    expect(routes.lookup(ipv4("10.0.1.1"))?.value).toBe("pcx");
    expect(routes.lookup(ipv4("10.0.1.200"))?.value).toBe("eni");
    expect(routes.lookup(ipv4("10.0.1.200"))?.cidr.toString()).toBe("10.0.1.128/25");
    expect(routes.lookupAll(ipv4("10.0.1.200")).map(show)).toEqual([
      "10.0.1.128/25=eni",
      "10.0.1.0/24=pcx",
      "10.0.0.0/16=local",
      "0.0.0.0/0=igw",
    ]);
  });

  it("returns undefined without a match", () => {
    const trie = new Ipv4Trie<number>();
    expect(trie.lookup(0)).toBeUndefined();
    trie.insert(ipv4Cidr("10.0.0.0/8"), 1);
    expect(trie.lookup(ipv4("11.0.0.0"))).toBeUndefined();
    expect(trie.lookupAll(ipv4("11.0.0.0"))).toEqual([]);
  });

  it("replaces the value of an exact prefix", () => {
    const trie = new Ipv4Trie<string>();
    trie.insert(ipv4Cidr("10.0.0.0/8"), "a");
    const before = trie.lookup(ipv4("10.1.1.1"));
    trie.insert(ipv4Cidr("10.0.0.0/8"), "b");
    expect(trie.size).toBe(1);
    expect(trie.lookup(ipv4("10.1.1.1"))?.value).toBe("b");
    // Entries handed out earlier are values, not views.
    expect(before?.value).toBe("a");
  });

  it("getExact distinguishes a prefix from its neighbours", () => {
    const trie = new Ipv4Trie<string>();
    trie.insert(ipv4Cidr("10.0.0.0/16"), "a");
    trie.insert(ipv4Cidr("10.0.1.0/24"), "b");
    expect(trie.getExact(ipv4Cidr("10.0.0.0/16"))?.value).toBe("a");
    expect(trie.getExact(ipv4Cidr("10.0.0.0/17"))).toBeUndefined();
    expect(trie.getExact(ipv4Cidr("10.0.0.0/15"))).toBeUndefined();
    expect(trie.getExact(ipv4Cidr("10.0.2.0/24"))).toBeUndefined();
    expect(trie.getExact(ipv4Cidr("10.0.1.0/24"))?.value).toBe("b");
  });

  it("removes prefixes and keeps the others reachable", () => {
    const trie = new Ipv4Trie<string>();
    for (const [c, v] of [
      ["0.0.0.0/0", "default"],
      ["10.0.0.0/8", "a"],
      ["10.0.0.0/16", "b"],
      ["10.128.0.0/16", "c"],
      ["10.0.0.0/24", "d"],
    ] as const) {
      trie.insert(ipv4Cidr(c), v);
    }
    expect(trie.remove(ipv4Cidr("10.0.0.0/16"))).toBe(true);
    expect(trie.remove(ipv4Cidr("10.0.0.0/16"))).toBe(false);
    expect(trie.remove(ipv4Cidr("10.0.0.0/12"))).toBe(false);
    expect(trie.size).toBe(4);
    expect(trie.lookup(ipv4("10.0.0.1"))?.value).toBe("d");
    expect(trie.lookup(ipv4("10.0.1.1"))?.value).toBe("a");
    expect(trie.remove(ipv4Cidr("10.0.0.0/8"))).toBe(true);
    expect(trie.lookup(ipv4("10.0.1.1"))?.value).toBe("default");
    expect(trie.lookup(ipv4("10.128.0.1"))?.value).toBe("c");
    expect(trie.remove(ipv4Cidr("0.0.0.0/0"))).toBe(true);
    expect(trie.lookup(ipv4("10.0.1.1"))).toBeUndefined();
    expect(trie.remove(ipv4Cidr("10.128.0.0/16"))).toBe(true);
    expect(trie.remove(ipv4Cidr("10.0.0.0/24"))).toBe(true);
    expect(trie.size).toBe(0);
    expect([...trie.entries()]).toEqual([]);
  });

  it("keeps an entry whose leaf child is removed", () => {
    const trie = new Ipv4Trie<string>();
    trie.insert(ipv4Cidr("10.0.0.0/8"), "a");
    trie.insert(ipv4Cidr("10.0.0.0/16"), "b");
    // Bit 8 differs, so both /16s hang directly off the /8 node.
    trie.insert(ipv4Cidr("10.128.0.0/16"), "c");
    expect(trie.remove(ipv4Cidr("10.0.0.0/16"))).toBe(true);
    expect(trie.size).toBe(2);
    expect(trie.lookup(ipv4("10.0.0.1"))?.value).toBe("a");
    expect(trie.lookup(ipv4("10.128.0.1"))?.value).toBe("c");
    expect(trie.getExact(ipv4Cidr("10.0.0.0/8"))?.value).toBe("a");
  });

  it("collapses glue left with one child and still finds the survivor", () => {
    const trie = new Ipv4Trie<string>();
    trie.insert(ipv4Cidr("0.0.0.0/0"), "default");
    trie.insert(ipv4Cidr("10.0.0.0/16"), "b");
    trie.insert(ipv4Cidr("10.1.0.0/16"), "c"); // creates glue at 10.0.0.0/15
    expect(trie.remove(ipv4Cidr("10.0.0.0/16"))).toBe(true);
    expect(trie.lookup(ipv4("10.1.2.3"))?.value).toBe("c");
    expect(trie.lookup(ipv4("10.0.2.3"))?.value).toBe("default");
    trie.insert(ipv4Cidr("10.0.0.0/15"), "glue-now-real");
    expect(trie.lookup(ipv4("10.0.2.3"))?.value).toBe("glue-now-real");
    expect(trie.lookupAll(ipv4("10.1.2.3")).map((e) => e.value)).toEqual(["c", "glue-now-real", "default"]);
  });

  it("handles /0 and /32 at the edges of the address space", () => {
    const trie = new Ipv4Trie<string>();
    trie.insert(ipv4Cidr("255.255.255.255/32"), "top");
    trie.insert(ipv4Cidr("0.0.0.0/32"), "bottom");
    trie.insert(ipv4Cidr("0.0.0.0/0"), "all");
    expect(trie.lookup(0xffffffff)?.value).toBe("top");
    expect(trie.lookup(0)?.value).toBe("bottom");
    expect(trie.lookup(1)?.value).toBe("all");
    expect(trie.lookup(0xfffffffe)?.value).toBe("all");
  });

  it("lists entries in compareCidrs order, and clear empties it", () => {
    const trie = new Ipv4Trie<number>();
    const list = ["10.0.1.0/24", "0.0.0.0/0", "10.0.0.0/16", "192.168.0.0/16", "10.0.0.0/8", "10.0.0.0/24"];
    list.forEach((c, i) => {
      trie.insert(ipv4Cidr(c), i);
    });
    expect([...trie.entries()].map((e) => e.cidr.toString())).toEqual([
      "0.0.0.0/0",
      "10.0.0.0/8",
      "10.0.0.0/16",
      "10.0.0.0/24",
      "10.0.1.0/24",
      "192.168.0.0/16",
    ]);
    trie.clear();
    expect(trie.size).toBe(0);
    expect(trie.lookup(ipv4("10.0.0.1"))).toBeUndefined();
  });
});

describe("Ipv6Trie", () => {
  it("finds the longest matching prefix across 32-bit word boundaries", () => {
    const trie = new Ipv6Trie<string>();
    trie.insert(ipv6Cidr("::/0"), "default");
    trie.insert(ipv6Cidr("2600:1f18::/32"), "region");
    trie.insert(ipv6Cidr("2600:1f18:abcd:1200::/56"), "vpc");
    trie.insert(ipv6Cidr("2600:1f18:abcd:1201::/64"), "subnet");
    trie.insert(ipv6Cidr("2600:1f18:abcd:1201::10/128"), "host");
    expect(trie.lookup(ipv6("2600:1f18:abcd:1201::10"))?.value).toBe("host");
    expect(trie.lookup(ipv6("2600:1f18:abcd:1201::11"))?.value).toBe("subnet");
    expect(trie.lookup(ipv6("2600:1f18:abcd:12ff::1"))?.value).toBe("vpc");
    expect(trie.lookup(ipv6("2600:1f18:1::"))?.value).toBe("region");
    expect(trie.lookup(ipv6("2001:db8::"))?.value).toBe("default");
    expect(trie.lookupAll(ipv6("2600:1f18:abcd:1201::10")).map((e) => e.value)).toEqual([
      "host",
      "subnet",
      "vpc",
      "region",
      "default",
    ]);
    expect(trie.remove(ipv6Cidr("2600:1f18:abcd:1201::/64"))).toBe(true);
    expect(trie.lookup(ipv6("2600:1f18:abcd:1201::11"))?.value).toBe("vpc");
    expect(trie.getExact(ipv6Cidr("2600:1f18:abcd:1201::10/128"))?.value).toBe("host");
  });
});

describe("IpTrie", () => {
  it("keeps both families apart", () => {
    const table = new IpTrie<string>();
    table.insert(cidr("0.0.0.0/0"), "igw-v4");
    table.insert(cidr("::/0"), "igw-v6");
    table.insert(cidr("10.0.0.0/16"), "local");
    expect(table.size).toBe(3);
    expect(table.lookup(ipv4("10.0.0.1"))?.value).toBe("local");
    expect(table.lookup(ipv4("1.1.1.1"))?.value).toBe("igw-v4");
    expect(table.lookup(ipv6("::1"))?.value).toBe("igw-v6");
    expect(table.lookupAll(ipv6("::1")).map((e) => e.value)).toEqual(["igw-v6"]);
    expect(table.getExact(cidr("::/0"))?.value).toBe("igw-v6");
    expect([...table.entries()].map((e) => e.cidr.toString())).toEqual(["0.0.0.0/0", "10.0.0.0/16", "::/0"]);
    expect(table.remove(cidr("::/0"))).toBe(true);
    expect(table.lookup(ipv6("::1"))).toBeUndefined();
    table.clear();
    expect(table.size).toBe(0);
  });
});

type Op<C> = { kind: "insert"; cidr: C; value: number } | { kind: "remove"; cidr: C };

/**
 * Blocks and addresses are built from a few random roots with bits flipped at random positions,
 * so that prefixes nest deeply, share long paths and diverge at every bit position.
 */
function trieModel<A extends number | bigint, C extends Ipv4Cidr | Ipv6Cidr>(
  bits: number,
  randomRoot: fc.Arbitrary<A>,
  flip: (root: A, bit: number) => A,
  make: (address: A, prefix: number) => C,
  newTrie: () => {
    insert(c: C, v: number): void;
    remove(c: C): boolean;
    getExact(c: C): TrieEntry<C, number> | undefined;
    lookup(a: A): TrieEntry<C, number> | undefined;
    lookupAll(a: A): TrieEntry<C, number>[];
    entries(): Iterable<TrieEntry<C, number>>;
    readonly size: number;
  },
) {
  return () => {
    const scenario = fc.array(randomRoot, { minLength: 1, maxLength: 3 }).chain((roots) => {
      const address = fc
        .tuple(fc.nat(roots.length - 1), fc.array(fc.nat(bits - 1), { maxLength: 3 }))
        .map(([r, flips]) => flips.reduce((a, b) => flip(a, b), roots[r]!));
      const block = fc
        .tuple(address, fc.oneof(fc.integer({ min: 0, max: bits }), fc.integer({ min: bits - 8, max: bits })))
        .map(([a, p]) => make(a, p));
      const op: fc.Arbitrary<Op<C>> = fc.oneof(
        {
          weight: 3,
          arbitrary: fc.record({ kind: fc.constant("insert" as const), cidr: block, value: fc.nat() }),
        },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), cidr: block }) },
      );
      return fc.tuple(fc.array(op, { maxLength: 60 }), fc.array(address, { minLength: 1, maxLength: 30 }));
    });
    fc.assert(
      fc.property(scenario, ([ops, probes]) => {
        const trie = newTrie();
        const model = new Map<string, { cidr: C; value: number }>();
        for (const op of ops) {
          const key = op.cidr.toString();
          if (op.kind === "insert") {
            trie.insert(op.cidr, op.value);
            model.set(key, { cidr: op.cidr, value: op.value });
          } else {
            expect(trie.remove(op.cidr)).toBe(model.delete(key));
          }
        }
        expect(trie.size).toBe(model.size);
        const sorted = [...model.values()].sort((a, b) => compareCidrs(a.cidr, b.cidr));
        expect([...trie.entries()].map((e) => [e.cidr.toString(), e.value])).toEqual(
          sorted.map((e) => [e.cidr.toString(), e.value]),
        );
        for (const e of model.values()) expect(trie.getExact(e.cidr)?.value).toBe(e.value);
        for (const op of ops) {
          if (!model.has(op.cidr.toString())) expect(trie.getExact(op.cidr)).toBeUndefined();
        }
        // Probe the edges of every block ever touched as well as random addresses.
        for (const a of [...probes, ...ops.flatMap((op) => [op.cidr.first as A, op.cidr.last as A])]) {
          const matches = [...model.values()]
            .filter((e) => e.cidr.contains(a))
            .sort((x, y) => y.cidr.prefixLength - x.cidr.prefixLength);
          const all = trie.lookupAll(a);
          expect(all.map((e) => [e.cidr.toString(), e.value])).toEqual(
            matches.map((e) => [e.cidr.toString(), e.value]),
          );
          expect(trie.lookup(a)?.cidr.toString()).toBe(matches[0]?.cidr.toString());
          expect(trie.lookup(a)?.value).toBe(matches[0]?.value);
        }
      }),
      { numRuns: 500 },
    );
  };
}

describe("trie lookups equal a brute-force longest match", () => {
  it(
    "IPv4",
    trieModel<number, Ipv4Cidr>(
      32,
      fc.integer({ min: 0, max: 0xffffffff }),
      (a, bit) => (a ^ (1 << bit)) >>> 0,
      (a, p) => new Ipv4Cidr(a, p),
      () => new Ipv4Trie<number>(),
    ),
  );

  it(
    "IPv6",
    trieModel<bigint, Ipv6Cidr>(
      128,
      fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
      (a, bit) => a ^ (1n << BigInt(bit)),
      (a, p) => new Ipv6Cidr(a, p),
      () => new Ipv6Trie<number>(),
    ),
  );
});
