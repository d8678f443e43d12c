package ge.wardops.alerting;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A real PostgreSQL connection that counts the SQL statements sent through it: every execute of a
 * statement is one (a JDBC batch counts as its number of rows, so batching cannot hide statements).
 */
final class CountingConnection {

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");

    final List<String> statements = new ArrayList<>();
    final Connection connection;

    CountingConnection(Connection real) {
        connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (result instanceof PreparedStatement ps && method.getName().equals("prepareStatement")) {
                        return counting(ps, (String) args[0], PreparedStatement.class);
                    }
                    if (result instanceof Statement s && method.getName().equals("createStatement")) {
                        return counting(s, null, Statement.class);
                    }
                    return result;
                });
    }

    private <T extends Statement> T counting(T real, String sql, Class<T> type) {
        List<String> batch = new ArrayList<>();
        InvocationHandler h = (proxy, method, args) -> {
            String name = method.getName();
            if (EXECUTES.contains(name)) {
                statements.add(sql != null ? sql : (String) args[0]);
            } else if (name.equals("addBatch")) {
                batch.add(sql != null ? sql : (String) args[0]);
            } else if (name.startsWith("executeBatch") || name.startsWith("executeLargeBatch")) {
                statements.addAll(batch);
                batch.clear();
            }
            return invoke(real, method, args);
        };
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
