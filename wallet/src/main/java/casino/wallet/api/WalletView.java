package casino.wallet.api;

import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;

/** The JSON answer about one wallet: {@code {"WalletID": "w1", "Balance": 8000, "AboveThreshold": false}}, Balance exact in EUR. */
@JsonPropertyOrder({"WalletID", "Balance", "AboveThreshold"})
public record WalletView(@JsonProperty("WalletID") String walletId,
                         @JsonProperty("Balance") BigDecimal balance,
                         @JsonProperty("AboveThreshold") boolean aboveThreshold) {

    public static WalletView of(String walletId, WalletState state) {
        return new WalletView(walletId, major(state.getBalance().getMinor(), state.getBalance().getCurrency()), state.getAboveThreshold());
    }

    public static WalletView of(WalletEvent event) {
        return new WalletView(event.getWalletId(), major(event.getBalance().getMinor(), event.getBalance().getCurrency()),
                event.getAboveThreshold());
    }

    /** 800000 EUR -> 8000, 1000001 -> 10000.01: exact in the currency's scale, without trailing zeros or exponent. */
    public static BigDecimal major(long minor, String currency) {
        BigDecimal v = Views.major(minor, currency).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }
}
