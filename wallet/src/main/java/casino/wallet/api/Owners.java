package casino.wallet.api;

import java.util.Optional;

import casino.common.http.ApiException;
import casino.wallet.topics.WalletTopics;
import casino.contract.wallet.proto.WalletState;
import io.javalin.http.Context;
import java.util.function.Consumer;

/** Runs a read where its key lives: here, or passes on the owning instance's answer to the same request. */
final class Owners {
    private final WalletReader reader;

    Owners(WalletReader reader) {
        this.reader = reader;
    }

    /** Runs {@code local} with this instance's stores when it owns the wallet, else answers with the owner's response. */
    void onWallet(Context ctx, String walletId, Consumer<WalletReader.Local> local) {
        on(ctx, WalletTopics.BALANCES, walletId, local);
    }

    void on(Context ctx, WalletTopics.Store<String, ?> store, String key, Consumer<WalletReader.Local> local) {
        switch (reader.read(store, key, pathAndQuery(ctx), ctx.header(WalletReader.FORWARDED) != null)) {
            case WalletReader.Local here -> local.accept(here);
            case WalletReader.Remote remote -> pass(ctx, remote);
        }
    }

    /**
     * The wallet as its owner holds it now, or empty when it does not exist (one hop when another
     * instance owns it; 503 while ownership moves). Wallets are never deleted: once seen, it exists.
     */
    Optional<WalletState> find(String walletId) {
        switch (reader.read(WalletTopics.BALANCES, walletId, "/wallets/" + walletId, false)) {
            case WalletReader.Local local -> {
                return local.get(WalletTopics.BALANCES, walletId);
            }
            case WalletReader.Remote remote -> {
                if (remote.status() == 404) return Optional.empty();
                if (remote.status() != 200) throw WalletReader.unavailable("the owner of wallet " + walletId + " answered " + remote.status());
                try {
                    var json = casino.common.json.Json.MAPPER.readTree(remote.body());
                    return Optional.of(WalletState.newBuilder().setInfo(casino.contract.wallet.proto.WalletInfo.newBuilder()
                            .setId(walletId).setCurrency(json.path("currency").asText())).build());
                } catch (java.io.IOException e) {
                    throw WalletReader.unavailable("the owner of wallet " + walletId + " answered " + e.getMessage());
                }
            }
        }
    }

    WalletReader reader() {
        return reader;
    }

    /** The wallet's state from a local read, or 404 naming {@code field}. */
    static WalletState wallet(WalletReader.Local local, String walletId, String field) {
        return local.get(WalletTopics.BALANCES, walletId)
                .orElseThrow(() -> new ApiException(404, "wallet " + walletId + " not found", field));
    }

    static void pass(Context ctx, WalletReader.Remote remote) {
        remote.retryAfter().ifPresent(v -> ctx.header("Retry-After", v));
        ctx.status(remote.status()).contentType("application/json").result(remote.body());
    }

    static String pathAndQuery(Context ctx) {
        String query = ctx.queryString();
        return ctx.req().getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}
