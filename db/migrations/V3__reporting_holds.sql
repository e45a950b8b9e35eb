-- The reporting mirror of the wallet's two-phase holds (HoldPlaced, HoldCaptured, HoldReleased on wallet.events):
-- one row per hold, as it stands after its newest event. A capture's debit is an entry of kind 'capture' in
-- reporting_entries (its TransactionCreated), so it is in /operations and the totals like any other debit.
CREATE TABLE reporting_holds (
    id          text PRIMARY KEY,
    wallet_id   text        NOT NULL,
    seq         bigint      NOT NULL,
    amount      numeric     NOT NULL,
    captured    numeric     NOT NULL,
    remaining   numeric     NOT NULL,
    currency    text        NOT NULL,
    status      text        NOT NULL,
    created     timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    closed_at   timestamptz,
    fingerprint text        NOT NULL DEFAULT '',
    labels      jsonb       NOT NULL DEFAULT '{}'
);
-- GET /holds/{wallet}: one wallet's holds, newest first
CREATE INDEX reporting_holds_wallet_seq ON reporting_holds (wallet_id, seq DESC);
