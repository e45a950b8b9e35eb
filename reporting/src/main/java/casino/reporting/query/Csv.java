package casino.reporting.query;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** RFC 4180 rows: every field quoted, quotes doubled, CRLF line ends. */
public final class Csv {
    private Csv() {}

    public static void writeRow(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) out.write(',');
            out.write('"');
            String f = fields.get(i);
            if (f != null) {
                if (f.indexOf('"') < 0) out.write(f);
                else out.write(f.replace("\"", "\"\""));
            }
            out.write('"');
        }
        out.write("\r\n");
    }
}
