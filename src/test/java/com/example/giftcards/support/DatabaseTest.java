package com.example.giftcards.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test whose outcome depends on the SQL dialect: the ERP's SQL files, the state database's SQL, or the whole
 * pipeline through them. CI runs the whole suite on H2, then only these ({@code -Dgroups=database}) with
 * {@code ERP_DB_URL} on PostgreSQL and on MariaDB (see .ci/run and {@link TestErpDatabase}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("database")
public @interface DatabaseTest {
}
