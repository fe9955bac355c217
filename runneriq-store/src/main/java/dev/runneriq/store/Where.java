package dev.runneriq.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/**
 * A WHERE clause made of the filters that are set: a filter whose value is null means "any" and
 * adds nothing. Values are bound by name, never written into the SQL.
 */
final class Where {
  private final StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
  private final Map<String, Object> values = new LinkedHashMap<>();

  /** Adds {@code condition}, which names {@code :name}, when {@code value} is set. */
  Where and(String condition, String name, @Nullable Object value) {
    if (value != null) {
      sql.append(" AND ").append(condition);
      values.put(name, value);
    }
    return this;
  }

  /**
   * One page of the rows {@code select} gives under this clause, in {@code order}: the rows {@code
   * offset} to {@code offset + limit}.
   */
  <T> List<T> page(
      Handle h, String select, String order, int limit, int offset, RowMapper<T> mapper) {
    Query query =
        h.createQuery(select + sql + " ORDER BY " + order + " LIMIT :limit OFFSET :offset");
    values.forEach(query::bind);
    return query.bind("limit", limit).bind("offset", offset).map(mapper).list();
  }
}
