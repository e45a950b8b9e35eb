package casino.cli;

import casino.common.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code casino deposit WALLET AMOUNT} and {@code casino details WALLET}: the wallet's
 * {@code POST /deposit} and {@code GET /details/{id}} over HTTP ({@code WALLET_URL}, default
 * {@code http://localhost:8080}; with {@code CASINO_API_KEY} as its bearer key). The answer's JSON goes to stdout; a 4xx/5xx answer goes to stderr
 * and exits 1, as does a wallet that cannot be reached.
 */
final class WalletCommands {
    static final String WALLET_URL = "WALLET_URL";
    /** The secret of one of the wallet's API_KEYS, sent as {@code Authorization: Bearer}; none by default. */
    static final String API_KEY = "CASINO_API_KEY";

    private WalletCommands() {}

    static int send(CasinoCli cli, String url, HttpRequest.Builder request) throws InterruptedException {
        cli.config.optional(API_KEY).ifPresent(key -> request.header("Authorization", "Bearer " + key));
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> answer = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 400) {
                cli.err.println("casino: the wallet answered " + answer.statusCode() + ": " + answer.body().strip());
                return 1;
            }
            cli.out.println(answer.body().strip());
            return 0;
        } catch (IOException e) {
            cli.err.println("casino: cannot reach the wallet at " + url + " (" + (e instanceof java.net.ConnectException ? "connection refused" : CasinoCli.message(e)) + ")");
            return 1;
        }
    }

    /** The wallet a command talks to: {@code --url}, else {@code WALLET_URL}, else the local one. */
    static final class Target {
        @Option(names = "--url", description = "the wallet (default WALLET_URL, else http://localhost:8080)")
        String url;

        String base(CasinoCli cli) {
            String chosen = url != null ? url : cli.config.string(WALLET_URL, "http://localhost:8080");
            return chosen.endsWith("/") ? chosen.substring(0, chosen.length() - 1) : chosen;
        }
    }

    @Command(name = "deposit", mixinStandardHelpOptions = true, description = "Deposits AMOUNT EUR into WALLET (POST /deposit) and prints the balance.")
    static final class Deposit implements Callable<Integer> {
        @ParentCommand
        CasinoCli cli;
        @Parameters(index = "0", paramLabel = "WALLET")
        String wallet;
        @Parameters(index = "1", paramLabel = "AMOUNT", description = "EUR, e.g. 80.50")
        BigDecimal amount;
        @Mixin
        Target wallets;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            if (amount.signum() <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "AMOUNT must be positive, got " + amount.toPlainString());
            String body = Json.write(new java.util.LinkedHashMap<>(java.util.Map.of("WalletID", wallet, "Amount", amount)));
            String target = wallets.base(cli);
            return send(cli, target, HttpRequest.newBuilder(URI.create(target + "/deposit"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        }
    }

    @Command(name = "details", mixinStandardHelpOptions = true, description = "Prints WALLET's balance and flags (GET /details/{id}).")
    static final class Details implements Callable<Integer> {
        @ParentCommand
        CasinoCli cli;
        @Parameters(index = "0", paramLabel = "WALLET")
        String wallet;
        @Mixin
        Target wallets;

        @Override
        public Integer call() throws InterruptedException {
            String target = wallets.base(cli);
            return send(cli, target, HttpRequest.newBuilder(URI.create(target + "/details/"
                    + URLEncoder.encode(wallet, StandardCharsets.UTF_8).replace("+", "%20"))).GET());
        }
    }
}
