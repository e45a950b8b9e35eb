package casino.common.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful shutdown on SIGTERM/SIGINT: closes the registered parts in reverse order of
 * registration (HTTP first if registered last), each failure logged and the rest still closed.
 */
public final class Shutdown {
    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final String service;

    private Shutdown(String service) {
        this.service = service;
    }

    /** Installs the JVM shutdown hook; register parts as they start. */
    public static Shutdown install(String service) {
        Shutdown s = new Shutdown(service);
        Runtime.getRuntime().addShutdownHook(new Thread(s::closeAll, service + "-shutdown"));
        return s;
    }

    public synchronized <T extends AutoCloseable> T register(T part) {
        parts.add(part);
        return part;
    }

    public void closeAll() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(parts);
            parts.clear();
        }
        if (!toClose.isEmpty()) log.info("{} shutting down", service);
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                log.warn("error closing {}", toClose.get(i), e);
            }
        }
        done.countDown();
    }

    /** Blocks the main thread until shutdown has finished. */
    public void await() throws InterruptedException {
        done.await();
    }
}
