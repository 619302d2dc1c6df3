package dev.quell.remediator.targets;

import dev.quell.service.config.Credential;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * A configured PostgreSQL database ({@code quell.targets.postgres.<name>}): its JDBC URL, the
 * least-privilege role Quell connects as, and users whose sessions are never touched.
 */
public record PostgresTarget(String name, String jdbcUrl, String username, Credential password,
                             List<String> protectedUsers) implements Target {

    public PostgresTarget {
        protectedUsers = List.copyOf(protectedUsers);
    }

    @Override
    public String id() {
        return "postgres/" + name;
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.put("user", username);
        props.put("password", password.reveal());
        props.put("ApplicationName", "quell-remediator");
        props.put("connectTimeout", "5");
        props.put("socketTimeout", "30");
        return DriverManager.getConnection(jdbcUrl, props);
    }
}
