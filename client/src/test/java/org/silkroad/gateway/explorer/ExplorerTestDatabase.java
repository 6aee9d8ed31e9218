package org.silkroad.gateway.explorer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The database the explorer's unit tests keep an index in: a fresh in-memory H2 in PostgreSQL mode (as the network
 * scripts run the gateway) by default; a fresh schema of a PostgreSQL server when the system property
 * {@value #POSTGRESQL_PROPERTY} holds that server's JDBC URL. The test command starts a throwaway server and runs these
 * tests a second time on it, when PostgreSQL is installed (test-network/lib/postgresql.sh).
 */
final class ExplorerTestDatabase {

    static final String POSTGRESQL_PROPERTY = "silkroad.test.explorer.postgresql";
    private static final String POSTGRESQL = System.getProperty(POSTGRESQL_PROPERTY, "");

    private ExplorerTestDatabase() {}

    static boolean onPostgresql() {
        return !POSTGRESQL.isEmpty();
    }

    /** A data source that opens a new connection each time, on a database of its own named after {@code name}. */
    static DataSource fresh(String name) {
        String url = url(name);
        return onPostgresql() ? new SimpleDriverDataSource(new org.postgresql.Driver(), url)
                : new SimpleDriverDataSource(new org.h2.Driver(), url);
    }

    /** One connection, as a pool would lend, on a database of its own named after {@code name}. */
    static SingleConnectionDataSource freshSingleConnection(String name) {
        return new SingleConnectionDataSource(url(name), true);
    }

    /**
     * The URL of a new, empty database: an in-memory H2 database, or a new schema on the PostgreSQL server (its name
     * made of {@code name}'s letters and digits) that the URL makes the connection's current one.
     */
    private static String url(String name) {
        if (!onPostgresql()) {
            return "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        }
        String schema = "t_" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        schema = schema.substring(0, Math.min(schema.length(), 63));
        try (Connection connection = DriverManager.getConnection(POSTGRESQL);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + " on " + POSTGRESQL, e);
        }
        return POSTGRESQL + (POSTGRESQL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
