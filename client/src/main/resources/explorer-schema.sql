-- Explorer index. Written in the SQL that H2 (in PostgreSQL mode, the default, a file under the run folder) and
-- PostgreSQL both accept, so spring.datasource.url can point at either. Every statement is idempotent: the gateway
-- runs this file at every start.
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
  detail          TEXT NOT NULL,
  PRIMARY KEY (block_number, tx_index)
);
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
CREATE TABLE IF NOT EXISTS explorer_term (
  block_number BIGINT NOT NULL,
  tx_index     INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  term         VARCHAR(300) NOT NULL,
  source       VARCHAR(1000) NOT NULL,
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
