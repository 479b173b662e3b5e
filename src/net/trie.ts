import type { Cidr, IpAddress, Ipv4Cidr, Ipv6Cidr } from "./cidr.js";
import type { Ipv4Address } from "./ipv4.js";
import { type Ipv6Address, ipv6ToWords } from "./ipv6.js";

export interface TrieEntry<C extends Cidr, V> {
  readonly cidr: C;
  readonly value: V;
}

/**
 * Bit access on a family's key representation. IPv4 keys are the address number; IPv6 keys are
 * four 32-bit words, because per-bit work on bigints allocates and would dominate lookups.
 */
interface KeyOps<K> {
  bitAt(key: K, index: number): number;
  /** Length of the common leading bits of a and b, at most `max`. */
  commonPrefixLength(a: K, b: K, max: number): number;
}

type Words = readonly number[];

const IPV4_OPS: KeyOps<number> = {
  bitAt: (key, index) => (key >>> (31 - index)) & 1,
  commonPrefixLength: (a, b, max) => Math.min(Math.clz32(a ^ b), max),
};

const IPV6_OPS: KeyOps<Words> = {
  bitAt: (key, index) => (key[index >>> 5]! >>> (31 - (index & 31))) & 1,
  commonPrefixLength: (a, b, max) => {
    let length = 0;
    for (let w = 0; w < 4 && length < max; w++) {
      const diff = (a[w]! ^ b[w]!) >>> 0;
      if (diff !== 0) return Math.min(length + Math.clz32(diff), max);
      length += 32;
    }
    return Math.min(length, max);
  },
};

/**
 * A node covers the first `length` bits of `key`; bits past `length` are meaningless (glue nodes
 * borrow a child's key). A node without an entry is glue and always has two children, except the
 * permanent root.
 */
class TrieNode<K, C extends Cidr, V> {
  entry: TrieEntry<C, V> | undefined = undefined;
  zero: TrieNode<K, C, V> | undefined = undefined;
  one: TrieNode<K, C, V> | undefined = undefined;
  constructor(
    readonly key: K,
    readonly length: number,
  ) {}

  child(bit: number): TrieNode<K, C, V> | undefined {
    return bit === 0 ? this.zero : this.one;
  }

  setChild(bit: number, node: TrieNode<K, C, V> | undefined): void {
    if (bit === 0) this.zero = node;
    else this.one = node;
  }
}

/**
 * Path-compressed binary (PATRICIA) trie: a lookup visits at most one node per stored prefix
 * length on the path, and memory is O(number of prefixes).
 */
class PrefixTrie<K, A, C extends Cidr & { readonly network: A }, V> {
  readonly #ops: KeyOps<K>;
  readonly #keyOfAddress: (address: A) => K;
  protected readonly root: TrieNode<K, C, V>;
  #size = 0;

  protected constructor(ops: KeyOps<K>, keyOfAddress: (address: A) => K, zeroKey: K) {
    this.#ops = ops;
    this.#keyOfAddress = keyOfAddress;
    this.root = new TrieNode(zeroKey, 0);
  }

  get size(): number {
    return this.#size;
  }

  /** Adds or replaces the value stored for exactly this prefix. */
  insert(cidr: C, value: V): void {
    const ops = this.#ops;
    const key = this.#keyOfAddress(cidr.network);
    const length = cidr.prefixLength;
    const entry: TrieEntry<C, V> = { cidr, value };
    let node = this.root;
    while (true) {
      // Invariant: node's prefix is a prefix of key, and node.length < length or node is the target.
      if (node.length === length) {
        if (node.entry === undefined) this.#size++;
        node.entry = entry;
        return;
      }
      const bit = ops.bitAt(key, node.length);
      const child = node.child(bit);
      if (child === undefined) {
        node.setChild(bit, leaf(key, length, entry));
        this.#size++;
        return;
      }
      const common = ops.commonPrefixLength(key, child.key, Math.min(length, child.length));
      if (common === child.length) {
        node = child;
        continue;
      }
      if (common === length) {
        // The new prefix sits between node and child.
        const inserted = leaf<K, C, V>(key, length, entry);
        inserted.setChild(ops.bitAt(child.key, length), child);
        node.setChild(bit, inserted);
      } else {
        // They diverge below both: a glue node at the divergence holds both.
        const glue = new TrieNode<K, C, V>(key, common);
        glue.setChild(ops.bitAt(child.key, common), child);
        glue.setChild(ops.bitAt(key, common), leaf(key, length, entry));
        node.setChild(bit, glue);
      }
      this.#size++;
      return;
    }
  }

