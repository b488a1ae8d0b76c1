package dev.fulcrum.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts the SQL statements the PostgreSQL JDBC driver sends from the current thread (each element of a JDBC batch
 * counts), by listening to the driver's protocol log: a measuring aid for tests, not an assertion of speed.
 */
public final class StatementCounter implements AutoCloseable {

    private static final Logger DRIVER = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

    private final AtomicLong statements = new AtomicLong();
    private final long thread = Thread.currentThread().threadId();
    private final Level previousLevel = DRIVER.getLevel();
    private final boolean previousParents = DRIVER.getUseParentHandlers();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getLongThreadID() == thread
                    && message != null
                    && (message.startsWith(" FE=> Execute") || message.startsWith(" FE=> SimpleQuery"))) {
                statements.incrementAndGet();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private StatementCounter() {
        DRIVER.setUseParentHandlers(false);
        DRIVER.addHandler(handler);
        DRIVER.setLevel(Level.FINEST);
    }

    /** Starts counting the current thread's statements until closed. */
    public static StatementCounter start() {
        return new StatementCounter();
    }

    public long statements() {
        return statements.get();
    }

    @Override
    public void close() {
        DRIVER.removeHandler(handler);
        DRIVER.setLevel(previousLevel);
        DRIVER.setUseParentHandlers(previousParents);
    }
}
