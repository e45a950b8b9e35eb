package casino.wallet.api;

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