  /** Removes exactly this prefix; answers whether it was present. */
  remove(cidr: C): boolean {
    const path = this.#pathTo(cidr);
    const node = path?.[path.length - 1];
    if (path === undefined || node?.entry === undefined) return false;
    node.entry = undefined;
    this.#size--;
    const parent = path[path.length - 2];
    // The root stays whatever it holds; a node with two children stays as glue.
    if (parent === undefined || (node.zero !== undefined && node.one !== undefined)) return true;
    const onlyChild = node.zero ?? node.one;
    replaceChild(parent, node, onlyChild);
    // Removing a leaf can leave its parent as glue with one child, which path compression forbids.
    const grandparent = path[path.length - 3];
    if (onlyChild === undefined && grandparent !== undefined && parent.entry === undefined) {
      replaceChild(grandparent, parent, parent.zero ?? parent.one);
    }
    return true;
  }

  getExact(cidr: C): TrieEntry<C, V> | undefined {
    const path = this.#pathTo(cidr);
    return path?.[path.length - 1]?.entry;
  }

  /** Nodes from the root down to the node of exactly `cidr`'s prefix, or undefined when there is no such node. */
  #pathTo(cidr: C): TrieNode<K, C, V>[] | undefined {
    const ops = this.#ops;
    const key = this.#keyOfAddress(cidr.network);
    const length = cidr.prefixLength;
    const path = [this.root];
    let node = this.root;
    while (node.length < length) {
      const next = node.child(ops.bitAt(key, node.length));
      if (next === undefined || ops.commonPrefixLength(key, next.key, next.length) < next.length)
        return undefined;
      path.push(next);
      node = next;
    }
    return node.length === length ? path : undefined;
  }

  /** The entry with the longest prefix containing `address`. */
  lookup(address: A): TrieEntry<C, V> | undefined {
    const ops = this.#ops;
    const key = this.#keyOfAddress(address);
    let best: TrieEntry<C, V> | undefined;
    let node: TrieNode<K, C, V> | undefined = this.root;
    // Children extend their parent's prefix, so the first node that does not match ends the search.
    while (node !== undefined && ops.commonPrefixLength(key, node.key, node.length) === node.length) {
      if (node.entry !== undefined) best = node.entry;
      node = node.child(ops.bitAt(key, node.length));
    }
    return best;
  }

  /** Every entry containing `address`, longest prefix first. */
  lookupAll(address: A): TrieEntry<C, V>[] {
    const ops = this.#ops;
    const key = this.#keyOfAddress(address);
    const matches: TrieEntry<C, V>[] = [];
    let node: TrieNode<K, C, V> | undefined = this.root;
    while (node !== undefined && ops.commonPrefixLength(key, node.key, node.length) === node.length) {
      if (node.entry !== undefined) matches.push(node.entry);
      node = node.child(ops.bitAt(key, node.length));
    }
    return matches.reverse();
  }

  /** All entries in `compareCidrs` order (network ascending, then shorter prefix first). */
  *entries(): Generator<TrieEntry<C, V>, void, undefined> {
    const stack: TrieNode<K, C, V>[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.entry !== undefined) yield node.entry;
      if (node.one !== undefined) stack.push(node.one);
      if (node.zero !== undefined) stack.push(node.zero);
    }
  }

  clear(): void {
    this.root.entry = undefined;
    this.root.zero = undefined;
    this.root.one = undefined;
    this.#size = 0;
  }
}

