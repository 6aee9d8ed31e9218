-- Explorer index. Written in the SQL that H2 (in PostgreSQL mode, the default, a file under the run folder) and
-- PostgreSQL both accept, so spring.datasource.url can point at either. Every statement is idempotent: the gateway
-- runs this file at every start. An index made with an older layout (explorer_schema.version below
-- ExplorerStore.SCHEMA_VERSION) is dropped first and made again from block 0.
CREATE TABLE IF NOT EXISTS explorer_schema (
  version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS explorer_block (
  number        BIGINT PRIMARY KEY,
  hash          VARCHAR(64) NOT NULL,
  previous_hash VARCHAR(64) NOT NULL,
  data_hash     VARCHAR(64) NOT NULL,
  tx_count      INTEGER NOT NULL,
  block_time_ms BIGINT,
  signers       VARCHAR(2000) NOT NULL,
  last_config   BIGINT NOT NULL,
  header_raw    BYTEA NOT NULL,
  raw           BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS explorer_block_hash ON explorer_block (hash);
CREATE TABLE IF NOT EXISTS explorer_tx (
  block_number    BIGINT NOT NULL,
  tx_index        INTEGER NOT NULL,
  tx_id           VARCHAR(128) NOT NULL,
  tx_type         VARCHAR(40) NOT NULL,
  tx_time_ms      BIGINT,
  creator_msp     VARCHAR(64),
  creator_name    VARCHAR(300),
  validation_code VARCHAR(64) NOT NULL,
  chaincode       VARCHAR(100),
  function_name   VARCHAR(300),
  endorser_msps   VARCHAR(500) NOT NULL,
  event_name      VARCHAR(300),
  writes          BYTEA NOT NULL,
  PRIMARY KEY (block_number, tx_index)
);
-- A transaction's page (read/write sets, arguments, endorsers) is read again from explorer_block.raw when asked:
-- kept here as well, it was a quarter of what the index wrote. `writes`: each write's namespace, collection, value
-- hash and preview, in the transaction's order (ExplorerStore).
CREATE INDEX IF NOT EXISTS explorer_tx_id ON explorer_tx (tx_id);
CREATE INDEX IF NOT EXISTS explorer_tx_time ON explorer_tx (tx_time_ms);
-- The keys written, business identifiers and document hashes, as postings (ExplorerPostings): sorted runs, each a
-- row here with its pages' first keys, last key and the Bloom filter of its keys (directory; runs written before
-- there were filters have none), its pages in explorer_run_page (row ID: run ID * 2^24 + page).
CREATE TABLE IF NOT EXISTS explorer_run (
  id          BIGINT PRIMARY KEY,
  first_block BIGINT NOT NULL,
  last_block  BIGINT NOT NULL,
  entries     BIGINT NOT NULL,
  directory   BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS explorer_run_page (
  id   BIGINT PRIMARY KEY,
  data BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS explorer_config (
  block_number BIGINT PRIMARY KEY,
  config       TEXT NOT NULL
);
