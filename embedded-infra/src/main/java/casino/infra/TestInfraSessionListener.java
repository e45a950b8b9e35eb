package casino.infra;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared test broker and Postgres when the JUnit launcher session of a test JVM ends,
 * before surefire exits the JVM (registered through META-INF/services).
 */
public final class TestInfraSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestInfra.stopAll();
    }
}
