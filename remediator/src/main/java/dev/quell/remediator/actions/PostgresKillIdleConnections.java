package dev.quell.remediator.actions;

import dev.quell.remediator.targets.PostgresTarget;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code postgres.kill-idle-connections}: the seeds' fix for an exhausted pool — terminate, with
 * {@code pg_terminate_backend}, the sessions of the target's database that have sat idle longer
 * than {@code idleFor}, the longest idle first, at most {@code maxConnections} per run. Never a
 * superuser's or a replication session, never its own, never a protected or excluded user's, and
 * {@code idle in transaction} only when {@code includeIdleInTransaction} says so. Parameterized
 * SQL only. Verified when fewer such sessions remain than it found.
 *
 * <p>The role it connects as needs {@code pg_signal_backend} and {@code pg_read_all_stats}
 * (without the latter, other users' {@code state} reads as NULL and nothing would match).
 */
public final class PostgresKillIdleConnections implements RemediationAction<PostgresTarget> {

    public static final String NAME = "postgres.kill-idle-connections";
    private static final Set<String> PARAMS = Set.of("idleFor", "maxConnections", "includeIdleInTransaction", "excludeUsers");

    private static final String CANDIDATES = """
            SELECT a.pid, a.usename, a.state
              FROM pg_stat_activity a
              LEFT JOIN pg_roles r ON r.oid = a.usesysid
             WHERE a.datname = current_database()
               AND a.pid <> pg_backend_pid()
               AND a.backend_type = 'client backend'
               AND a.state = ANY (?)
               AND a.state_change < now() - make_interval(secs => ?)
               AND NOT (a.usename = ANY (?))
               AND r.rolsuper IS NOT TRUE
               AND r.rolreplication IS NOT TRUE
             ORDER BY a.state_change
            """;
    private static final String TERMINATE = "WITH candidates AS (" + CANDIDATES + " LIMIT ?) "
            + "SELECT pid, usename, state, pg_terminate_backend(pid) AS terminated FROM candidates";
    private static final String COUNT = "SELECT count(*) FROM (" + CANDIDATES + ") AS idle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<PostgresTarget> targetType() {
        return PostgresTarget.class;
    }

    @Override
    public void validate(ActionParams params, PostgresTarget target) {
        params.allowOnly(PARAMS);
        settings(params, target);
    }

    @Override
    public ActionResult run(PostgresTarget target, ActionParams params) throws SQLException {
        Settings settings = settings(params, target);
        try (Connection connection = target.connect()) {
            long before = count(connection, settings);
            if (before == 0) {
                return new ActionResult(false, "no session idle longer than " + settings.idleFor(), 0);
            }
            List<String> terminated = new ArrayList<>();
            try (PreparedStatement kill = bind(connection.prepareStatement(TERMINATE), connection, settings)) {
                kill.setInt(4, settings.maxConnections());
                try (ResultSet rows = kill.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getBoolean("terminated")) {
                            terminated.add(rows.getInt("pid") + " (" + rows.getString("usename") + ", "
                                    + rows.getString("state") + ")");
                        }
                    }
                }
            }
            return new ActionResult(!terminated.isEmpty(), "terminated " + terminated.size() + " of " + before
                    + " sessions idle longer than " + settings.idleFor() + ": " + String.join(", ", terminated), before);
        }
    }

    @Override
    public boolean verified(PostgresTarget target, ActionParams params, ActionResult result) throws SQLException {
        try (Connection connection = target.connect()) {
            long now = count(connection, settings(params, target));
            return now == 0 || now < result.before();
        }
    }

    private static long count(Connection connection, Settings settings) throws SQLException {
        try (PreparedStatement count = bind(connection.prepareStatement(COUNT), connection, settings);
             ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static PreparedStatement bind(PreparedStatement statement, Connection connection, Settings settings)
            throws SQLException {
        Array states = connection.createArrayOf("text", settings.states().toArray());
        Array excluded = connection.createArrayOf("text", settings.excludedUsers().toArray());
        statement.setArray(1, states);
        statement.setDouble(2, settings.idleFor().toMillis() / 1000.0);
        statement.setArray(3, excluded);
        return statement;
    }

    private record Settings(Duration idleFor, int maxConnections, List<String> states, List<String> excludedUsers) {
    }

    private static Settings settings(ActionParams params, PostgresTarget target) {
        Duration idleFor = params.duration("idleFor", Duration.ofMinutes(5));
        int max = params.integer("maxConnections", 10, 1, 1000);
        List<String> states = params.bool("includeIdleInTransaction", false)
                ? List.of("idle", "idle in transaction", "idle in transaction (aborted)")
                : List.of("idle");
        List<String> excluded = new ArrayList<>(target.protectedUsers());
        excluded.addAll(params.list("excludeUsers"));
        return new Settings(idleFor, max, states, excluded);
    }
}
