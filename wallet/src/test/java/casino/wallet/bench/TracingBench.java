package casino.wallet.bench;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.tracing.Tracing;
import casino.infra.OtlpSink;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark (asserts nothing): the cost of tracing on {@code POST /deposit}, one wallet, the modes
 * alternating in one run so that the machine's other load falls on each alike. Modes: "none" (an SDK
 * without processors: a no-op tracer, no ids, no headers: as before tracing), "off" (the default
 * without OTEL_EXPORTER_OTLP_ENDPOINT: ids made and propagated, nothing recorded), "on" (every span
 * recorded and exported by OTLP/HTTP to a sink in this JVM that reads and drops them).
 * Settings: BENCH_SECONDS (15) per measured round, BENCH_WARM_UP_SECONDS (60) once, BENCH_TRACING_WARM_UP_SECONDS
 * (10) before each round, BENCH_TRACING_ROUNDS (2), BENCH_CONNECTIONS (256), BENCH_WALLETS, BENCH_PARTITIONS.
 */
@Tag("bench")
class TracingBench {
    static final int ROUND_WARM_UP = WalletBench.setting("BENCH_TRACING_WARM_UP_SECONDS", 10);
    static final int ROUNDS = WalletBench.setting("BENCH_TRACING_ROUNDS", 2);

    @Test
    void depositsWithTracingNoneOffAndOn(@TempDir Path dir) throws Exception {
        Wrk.requireInstalled();
        OtlpSink sink = new OtlpSink();
        Config on = Config.of(Map.of(Tracing.OTLP_ENDPOINT, sink.endpoint()));
        Map<String, String> env = WalletFixture.env("tracing-bench", dir);
        env.put(CommonSettings.TOPIC_PARTITIONS, Integer.toString(WalletBench.PARTITIONS));
        List<Wrk.Result> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (WalletService wallet = WalletService.start(WalletFixture.config(env))) {
            String base = "http://127.0.0.1:" + wallet.port();
            WalletBench.seed(base);
            Wrk.run("warm-up", "deposit", base, WalletBench.CONNECTIONS, WalletBench.WARM_UP, WalletBench.WRK_ENV);
            for (int round = 1; round <= ROUNDS; round++) {
                for (String mode : List.of("none", "off", "on")) {
                    switch (mode) {
                        case "none" -> Tracing.install(OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().build()).build());
                        case "off" -> Tracing.reset();
                        default -> Tracing.start("wallet", on);
                    }
                    Wrk.run("warm-up", "deposit", base, WalletBench.CONNECTIONS, ROUND_WARM_UP, WalletBench.WRK_ENV);
                    long bytesBefore = sink.bytes();
                    long exportsBefore = sink.exports();
                    results.add(Wrk.run("POST /deposit, tracing " + mode + " (round " + round + ")", "deposit", base,
                            WalletBench.CONNECTIONS, WalletBench.SECONDS, WalletBench.WRK_ENV));
                    Tracing.flush();
                    if (mode.equals("on")) {
                        notes.add(String.format("round %d: %d OTLP exports, %.1f MB of spans", round, sink.exports() - exportsBefore,
                                (sink.bytes() - bytesBefore) / 1e6));
                    }
                }
            }
        } finally {
            Tracing.reset();
            sink.close();
        }
        System.out.println();
        System.out.printf("=== tracing cost on the wallet (%d cores, %d wallets, wrk -t2) ===%n",
                Runtime.getRuntime().availableProcessors(), WalletBench.WALLETS);
        results.forEach(r -> System.out.println(r.line()));
        notes.forEach(System.out::println);
    }
}
