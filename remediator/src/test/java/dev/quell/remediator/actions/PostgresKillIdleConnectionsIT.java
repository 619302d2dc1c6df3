package dev.quell.remediator.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quell.remediator.targets.PostgresTarget;
import dev.quell.service.config.Credential;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against the real PostgreSQL server on 127.0.0.1:5432 (scripts/prepare starts it), connecting as
 * a least-privilege role ({@code pg_signal_backend} + {@code pg_read_all_stats}, no superuser),
 * as docs/remediation.md tells operators to create it.
 */
class PostgresKillIdleConnectionsIT {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String OTHER_DATABASE_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final PostgresTarget TARGET = new PostgresTarget("test", URL, "quell_remediator",
            Credential.of("unused-with-trust-auth"), List.of("postgres_exporter"));

    private final PostgresKillIdleConnections action = new PostgresKillIdleConnections();
    private final List<Connection> sessions = new ArrayList<>();

    @BeforeAll
    static void createRoles() throws SQLException {
        try (Connection admin = open(URL, "postgres"); Statement sql = admin.createStatement()) {
            for (String role : List.of("quell_remediator", "app_user", "batch_user", "postgres_exporter")) {
                sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
                        + "') THEN CREATE ROLE " + role + " LOGIN; END IF; END $$");
            }
            sql.execute("GRANT pg_signal_backend, pg_read_all_stats TO quell_remediator");
        }
    }

    @AfterEach
    void closeSessions() {
        for (Connection session : sessions) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // already terminated
            }
        }
    }

    @Test
    void shouldTerminateOnlyTheLongIdleSessionsOfOrdinaryUsersInItsDatabase() throws Exception {
        List<Connection> oldIdle = List.of(idle(URL, "app_user"), idle(URL, "app_user"), idle(URL, "batch_user"));
        Connection superuser = idle(URL, "postgres");
        Connection protectedUser = idle(URL, "postgres_exporter");
        Connection excludedUser = idle(URL, "batch_user");
        Connection otherDatabase = idle(OTHER_DATABASE_URL, "app_user");
        Connection inTransaction = idleInTransaction("app_user");
        CompletableFuture<Void> active = busy("app_user");
        awaitIdleLongerThan(2, 5);
        Connection young = idle(URL, "app_user");

        ActionResult result = action.run(TARGET, ActionParams.of(Map.of("idleFor", "2s", "excludeUsers", "nobody")));

        assertThat(result.acted()).isTrue();
        assertThat(result.outcome()).startsWith("terminated 4 of 4");
        oldIdle.forEach(session -> assertThat(alive(session)).as("old idle session").isFalse());
        assertThat(alive(excludedUser)).as("batch_user is not excluded in this run").isFalse();
        assertThat(alive(superuser)).as("superuser").isTrue();
        assertThat(alive(protectedUser)).as("protected user of the target").isTrue();
        assertThat(alive(otherDatabase)).as("other database").isTrue();
        assertThat(alive(inTransaction)).as("idle in transaction, not enabled").isTrue();
        assertThat(alive(young)).as("idle for less than idleFor").isTrue();
        assertThat(active).as("active query still running").isNotDone();
        assertThat(action.verified(TARGET, ActionParams.of(Map.of("idleFor", "2s")), result)).isTrue();
    }

    @Test
    void shouldSpareExcludedUsersAndCapARunAtMaxConnections() throws Exception {
        idle(URL, "batch_user");
        idle(URL, "app_user");
        idle(URL, "app_user");
        idle(URL, "app_user");
        awaitIdleLongerThan(2, 4);

        ActionResult result = action.run(TARGET, ActionParams.of(Map.of("idleFor", "2s", "maxConnections", "2",
                "excludeUsers", "batch_user")));

        assertThat(result.outcome()).startsWith("terminated 2 of 3");
        assertThat(sessions.stream().filter(PostgresKillIdleConnectionsIT::alive).toList()).hasSize(2);
    }

    @Test
    void shouldTerminateIdleInTransactionOnlyWhenAskedTo() throws Exception {
        Connection inTransaction = idleInTransaction("app_user");
        awaitIdleLongerThan(2, 1);

        action.run(TARGET, ActionParams.of(Map.of("idleFor", "2s", "includeIdleInTransaction", "true")));

        assertThat(alive(inTransaction)).isFalse();
    }

    @Test
    void shouldSayWhenThereIsNothingToDo() throws Exception {
        ActionResult result = action.run(TARGET, ActionParams.of(Map.of("idleFor", "1h")));

        assertThat(result.acted()).isFalse();
        assertThat(result.outcome()).contains("no session idle longer than PT1H");
    }

    @Test
    void shouldRefuseUnknownAndBadParams() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> action.validate(
                ActionParams.of(Map.of("idleFr", "5m")), TARGET)).hasMessageContaining("unknown param 'idleFr'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> action.validate(
                ActionParams.of(Map.of("maxConnections", "0")), TARGET)).hasMessageContaining("param maxConnections");
    }

    private Connection idle(String url, String user) throws SQLException {
        Connection session = open(url, user);
        try (Statement sql = session.createStatement()) {
            sql.execute("SELECT 1");
        }
        sessions.add(session);
        return session;
    }

    private Connection idleInTransaction(String user) throws SQLException {
        Connection session = open(URL, user);
        session.setAutoCommit(false);
        try (Statement sql = session.createStatement()) {
            sql.execute("SELECT 1");
        }
        sessions.add(session);
        return session;
    }

    private CompletableFuture<Void> busy(String user) throws SQLException {
        Connection session = open(URL, user);
        sessions.add(session);
        return CompletableFuture.runAsync(() -> {
            try (Statement sql = session.createStatement()) {
                sql.execute("SELECT pg_sleep(20)");
            } catch (SQLException ended) {
                // closed by the test
            }
        });
    }

    /** Waits (bounded) until at least {@code count} idle client sessions of the test users are older than the threshold. */
    private static void awaitIdleLongerThan(int seconds, int count) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            try (Connection admin = open(URL, "postgres"); Statement sql = admin.createStatement();
                 var rows = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle%'"
                         + " AND usename IN ('app_user','batch_user') AND datname = 'test'"
                         + " AND state_change < now() - interval '" + seconds + " seconds'")) {
                rows.next();
                return rows.getInt(1) >= count;
            }
        });
    }

    private static boolean alive(Connection session) {
        try (Statement sql = session.createStatement()) {
            sql.execute("SELECT 1");
            return true;
        } catch (SQLException terminated) {
            return false;
        }
    }

    private static Connection open(String url, String user) throws SQLException {
        Properties props = new Properties();
        props.put("user", user);
        return DriverManager.getConnection(url, props);
    }
}
