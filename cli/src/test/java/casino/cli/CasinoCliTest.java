package casino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.infra.ChildJvm;
import casino.infra.TestInfra;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every command of {@code casino} and its exit codes, on the real in-process broker and embedded Postgres. */
class CasinoCliTest {

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Result casino(Config config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CasinoCli.execute(config, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result casino(String... args) {
        return casino(Config.of(Map.of()), args);
    }

    @Test
    void help_version_and_completion_exit_0() {
        Result help = casino("--help");
        assertEquals(0, help.code());
        for (String command : List.of("run", "db", "topics", "generate", "deposit", "details")) {
            assertTrue(help.out().contains(command), "help lists " + command + ":\n" + help.out());
        }
        Result version = casino("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().matches("casino-streams \\d+\\.\\d+\\.\\d+.*\\s*"), version.out());
        Result completion = casino("generate-completion");
        assertEquals(0, completion.code());
        assertTrue(completion.out().contains("complete -F"), "a bash completion script");
    }

    @Test
    void run_exists_tells_whether_a_service_is_built_into_the_classpath() {
        assertEquals(0, casino("run", "--exists", "wallet").code());
        assertEquals(0, casino("run", "--exists", "reporting").code());
        assertEquals(2, casino("run", "--exists", "casino-royale").code(), "an unknown name is bad usage");
        assertEquals(2, casino("run", "--exists", "wallet", "enricher").code(), "one service at a time");
    }

    @Test
    void bad_usage_exits_2_with_one_line_naming_the_option() {
        Map<List<String>, String> cases = Map.of(
                List.of("--bogus"), "--bogus",
                List.of(), "command",
                List.of("deposit", "w-1"), "AMOUNT",
                List.of("deposit", "w-1", "ten"), "AMOUNT",
                List.of("deposit", "w-1", "0"), "AMOUNT",
                List.of("run", "casino-royale"), "casino-royale",
                List.of("db", "clean"), "--yes",
                List.of("topics", "create", "t", "--partitions", "0"), "--partitions",
                List.of("generate", "--rate", "fast"), "--rate");
        cases.forEach((args, named) -> {
            Result r = casino(args.toArray(String[]::new));
            assertEquals(2, r.code(), args + " -> " + r);
            assertEquals(1, r.errLines().size(), args + " prints one line: " + r.err());
            assertTrue(r.err().contains(named), args + " names " + named + ": " + r.err());
        });
    }

    @Test
    void db_migrate_info_and_a_guarded_clean() {
        TestInfra.database();
        Config config = TestInfra.config();

        assertEquals(0, casino(config, "db", "migrate").code());
        Result info = casino(config, "db", "info");
        assertEquals(0, info.code());
        assertTrue(info.out().contains("players") && info.out().contains("Success"), info.out());

        Result refused = casino(config, "db", "clean", "--yes");
        assertEquals(1, refused.code(), "clean without DB_ALLOW_CLEAN=true is refused");
        assertTrue(refused.err().contains("DB_ALLOW_CLEAN"), refused.err());
        assertTrue(casino(config, "db", "info").out().contains("Success"), "nothing was dropped");

        Config allowed = config.with(Map.of(DbCommand.ALLOW_CLEAN, "true"));
        assertEquals(0, casino(allowed, "db", "clean", "--yes").code());
        assertTrue(casino(config, "db", "info").out().contains("Pending"), "the schema is gone");
        assertEquals(0, casino(config, "db", "migrate").code(), "and migrates again");
        assertTrue(casino(config, "db", "info").out().contains("Success"));

        Config nowhere = Config.of(Map.of(CommonSettings.DATABASE_URL, "jdbc:postgresql://127.0.0.1:" + ChildJvm.freePort() + "/none"));
        assertEquals(1, casino(nowhere, "db", "info").code(), "an unreachable database fails");
    }

    @Test
    void topics_create_list_describe() {
        Config config = TestInfra.config();
        String topic = "cli-" + UUID.randomUUID();

        Result created = casino(config, "topics", "create", topic, "--partitions", "2");
        assertEquals(0, created.code(), created.err());
        assertTrue(casino(config, "topics", "list").out().lines().anyMatch(topic::equals));
        Result described = casino(config, "topics", "describe", topic);
        assertEquals(0, described.code());
        assertTrue(described.out().contains("partitions=2"), described.out());

        assertEquals(1, casino(config, "topics", "describe", "no-such-" + topic).code());
        Config nowhere = Config.of(Map.of(CommonSettings.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:" + ChildJvm.freePort()));
        assertEquals(1, casino(nowhere, "topics", "list", "--timeout", "2s").code(), "an unreachable broker fails");
    }

    @Test
    void generate_publishes_the_events_asked_for() {
        Config config = TestInfra.config(Map.of("GENERATOR_PORT", "0"));
        Result r = casino(config, "generate", "--count", "5", "--seed", "7", "--max");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void run_wallet_then_deposit_and_details_against_it_with_its_key() throws Exception {
        Path state = Files.createTempDirectory("cli-wallet");
        Path log = Files.createTempFile("cli-wallet", ".log");
        String unique = "cli" + UUID.randomUUID().toString().substring(0, 8);
        int port = ChildJvm.freePort();
        Map<String, String> env = new HashMap<>();
        env.put(CommonSettings.KAFKA_BOOTSTRAP_SERVERS, TestInfra.kafka().bootstrapServers());
        env.put("WALLET_PORT", Integer.toString(port));
        env.put("WALLET_APPLICATION_ID", "wallet-" + unique);
        env.put("WALLET_TOPIC_PREFIX", unique + ".");
        env.put("WALLET_CASINO_TOPIC", unique + ".casino.events.enriched");
        env.put(CommonSettings.STATE_DIR, state.toString());
        env.put(CommonSettings.TOPIC_PARTITIONS, "2");
        env.put("API_KEYS", "cli-test:s3cret");
        Process wallet = ChildJvm.start(CasinoCli.class, List.of("-Xmx256m"), env, log, "run", "wallet");
        try {
            ChildJvm.awaitReady(wallet, port, log, Duration.ofSeconds(120));
            Config anonymous = Config.of(Map.of(WalletCommands.WALLET_URL, "http://localhost:" + port));
            Result refused = casino(anonymous, "deposit", "w-cli", "1");
            assertEquals(1, refused.code(), "no key: the wallet answers 401");
            assertTrue(refused.err().contains("401"), refused.err());
            Config config = anonymous.with(Map.of(WalletCommands.API_KEY, "s3cret"));

            Result deposit = casino(config, "deposit", "w-cli", "80.50");
            assertEquals(0, deposit.code(), deposit.err());
            assertTrue(deposit.out().contains("80.5"), deposit.out());
            Result details = casino(config, "details", "w-cli");
            assertEquals(0, details.code(), details.err());
            assertTrue(details.out().contains("80.5"), details.out());

            Result unknown = casino(config, "details", "nobody-" + unique);
            assertEquals(1, unknown.code(), "a 404 fails");
            assertTrue(unknown.err().contains("404"), unknown.err());
        } finally {
            wallet.destroy(); // SIGTERM: a graceful stop
            assertTrue(wallet.waitFor(30, TimeUnit.SECONDS), "the wallet stops on SIGTERM");
        }
        Result down = casino(Config.of(Map.of(WalletCommands.WALLET_URL, "http://localhost:" + port,
                WalletCommands.API_KEY, "s3cret")), "details", "w-cli");
        assertEquals(1, down.code(), "an unreachable wallet fails");
        assertTrue(down.err().contains("cannot reach"), down.err());
    }
}