function leaf<K, C extends Cidr, V>(key: K, length: number, entry: TrieEntry<C, V>): TrieNode<K, C, V> {
  const node = new TrieNode<K, C, V>(key, length);
  node.entry = entry;
  return node;
}

function replaceChild<K, C extends Cidr, V>(
  parent: TrieNode<K, C, V>,
  old: TrieNode<K, C, V>,
  replacement: TrieNode<K, C, V> | undefined,
): void {
  if (parent.zero === old) parent.zero = replacement;
  else parent.one = replacement;
}

const identity = (address: Ipv4Address): number => address;

/** Longest-prefix match over IPv4 CIDRs. Not safe to mutate while iterating `entries()`. */
export class Ipv4Trie<V> extends PrefixTrie<number, Ipv4Address, Ipv4Cidr, V> {
  constructor() {
    super(IPV4_OPS, identity, 0);
  }

  /** The data-plane hot path, specialised to plain number ops (about twice as fast as the generic walk). */
  override lookup(address: Ipv4Address): TrieEntry<Ipv4Cidr, V> | undefined {
    let best: TrieEntry<Ipv4Cidr, V> | undefined;
    let node: TrieNode<number, Ipv4Cidr, V> | undefined = this.root;
    while (node !== undefined) {
      const length: number = node.length;
      // `>>> 32` would be a no-op shift, hence the explicit length 0 case.
      if (length !== 0 && (address ^ node.key) >>> (32 - length) !== 0) break;
      if (node.entry !== undefined) best = node.entry;
      // At length 32 the shift count wraps to 31, harmlessly: a /32 node has no children.
      node = ((address >>> (31 - length)) & 1) === 0 ? node.zero : node.one;
    }
    return best;
  }
}

/** Longest-prefix match over IPv6 CIDRs. Not safe to mutate while iterating `entries()`. */
export class Ipv6Trie<V> extends PrefixTrie<Words, Ipv6Address, Ipv6Cidr, V> {
  constructor() {
    super(IPV6_OPS, ipv6ToWords, [0, 0, 0, 0]);
  }
}

/**
 * Both families behind one interface, for tables that mix them (route tables, prefix lists).
 * An address only ever matches prefixes of its own family.
 */
export class IpTrie<V> {
  readonly v4 = new Ipv4Trie<V>();
  readonly v6 = new Ipv6Trie<V>();

  get size(): number {
    return this.v4.size + this.v6.size;
  }

  insert(cidr: Cidr, value: V): void {
    if (cidr.family === 4) this.v4.insert(cidr, value);
    else this.v6.insert(cidr, value);
  }

  remove(cidr: Cidr): boolean {
    return cidr.family === 4 ? this.v4.remove(cidr) : this.v6.remove(cidr);
  }

  getExact(cidr: Cidr): TrieEntry<Cidr, V> | undefined {
    return cidr.family === 4 ? this.v4.getExact(cidr) : this.v6.getExact(cidr);
  }

  lookup(address: IpAddress): TrieEntry<Cidr, V> | undefined {
    return typeof address === "number" ? this.v4.lookup(address) : this.v6.lookup(address);
  }

  lookupAll(address: IpAddress): TrieEntry<Cidr, V>[] {
    return typeof address === "number" ? this.v4.lookupAll(address) : this.v6.lookupAll(address);
  }

  /** IPv4 entries, then IPv6, each in address order. */
  *entries(): Generator<TrieEntry<Cidr, V>, void, undefined> {
    yield* this.v4.entries();
    yield* this.v6.entries();
  }

  clear(): void {
    this.v4.clear();
    this.v6.clear();
  }
}
