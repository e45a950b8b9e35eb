package casino.reporting.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.infra.TestInfra;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary COPY rows against the real Postgres: what goes in as binary reads back as the same text. */
class CopyRowsIT {
    @Test
    void givenDecimalsTimesTextAndJson_whenCopiedInBinary_thenPostgresReadsBackTheSameValues() throws Exception {
        // Given decimals of every shape (zero, signs, scales 0 to 8, past a long), times to the microsecond, UTF-8 and NULL
        List<String> decimals = List.of("0", "0.00", "-0.01", "1.25", "-1.25", "100.00", "10000", "0.00000001", "-21000000.00000000",
                "12345678.9", "99999999999999999999999.123456789", "1E+3", "0.5");
        List<String> expected = new ArrayList<>();
        CopyRows rows = CopyRows.binary(decimals.size());
        Instant t = Instant.parse("2026-11-30T18:46:00.123456Z");
        for (String d : decimals) {
            rows.row(4);
            rows.numeric(new BigDecimal(d));
            rows.timestamptz(t);
            rows.text(d.startsWith("-") ? null : "é \"" + d + "\" ✓");
            rows.jsonb("{\"k\": \"" + d + "\"}");
            expected.add(new BigDecimal(d).toPlainString() + "|" + t + "|" + (d.startsWith("-") ? null : "é \"" + d + "\" ✓")
                    + "|{\"k\": \"" + d + "\"}");
        }
        // When they are copied into a table in Postgres' binary format
        List<String> read = new ArrayList<>();
        try (Connection c = TestInfra.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE copy_rows (n numeric, t timestamptz, s text, j jsonb)");
            rows.copyIn(c, "COPY copy_rows FROM STDIN WITH (FORMAT binary)", true);
            try (ResultSet rs = s.executeQuery("SELECT n::text, t, s, j::text FROM copy_rows")) {
                while (rs.next()) {
                    read.add(rs.getString(1) + "|" + rs.getTimestamp(2).toInstant() + "|" + rs.getString(3) + "|" + rs.getString(4));
                }
            }
        }
        // Then Postgres holds exactly the same values (numeric text as BigDecimal's plain form)
        assertEquals(expected, read);
    }
}
