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
  PRIMARY KEY (block_number, tx_index)
);
-- A transaction's page (read/write sets, arguments, endorsers) is read again from explorer_block.raw when asked:
-- kept here as well, it was a quarter of what the index wrote.
CREATE INDEX IF NOT EXISTS explorer_tx_id ON explorer_tx (tx_id);
CREATE INDEX IF NOT EXISTS explorer_tx_time ON explorer_tx (tx_time_ms);
CREATE TABLE IF NOT EXISTS explorer_write (
  block_number BIGINT NOT NULL,
  tx_index     INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  namespace    VARCHAR(100) NOT NULL,
  collection   VARCHAR(100) NOT NULL,
  entity_key   VARCHAR(1000) NOT NULL,
  object_type  VARCHAR(300) NOT NULL,
  is_delete    BOOLEAN NOT NULL,
  value_sha256 VARCHAR(64),
  value_text   TEXT,
  valid        BOOLEAN NOT NULL,
  PRIMARY KEY (block_number, tx_index, seq)
);
CREATE INDEX IF NOT EXISTS explorer_write_key ON explorer_write (entity_key);
-- Each distinct term of a transaction once; the keys that carry it are that transaction's writes (explorer_write).
CREATE TABLE IF NOT EXISTS explorer_term (
  block_number BIGINT NOT NULL,
  tx_index     INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  term         VARCHAR(300) NOT NULL,
  in_event     BOOLEAN NOT NULL,
  PRIMARY KEY (block_number, tx_index, seq)
);
CREATE INDEX IF NOT EXISTS explorer_term_term ON explorer_term (term);
CREATE TABLE IF NOT EXISTS explorer_hash (
  block_number BIGINT NOT NULL,
  tx_index     INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  sha256       VARCHAR(64) NOT NULL,
  entity_key   VARCHAR(1000) NOT NULL,
  field        VARCHAR(300) NOT NULL,
  PRIMARY KEY (block_number, tx_index, seq)
);
CREATE INDEX IF NOT EXISTS explorer_hash_sha256 ON explorer_hash (sha256);
CREATE TABLE IF NOT EXISTS explorer_config (
  block_number BIGINT PRIMARY KEY,
  config       TEXT NOT NULL
);
