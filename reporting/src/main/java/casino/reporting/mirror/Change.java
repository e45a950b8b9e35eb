package casino.reporting.mirror;

import java.math.BigDecimal;
import java.time.Instant;

/** One external wallet event as the rows it changes: the output of {@link EventMapper}, pure data. */
public sealed interface Change {
    /** A new wallet (WalletCreated). */
    record NewWallet(String id, String externalId, String currency, String labelsJson, Instant created,
                     BigDecimal balance) implements Change {}

    /** A new ledger entry of any kind (TransactionCreated, including a void's compensating entry). */
    record NewEntry(String id, String walletId, long refno, Instant created, String kind, BigDecimal amount,
                    String currency, BigDecimal oldBalance, BigDecimal newBalance, String fingerprint,
                    String description, String labelsJson, String voidsId) implements Change {}

    /** An entry reversed by a compensating one (TransactionVoided). */
    record Voided(String entryId, String compensationId) implements Change {}

    /** A hold as it stands after HoldPlaced, HoldCaptured or HoldReleased (closedAt null while open). */
    record HoldState(String id, String walletId, long seq, BigDecimal amount, BigDecimal captured, BigDecimal remaining,
                     String currency, String status, Instant created, Instant expiresAt, Instant closedAt, String fingerprint,
                     String labelsJson) implements Change {}

    /** A wallet's balance after the entry refno (BalanceChanged). */
    record Balance(String walletId, BigDecimal balance, long refno) implements Change {}
}
