package dev.headshots.ingest.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the local stack's Postgres directly, for what the API deliberately does not show. */
public final class Database {

    /**
     * The local stack's database the tests use: {@code headshots}, or the one {@code HEADSHOTS_LOCAL_DB} names (as the
     * application's {@code %test} profile does), so that two working copies on one machine keep their schemas apart.
     */
    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/"
            + System.getenv().getOrDefault("HEADSHOTS_LOCAL_DB", "headshots");

    private Database() {
    }

    /** The single long of {@code sql}'s first row, with {@code parameters} bound in order. */
    public static long queryLong(String sql, Object... parameters) {
        return first(sql, parameters, rows -> rows.getLong(1));
    }

    /** The single text of {@code sql}'s first row, with {@code parameters} bound in order. */
    public static String queryText(String sql, Object... parameters) {
        return first(sql, parameters, rows -> rows.getString(1));
    }

    /** The first column of every row of {@code sql}, as text. */
    public static List<String> queryTexts(String sql, Object... parameters) {
        try (Connection connection = connect();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<String> texts = new ArrayList<>();
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
            return texts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@code column} reads from the first row of {@code sql}. */
    private static <T> T first(String sql, Object[] parameters, Column<T> column) {
        try (Connection connection = connect();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return column.read(rows);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Column<T> {

        T read(ResultSet rows) throws SQLException;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "headshots", "headshots");
    }
}
