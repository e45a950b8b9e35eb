package casino.common.http;

import java.util.function.Supplier;

/** One dependency that must be up for a service to be ready; shown by {@code GET /ready}. */
public interface ReadinessCheck {
    String name();

    Status check();

    record Status(boolean ready, String detail) {}

    static ReadinessCheck of(String name, Supplier<Status> check) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Status check() {
                try {
                    return check.get();
                } catch (RuntimeException e) {
                    return new Status(false, e.toString());
                }
            }
        };
    }
}
