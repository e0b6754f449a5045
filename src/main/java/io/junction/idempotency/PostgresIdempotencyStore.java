package io.junction.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys in PostgreSQL, shared by every gateway that points at the same database. A claim is one atomic statement
 * (INSERT ... ON CONFLICT), so two gateways receiving the same event at the same moment cannot both process it.
 * The table is created by the gateway; rows older than the window are purged periodically.
 */
public final class PostgresIdempotencyStore implements IdempotencyStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresIdempotencyStore.class);
    static final String TABLE = "junction_idempotency";

    private final DataSource dataSource;
    private final Duration window;
    private final ScheduledExecutorService purger;

    public PostgresIdempotencyStore(DataSource dataSource, Duration window) throws SQLException {
        this.dataSource = dataSource;
        this.window = window;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (scope TEXT NOT NULL, key TEXT NOT NULL, "
                    + "done BOOLEAN NOT NULL, updated_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (scope, key))");
            s.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_updated ON " + TABLE + " (updated_at)");
        }
        purger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "junction-idempotency-purge");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(60, window.toSeconds() / 10);
        purger.scheduleWithFixedDelay(this::purge, every, every, TimeUnit.SECONDS);
    }

    @Override
    public boolean claim(String scope, String key, Duration lease) {
        // Inserted: new key. Updated: the previous claim's lease ran out (its gateway died). Neither: a duplicate.
        String sql = "INSERT INTO " + TABLE + " (scope, key, done, updated_at) VALUES (?, ?, false, now()) "
                + "ON CONFLICT (scope, key) DO UPDATE SET updated_at = now() "
                + "WHERE " + TABLE + ".done = false AND " + TABLE + ".updated_at < ?";
        return update(sql, scope, key, Timestamp.from(Instant.now().minus(lease))) == 1;
    }

    @Override
    public void complete(String scope, String key) {
        update("UPDATE " + TABLE + " SET done = true, updated_at = now() WHERE scope = ? AND key = ?", scope, key, null);
    }

    @Override
    public void release(String scope, String key) {
        update("DELETE FROM " + TABLE + " WHERE scope = ? AND key = ? AND done = false", scope, key, null);
    }

    @Override
    public boolean done(String scope, String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT done FROM " + TABLE + " WHERE scope = ? AND key = ?")) {
            ps.setString(1, scope);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("idempotency store: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean seen(String scope, String key, Duration lease) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT done, updated_at FROM " + TABLE
                        + " WHERE scope = ? AND key = ?")) {
            ps.setString(1, scope);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && (rs.getBoolean(1)
                        || rs.getTimestamp(2).toInstant().plus(lease).isAfter(Instant.now()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("idempotency store: " + e.getMessage(), e);
        }
    }

    private int update(String sql, String scope, String key, Timestamp before) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, scope);
            ps.setString(2, key);
            if (before != null) {
                ps.setTimestamp(3, before);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            // Failing the exchange is right: the source is not acknowledged and the event comes again.
            throw new IllegalStateException("idempotency store: " + e.getMessage(), e);
        }
    }

    void purge() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE updated_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(window)));
            int n = ps.executeUpdate();
            LOG.debug("Purged {} idempotency keys older than {}", n, window);
        } catch (SQLException e) {
            LOG.warn("Purging idempotency keys: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        purger.shutdownNow();
    }
}
