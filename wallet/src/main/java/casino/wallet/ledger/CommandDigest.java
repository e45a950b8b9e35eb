package casino.wallet.ledger;

import casino.contract.wallet.WireNames;
import casino.contract.wallet.proto.CreateWallet;
import casino.contract.wallet.proto.PostTransaction;
import casino.contract.wallet.proto.TransferOut;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay must match: the command without its event time and request id (each {@link Handler#digest}).
 * A posted transaction or a transfer is compared by a SHA-256 of its canonical text (amount as a number, so
 * 5 == 5.00; labels in key order), so a long description costs the fingerprint store nothing. The canonical
 * text is a JSON array written here, byte for byte as Jackson wrote it before (stored digests stay valid).
 */
final class CommandDigest {
    private CommandDigest() {}

    /** A create as its client asked for it: the id only if the client chose it; not the time. */
    static String ofCreate(CreateWallet create) {
        return sha256(json(List.of(create.getIdGiven() ? create.getWalletId() : "",
                create.getExternalId(), create.getCurrency(), new TreeMap<>(create.getLabelsMap()), create.getInitialMinor())));
    }

    /** A transfer as its client asked for it: target, amount as a number, currency, description, labels. */
    static String canonical(TransferOut t) {
        return json(List.of(t.getToWalletId(), number(t.getAmount()), t.getCurrency(), t.getDescription(), new TreeMap<>(t.getLabelsMap())));
    }

    static String canonical(PostTransaction post) {
        String amount = post.getAmount().isEmpty() ? "minor:" + post.getAmountMinor() : number(post.getAmount());
        // the currency joins the digest only when sent, so digests of earlier commands stay the same
        List<Object> parts = new ArrayList<>(List.of(WireNames.of(Posts.kindOf(post)), amount, post.getDescription(),
                new TreeMap<>(post.getLabelsMap())));
        if (!post.getCurrency().isEmpty()) parts.add(post.getCurrency());
        return json(parts);
    }

    private static String number(String text) {
        try {
            return new BigDecimal(text).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return "text:" + text;
        }
    }

    static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compact JSON of strings, longs, lists and maps, escaped as Jackson escapes by default. */
    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case String s -> string(out, s);
            case Long n -> out.append(n.longValue());
            case Integer n -> out.append(n.intValue());
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) out.append(',');
                    write(out, list.get(i));
                }
                out.append(']');
            }
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) out.append(',');
                    first = false;
                    string(out, (String) e.getKey());
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException("no canonical JSON for " + value.getClass());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04X", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
