package com.example.giftcards.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Connection settings of the two databases ({@code ERP_DB_*}, {@code STATE_DB_*}; H2 files under the data directory when unset). */
@ConfigurationProperties("gift")
public record DatabaseProperties(Connection erpDb, Connection stateDb) {

    public record Connection(String url, String user, String password) {
        @Override
        public String toString() { // never print the password
            return "Connection[url=" + url + ", user=" + user + "]";
        }
    }
}
