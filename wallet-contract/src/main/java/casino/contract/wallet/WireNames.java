package casino.contract.wallet;

import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.RejectionCode;
import java.util.Locale;

/**
 * The text of the wallet's enums in JSON and HTTP answers: the lower-case enum name
 * ({@code CASINO_BET} is {@code "casino_bet"}, {@code INSUFFICIENT_FUNDS} is {@code "insufficient_funds"}).
 */
public final class WireNames {
    private WireNames() {}

    public static String of(EntryKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    public static String of(casino.contract.wallet.proto.HoldStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    public static String of(RejectionCode code) {
        return code.name().toLowerCase(Locale.ROOT);
    }
}
