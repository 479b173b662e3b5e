export { createMemoryStore, type MemoryStoreOptions } from "./memory-store.js";
export {
  type CompactionOptions,
  openSqliteStore,
  SQLITE_SCHEMA_VERSION,
  type SqliteStore,
  type SqliteStoreOptions,
} from "./sqlite-store.js";
export type {
  KindOptions,
  ReadTx,
  RecordTypes,
  Scope,
  Store,
  StoredRecord,
  StoreSchema,
  WriteTx,
} from "./store.js";
