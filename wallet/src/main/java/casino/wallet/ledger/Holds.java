package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.ExpireHold;
import casino.contract.wallet.proto.Hold;
import casino.contract.wallet.proto.HoldPlaced;
import casino.contract.wallet.proto.HoldReleased;
import casino.contract.wallet.proto.HoldStatus;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.PlaceHold;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.Timer;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Two-phase holds (TigerBeetle's pending transfers, Blnk's inflight): {@code place_hold} reserves an amount of
 * what {@link Funds} says is available and schedules its expiry (a {@link Timer} firing {@code expire_hold} at
 * {@code expires_at}); {@code capture_hold} ({@link HoldCaptures}) debits part or all of it; {@code void_hold} and
 * {@code expire_hold} release what remains. A hold is closed once (captured, voided or expired) and released at most
 * once: every release is a {@link LedgerEvent.HoldRecorded} that takes its remainder out of the wallet's held total.
 */
final class Holds {
    static final long MAX_EXPIRES_IN_S = 2_592_000;
    static final Handler PLACE = new Place();
    static final Handler CAPTURE = new HoldCaptures();
    static final Handler VOID = new Release("void_hold", HoldStatus.VOIDED, "voided");
    static final Handler EXPIRE = new Release("expire_hold", HoldStatus.EXPIRED, "expired");

    private Holds() {}

    /** The id of the wallet's hold number {@code seq}: a version-8 UUID carrying seq ({@link EntryId} of "wallet/holds"). */
    static String id(String walletId, long seq) {
        return EntryId.of(walletId + "/holds", seq);
    }

    /** The fingerprint of the expiry a hold schedules: the timer's command. */
    static String expiryFingerprint(String holdId) {
        return Fingerprint.TIMER_PREFIX + "expire:" + holdId;
    }

    /** The refusal of a command on {@code state}'s hold when there is none, or it is closed, or it has expired by {@code atMs}. */
    static Optional<Decision> unusable(LedgerState state, WalletEvent.Builder event, Rulings rulings, String holdId, long atMs) {
        if (state.hold().isEmpty()) {
            return Optional.of(rulings.reject(state, event, RejectionCode.HOLD_NOT_FOUND, "hold " + holdId + " not found"));
        }
        Hold hold = state.hold().get();
        event.setHold(hold);
        String closed = switch (hold.getStatus()) {
            case VOIDED -> "hold voided";
            case EXPIRED -> "hold expired";
            case CAPTURED -> "hold closed";
            default -> atMs >= hold.getExpiresAtMs() ? "hold expired" : null; // its timer has not fired yet: no longer usable
        };
        return closed == null ? Optional.empty() : Optional.of(rulings.reject(state, event, RejectionCode.HOLD_CLOSED, closed));
    }

    /** {@code applied} with {@code more} external events after its own. */
    static Decision.Applied withExternal(Decision decision, List<WalletEvent> more) {
        Decision.Applied a = (Decision.Applied) decision;
        List<WalletEvent> all = new ArrayList<>(a.external());
        all.addAll(more);
        return new Decision.Applied(a.state(), a.outcome(), a.changes(), List.copyOf(all), a.fingerprint(), a.next());
    }

    static WalletEvent released(String walletId, Hold hold, long releasedMinor, String reason) {
        return WalletEvent.newBuilder().setWalletId(walletId).setHoldReleased(HoldReleased.newBuilder().setHold(hold)
                .setReleasedMinor(releasedMinor).setReason(reason)).build();
    }

    /** An amount text as a number ("5" == "5.00"), for digests. */
    static String number(String text) {
        try {
            return new BigDecimal(text).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return "text:" + text;
        }
    }

    /** {@code place_hold}: reserves the amount (converted into the wallet's currency like a transaction) if available. */
    private static final class Place implements Handler {
        @Override
        public String name() {
            return "place_hold";
        }

        @Override
        public String walletId(Command command) {
            return command.getPlaceHold().getWalletId();
        }

        @Override
        public long createdAt(Command command) {
            return command.getPlaceHold().getCreatedAtMs();
        }

        @Override
        public String digest(Command command) {
            PlaceHold p = command.getPlaceHold();
            return "hold:" + CommandDigest.sha256(CommandDigest.json(List.of(number(p.getAmount()), p.getCurrency(),
                    p.getExpiresInS(), new TreeMap<>(p.getLabelsMap()))));
        }

        @Override
        public boolean replayAtEdge() {
            return true;
        }

        @Override
        public String amountText(Command command) {
            return command.getPlaceHold().getAmount();
        }

