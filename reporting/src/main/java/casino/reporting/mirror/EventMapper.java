package casino.reporting.mirror;

import casino.common.json.Json;
import casino.common.money.Currencies;
import casino.reporting.time.TimeRange;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.WireNames;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.InvalidProtocolBufferException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure mapping of one wallet.events value to the rows it changes. Outcome records (no external
 * event set) map to nothing. Amounts become exact decimals at the currency's scale; an unknown
 * currency or a missing id is a {@link BadEventException} naming the field.
 */
public final class EventMapper {
    private EventMapper() {}

    public static Optional<Change> map(byte[] value) throws BadEventException {
        if (value == null) throw new BadEventException("record without a value", null);
        if (value.length == 0) throw new BadEventException("empty value", null);
        try {
            return map(WalletEvent.parseFrom(value));
        } catch (InvalidProtocolBufferException e) {
            throw new BadEventException("malformed protobuf WalletEvent: " + e.getMessage(), null);
        }
    }

    public static Optional<Change> map(WalletEvent event) throws BadEventException {
        return switch (event.getExternalCase()) {
            case EXTERNAL_NOT_SET -> Optional.empty(); // an outcome: what the entries below already say
            case WALLET_CREATED -> {
                WalletInfo w = event.getWalletCreated().getWallet();
                String currency = currency(w.getCurrency(), "wallet.currency");
                yield Optional.of(new Change.NewWallet(required(w.getId(), "wallet.id"), text(w.getExternalId(), "wallet.external_id"),
                        currency, labels(w.getLabelsMap(), "wallet.labels"), time(w.getCreatedAtMs(), "wallet.created_at_ms"),
                        amount(event.getWalletCreated().getBalance(), currency, "balance")));
            }
            case TRANSACTION_CREATED -> Optional.of(entry(event.getTransactionCreated().getTransaction()));
            case TRANSACTION_VOIDED -> Optional.of(new Change.Voided(
                    required(event.getTransactionVoided().getTransactionId(), "transaction_id"),
                    required(event.getTransactionVoided().getCompensation().getId(), "compensation.id")));
            // a capture's debit is its own TransactionCreated (kind capture): these only move the hold's row
            case HOLD_PLACED -> Optional.of(hold(event.getHoldPlaced().getHold()));
            case HOLD_CAPTURED -> Optional.of(hold(event.getHoldCaptured().getHold()));
            case HOLD_RELEASED -> Optional.of(hold(event.getHoldReleased().getHold()));
            case BALANCE_CHANGED -> {
                var b = event.getBalanceChanged();
                String currency = currency(b.getNewBalance().getCurrency(), "new_balance.currency");
                yield Optional.of(new Change.Balance(required(b.getWalletId(), "wallet_id"),
                        major(b.getNewBalance().getMinor(), currency), b.getRefno()));
            }
        };
    }

    static Change.HoldState hold(casino.contract.wallet.proto.Hold h) throws BadEventException {
        String currency = currency(h.getAmount().getCurrency(), "hold.amount.currency");
        if (h.getStatus() == casino.contract.wallet.proto.HoldStatus.HOLD_STATUS_UNSPECIFIED) {
            throw new BadEventException("hold status missing", "hold.status");
        }
        String status = h.getStatus() == casino.contract.wallet.proto.HoldStatus.UNRECOGNIZED ? "status_" + h.getStatusValue()
                : WireNames.of(h.getStatus());
        return new Change.HoldState(required(h.getId(), "hold.id"), required(h.getWalletId(), "hold.wallet_id"), h.getSeq(),
                major(h.getAmount().getMinor(), currency), major(h.getCapturedMinor(), currency), major(h.getRemainingMinor(), currency),
                currency, status, time(h.getCreatedAtMs(), "hold.created_at_ms"), time(h.getExpiresAtMs(), "hold.expires_at_ms"),
                h.getClosedAtMs() == 0 ? null : time(h.getClosedAtMs(), "hold.closed_at_ms"), text(h.getFingerprint(), "hold.fingerprint"),
                labels(h.getLabelsMap(), "hold.labels"));
    }

    static Change.NewEntry entry(Transaction t) throws BadEventException {
        String currency = currency(t.getAmount().getCurrency(), "amount.currency");
        return new Change.NewEntry(required(t.getId(), "id"), required(t.getWalletId(), "wallet_id"), t.getRefno(),
                time(t.getCreatedAtMs(), "created_at_ms"), kind(t), major(t.getAmount().getMinor(), currency),
                currency, major(t.getOldBalanceMinor(), currency), major(t.getNewBalanceMinor(), currency),
                text(t.getFingerprint(), "fingerprint"), text(t.getDescription(), "description"),
                labels(t.getLabelsMap(), "labels"), t.getVoidsId().isEmpty() ? null : text(t.getVoidsId(), "voids_id"));
    }

    /**
     * The entry's kind as stored: the contract's text of the enum (deposit, casino_bet, void, ...). A kind
     * added to the contract after this service was built is kept as {@code kind_<number>}, never lost.
     */
    static String kind(Transaction t) throws BadEventException {
        if (t.getKind() == EntryKind.ENTRY_KIND_UNSPECIFIED) throw new BadEventException("entry kind missing", "kind");
        return t.getKind() == EntryKind.UNRECOGNIZED ? "kind_" + t.getKindValue() : WireNames.of(t.getKind());
    }

    private static BigDecimal amount(Money money, String currency, String field) throws BadEventException {
        if (!money.getCurrency().isEmpty() && !money.getCurrency().equals(currency)) {
            throw new BadEventException("currency " + money.getCurrency() + " differs from the wallet's " + currency, field);
        }
        return major(money.getMinor(), currency);
    }

    /** Minor units as an exact decimal at the currency's scale (common's table: JPY 0, BTC 8, others 2). */
    private static BigDecimal major(long minor, String currency) {
        return Currencies.STANDARD.toMajor(minor, currency);
    }

    private static String currency(String code, String field) throws BadEventException {
        if (!Currencies.isCode(code)) throw new BadEventException("not a currency code '" + code + "'", field);
        return code;
    }

    private static String required(String value, String field) throws BadEventException {
        if (value.isEmpty()) throw new BadEventException(field + " is empty", field);
        return text(value, field);
    }

    /** Text Postgres can store: protobuf has checked the UTF-8, Postgres also refuses the NUL character. */
    private static String text(String value, String field) throws BadEventException {
        if (value.indexOf('\u0000') >= 0) throw new BadEventException(field + " contains a NUL character", field);
        return value;
    }

    /** A time inside {@link TimeRange}: anything else Postgres would refuse, or the reports could not ask for. */
    private static Instant time(long epochMillis, String field) throws BadEventException {
        Instant t = Instant.ofEpochMilli(epochMillis);
        if (!TimeRange.contains(t)) {
            throw new BadEventException(field + " " + epochMillis + " is outside " + TimeRange.EARLIEST + " .. " + TimeRange.LATEST, field);
        }
        return t;
    }

    private static String labels(Map<String, String> labels, String field) throws BadEventException {
        for (Map.Entry<String, String> l : labels.entrySet()) {
            text(l.getKey(), field);
            text(l.getValue(), field);
        }
        return labels(labels);
    }

    /** Labels as a JSON object with sorted keys (jsonb normalises them anyway). */
    static String labels(Map<String, String> labels) {
        try {
            return Json.MAPPER.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
