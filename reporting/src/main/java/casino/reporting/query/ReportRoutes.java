package casino.reporting.query;

import casino.common.http.ApiException;
import casino.common.json.Json;
import casino.common.money.Currencies;
import casino.reporting.query.ReportParams.Window;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporting routes: operations of a wallet as JSON, CSV (streamed) and totals, and label search.
 * Every answer carries {@code X-Data-As-Of}, the time of the newest event mirrored (the epoch before
 * the first). Postgres unreachable: 503 with Retry-After.
 */
public final class ReportRoutes {
    private static final Logger log = LoggerFactory.getLogger(ReportRoutes.class);
    public static final String DATA_AS_OF = "X-Data-As-Of";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private final ReportQuery query;
    private final Supplier<Instant> asOf;
    private final Clock clock;

    public ReportRoutes(ReportQuery query, Supplier<Instant> asOf, Clock clock) {
        this.query = query;
        this.asOf = asOf;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.before(ctx -> {
            Instant t = asOf.get();
            ctx.header(DATA_AS_OF, Json.formatInstant(t == null ? Instant.EPOCH : t));
        });
        app.exception(SQLException.class, (e, ctx) -> {
            log.warn("database unavailable for {} {}: {}", ctx.method(), ctx.path(), e.toString());
            ctx.header("Retry-After", "5").status(503).json(error("database unavailable", null));
        });
        app.get("/operations/file/{walletId}", this::csv);
        app.get("/operations/total/{walletId}", this::totals);
        app.get("/operations/{walletId}", this::operations);
        app.get("/holds/{walletId}", this::holds);
        app.get("/search/wallets", this::searchWallets);
        app.get("/search/transactions", this::searchTransactions);
    }

    private void operations(Context ctx) throws SQLException {
        Window window = ReportParams.window(ctx.queryParamMap(), clock);
        ReportParams.Page page = ReportParams.page(ctx.queryParamMap());
        String wallet = existingWallet(ctx).id();
        ReportQuery.Found found = query.operations(wallet, window, page);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("wallet", wallet);
        body.put("operations", found.rows());
        body.put("total", found.total());
        ctx.json(body);
    }

    /**
     * The CSV download. Nothing is written before the answer's status is known: parameters, the wallet
     * and the query's first round trip (the COPY sent, its first row read: {@link CsvCopy#open}) come first, each failure a JSON error. A
     * failure once rows are streaming can no longer change the status: the connection is aborted, so
     * the client sees a truncated download, never a JSON error glued to CSV rows.
     */
    private void csv(Context ctx) throws Exception {
        Window window = ReportParams.window(ctx.queryParamMap(), clock);
        String wallet = existingWallet(ctx).id();
        String file = "operations-" + wallet.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + FILE_TIME.format(window.from())
                + "-" + FILE_TIME.format(window.to()) + ".csv";
        try (CsvCopy copy = query.openCsvCopy(wallet, window)) {
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
            try {
                OutputStream out = new BufferedOutputStream(ctx.outputStream(), 1 << 16);
                copy.writeTo(out);
                out.flush();
            } catch (SQLException | java.io.IOException | RuntimeException e) {
                abort(ctx, e);
            }
        }
    }

    /** Ends the answer without a proper end (the connection is closed): its status is sent already. */
    private static void abort(Context ctx, Exception e) {
        log.warn("CSV export of {} failed after streaming began; aborting the connection: {}", ctx.path(), e.toString());
        try {
            org.eclipse.jetty.server.Request.getBaseRequest(ctx.req()).getHttpChannel().abort(e);
        } catch (RuntimeException notJetty) {
            log.warn("could not abort the connection: {}", notJetty.toString());
        }
    }

    private void totals(Context ctx) throws SQLException {
        Window window = ReportParams.window(ctx.queryParamMap(), clock);
        ReportQuery.Wallet wallet = existingWallet(ctx);
        String currency = wallet.currency();
        ReportQuery.Totals totals = query.totals(wallet.id(), window, Currencies.STANDARD.scaleOf(currency));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("wallet", wallet.id());
        body.put("currency", currency);
        body.put("in", totals.in());
        body.put("out", totals.out());
        body.put("count", totals.count());
        ctx.json(body);
    }

    /** The wallet's holds, open and closed, newest first; {@code ?status=held|captured|voided|expired}, paged like operations. */
    private void holds(Context ctx) throws SQLException {
        String status = ctx.queryParam("status");
        if (status != null && !java.util.Set.of("held", "captured", "voided", "expired").contains(status)) {
            throw new ApiException(400, "status must be held, captured, voided or expired", "status");
        }
        String wallet = existingWallet(ctx).id();
        ReportQuery.Found found = query.holds(wallet, status, ReportParams.page(ctx.queryParamMap()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("wallet", wallet);
        body.put("holds", found.rows());
        body.put("total", found.total());
        ctx.json(body);
    }

    private void searchWallets(Context ctx) throws SQLException {
        var labels = ReportParams.labels(ctx.queryParamMap());
        ReportQuery.Found found = query.searchWallets(labels, ReportParams.page(ctx.queryParamMap()));
        ctx.json(Map.of("wallets", found.rows(), "total", found.total()));
    }

    private void searchTransactions(Context ctx) throws SQLException {
        var labels = ReportParams.labels(ctx.queryParamMap());
        String wallet = ReportParams.optionalText(ctx.queryParamMap(), "wallet");
        ReportQuery.Found found = query.searchTransactions(labels, wallet, ReportParams.page(ctx.queryParamMap()));
        ctx.json(Map.of("transactions", found.rows(), "total", found.total()));
    }

    private ReportQuery.Wallet existingWallet(Context ctx) throws SQLException {
        String id = ctx.pathParam("walletId");
        return query.wallet(id).orElseThrow(() -> new ApiException(404, "no wallet " + id + " (yet) in the report", "walletId"));
    }

    private static Map<String, Object> error(String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        return body;
    }
}
