-- The reporting service's mirror of wallet.events (module reporting/). The ledger in Kafka stays the
-- source of truth; these tables are rebuilt from the topic by deleting them and their offsets.
-- Amounts are exact decimals at the currency's scale; kind is text and labels jsonb, so a new entry
-- kind or label needs no migration.
CREATE TABLE reporting_wallets (
    id          text PRIMARY KEY,
    external_id text,
    currency    text        NOT NULL,
    labels      jsonb       NOT NULL DEFAULT '{}',
    created     timestamptz NOT NULL,
    balance     numeric     NOT NULL,
    last_refno  bigint      NOT NULL DEFAULT 0
);
CREATE INDEX reporting_wallets_labels ON reporting_wallets USING gin (labels jsonb_path_ops);

-- one row per ledger entry (every kind); a void is its own entry (voids_id) and marks the voided one
CREATE TABLE reporting_entries (
    id          text PRIMARY KEY,
    wallet_id   text        NOT NULL,
    refno       bigint      NOT NULL,
    created     timestamptz NOT NULL,
    kind        text        NOT NULL,
    amount      numeric     NOT NULL,
    currency    text        NOT NULL,
    old_balance numeric     NOT NULL,
    new_balance numeric     NOT NULL,
    fingerprint text        NOT NULL DEFAULT '',
    description text        NOT NULL DEFAULT '',
    labels      jsonb       NOT NULL DEFAULT '{}',
    voids_id    text,
    voided_by   text,
    UNIQUE (wallet_id, refno)
);
-- the operations report: one wallet, a time range, newest first
CREATE INDEX reporting_entries_wallet_created ON reporting_entries (wallet_id, created DESC, refno DESC);
CREATE INDEX reporting_entries_labels ON reporting_entries USING gin (labels jsonb_path_ops);

-- the consumer's position, written in the same transaction as the rows it covers
CREATE TABLE reporting_offsets (
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint  NOT NULL,
    as_of       timestamptz,
    PRIMARY KEY (topic, partition)
);