        @Override
        public Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
            PlaceHold p = command.getPlaceHold();
            if (state.wallet().isEmpty()) return rulings.notFound(state, event);
            WalletState wallet = state.wallet().get();
            event.setHeldMinor(Funds.held(wallet));
            String target = wallet.getInfo().getCurrency();
            String source = p.getCurrency().isEmpty() ? target : p.getCurrency();
            Money.Builder sent = Money.newBuilder().setCurrency(source);
            Optional<Decision> invalid = rulings.minor(state, event, p.getAmount(), source, sent);
            if (invalid.isPresent()) return invalid.get();
            long amount = sent.getMinor();
            Hold.Builder hold = Hold.newBuilder();
            if (!source.equals(target)) {
                Optional<Amounts.Converted> converted = rulings.convert(sent.build(), target, state.rates());
                if (converted.isEmpty()) return rulings.noRate(state, event, source, target);
                if (converted.get().minor().isEmpty()) return rulings.overflow(state, event);
                amount = converted.get().minor().getAsLong();
                hold.setOriginal(sent).setRate(converted.get().rate());
            }
            if (amount <= 0) return rulings.reject(state, event, RejectionCode.INVALID_AMOUNT, "amount must be positive in " + target);
            if (p.getExpiresInS() < 1 || p.getExpiresInS() > MAX_EXPIRES_IN_S) {
                return rulings.reject(state, event, RejectionCode.INVALID_AMOUNT, "expires_in must be 1 to " + MAX_EXPIRES_IN_S + " seconds");
            }
            Optional<Decision> unfunded = Funds.refusal(rulings, state, event, wallet, amount);
            if (unfunded.isPresent()) return unfunded.get();
            long seq = wallet.getHoldsPlaced() + 1;
            String id = id(state.id(), seq);
            long created = Math.max(p.getCreatedAtMs(), 0);
            long expiresAt = created + p.getExpiresInS() * 1000;
            Hold placed = hold.setId(id).setWalletId(state.id()).setSeq(seq)
                    .setAmount(Money.newBuilder().setMinor(amount).setCurrency(target)).setRemainingMinor(amount)
                    .setStatus(HoldStatus.HELD).setCreatedAtMs(created).setExpiresAtMs(expiresAt)
                    .setFingerprint(command.getFingerprint()).putAllLabels(p.getLabelsMap()).build();
            long held = Funds.held(wallet) + amount; // <= the balance: amount <= available
            Book book = new Book(state.id(), wallet);
            book.hold(placed, held);
            Decision.Applied applied = withExternal(rulings.applied(state, book, event.setHold(placed).setHeldMinor(held), Optional.empty()),
                    List.of(WalletEvent.newBuilder().setWalletId(state.id()).setHoldPlaced(HoldPlaced.newBuilder().setHold(placed)).build()));
            Command expire = Command.newBuilder().setRequestId(command.getRequestId() + "/expire").setFingerprint(expiryFingerprint(id))
                    .setExpireHold(ExpireHold.newBuilder().setWalletId(state.id()).setHoldId(id).setCreatedAtMs(expiresAt)).build();
            return applied.scheduling(Timer.newBuilder().setId(id).setWalletId(state.id()).setDueAtMs(expiresAt).setCommand(expire)
                    .setScheduledAtMs(created).build());
        }
    }

    /** {@code void_hold} and {@code expire_hold}: the hold closes with {@code status} and what remains is released. */
    private static final class Release implements Handler {
        private final String name;
        private final HoldStatus status;
        private final String reason;

        Release(String name, HoldStatus status, String reason) {
            this.name = name;
            this.status = status;
            this.reason = reason;
        }

        @Override
        public String name() {
            return name;
        }

        private boolean isVoid(Command command) {
            return command.hasVoidHold();
        }

        @Override
        public String walletId(Command command) {
            return isVoid(command) ? command.getVoidHold().getWalletId() : command.getExpireHold().getWalletId();
        }

        @Override
        public long createdAt(Command command) {
            return isVoid(command) ? command.getVoidHold().getCreatedAtMs() : command.getExpireHold().getCreatedAtMs();
        }

        @Override
        public String holdId(Command command) {
            return isVoid(command) ? command.getVoidHold().getHoldId() : command.getExpireHold().getHoldId();
        }

        @Override
        public String digest(Command command) {
            return name + ":" + holdId(command);
        }

        @Override
        public boolean replayAtEdge() {
            return true;
        }

        @Override
        public Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
            if (state.wallet().isEmpty()) return rulings.notFound(state, event);
            WalletState wallet = state.wallet().get();
            event.setHeldMinor(Funds.held(wallet));
            // an expiry fires at expires_at: only a void is refused for coming after it
            long at = isVoid(command) ? createdAt(command) : Long.MIN_VALUE;
            Optional<Decision> unusable = unusable(state, event, rulings, holdId(command), at);
            if (unusable.isPresent()) return unusable.get();
            Hold hold = state.hold().get();
            long remaining = hold.getRemainingMinor();
            Hold closed = hold.toBuilder().setStatus(status).setRemainingMinor(0)
                    .setClosedAtMs(Math.max(createdAt(command), hold.getCreatedAtMs())).build();
            long held = Funds.held(wallet) - remaining;
            Book book = new Book(state.id(), wallet);
            book.hold(closed, held);
            return withExternal(rulings.applied(state, book, event.setHold(closed).setHeldMinor(held), Optional.empty()),
                    List.of(released(state.id(), closed, remaining, reason)));
        }
    }
}
